package org.panopt.algorithms.bregman;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import org.panopt.algorithms.geometry.CostMatrix;
import org.panopt.algorithms.geometry.Geometry;
import org.panopt.algorithms.geometry.PointCloud;
import org.panopt.algorithms.sinkhorn.Sinkhorn;
import org.panopt.algorithms.sinkhorn.SinkhornOptions;
import org.panopt.algorithms.sinkhorn.SinkhornResult;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;
import org.panopt.kernels.fused.LogSumExp;
import org.panopt.kernels.fused.Softmax;
import org.panopt.kernels.level1.Level1;
import org.panopt.kernels.level3.Gemm;
import org.panopt.kernels.level3.GemmWorkspace;

/**
 * The Monge–Bregman–Occam map of a transport problem solved with a cost {@code h(x − y)},
 * {@code h = ½‖·‖² + γτ} (Cuturi, Klein &amp; Ablin, ICML 2023; SPEC §3):
 * {@code T(x) = x − prox_{γτ}(Σ_j p_j(x) ∇h(x − y_j))} with
 * {@code p_j(x) = softmax_j((g_j − h(x − y_j))/ε)}, i.e. {@code T(x) = x − ∇h*(∇f_ε(x))} for the
 * entropic potential {@code f_ε(x) = −ε LSE_j((g_j − h(x − y_j))/ε)}. For τ = ℓ1 the displacement
 * {@code T(x) − x = −prox_{γτ}(…)} is sparse, with a pattern that depends on x; {@link #evaluate}
 * counts its zero coordinates. (Potentials follow this library's convention, without the
 * {@code log b_j} term: see {@link org.panopt.algorithms.sinkhorn.EntropicMap}.)
 *
 * <p>Evaluation is batched: up to {@code maxBatch} points per pass, all through one workspace sized
 * at creation. Per batch: the costs {@code h(x_i − y_j)} ({@link PairwiseCosts}), their column-wise
 * log-sum-exp and softmax weights (the fused kernels), {@code x_i − Σ_j p_ji y_j} as one GEMM, the
 * penalty's part {@code γ Σ_j p_ji ∇τ(x_i − y_j)} (skipped for γ = 0; one gradient at the average
 * for penalties with a linear gradient), then the prox. Work per point
 * is O(m·d) plus the penalty's. A warmed-up {@link #evaluate} allocates nothing. Not thread-safe.
 */
public final class MongeBregmanOccamMap implements AutoCloseable {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    /** Largest n·m for which {@link #fit} materialises the cost matrix instead of streaming it. */
    public static final long DENSE_LIMIT = 1L << 22;

    private final Workspace ws;
    private final PairwiseCosts pairs;
    private final RegularizedCost cost;
    private final int d;
    private final int m;
    private final int maxBatch;
    private final double eps;
    private final MemorySegment g;
    private final MemorySegment zeros;
    private final MemorySegment costs;
    private final MemorySegment weights;
    private final MemorySegment lse;
    private final MemorySegment lseScratch;
    private final MemorySegment xq;
    private final MemorySegment acc;
    private final Vec[] accColumns;
    private final Vec penaltyGradient;
    private final GemmWorkspace gemm;
    private final SinkhornResult fitted;
    private final Potential potential;
    private long zeroCoordinates;
    private long coordinates;

    private MongeBregmanOccamMap(Matrix targets, double[] gRaw, double epsilon, RegularizedCost cost, int maxBatch,
                                 SinkhornResult fitted) {
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(cost, "cost");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        }
        if (!(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
        }
        if (gRaw.length != targets.rows()) {
            throw new IllegalArgumentException(gRaw.length + " target potentials for " + targets.rows() + " targets");
        }
        if (!cost.isHalfSquaredEuclidean() && !cost.penalty().hasGradient()) {
            throw new IllegalArgumentException("the map needs ∇τ, and " + cost.penalty() + " has none");
        }
        this.cost = cost;
        this.d = targets.cols();
        this.m = targets.rows();
        this.maxBatch = maxBatch;
        this.eps = epsilon;
        this.fitted = fitted;
        this.ws = Workspace.create();
        try {
            this.pairs = new PairwiseCosts(ws, targets, cost, maxBatch);
            this.g = ws.segment(8L * m);
            for (int j = 0; j < m; j++) {
                if (!Double.isFinite(gRaw[j])) {
                    throw new IllegalArgumentException("target potential g[" + j + "] = " + gRaw[j]);
                }
                g.setAtIndex(D, j, gRaw[j]);
            }
            this.zeros = ws.segment(8L * m);
            this.costs = ws.segment(8L * m * maxBatch);
            this.weights = ws.segment(8L * m * maxBatch);
            this.lse = ws.segment(8L * maxBatch);
            this.lseScratch = ws.segment(8L * maxBatch);
            this.xq = ws.segment(8L * d * maxBatch);
            this.acc = ws.segment(8L * d * maxBatch);
            this.accColumns = new Vec[maxBatch];
            for (int i = 0; i < maxBatch; i++) {
                accColumns[i] = Vec.of(acc, DType.F64, (long) i * d, d, 1);
            }
            this.penaltyGradient = ws.vector(DType.F64, d);
            this.gemm = GemmWorkspace.forDoubles(d, maxBatch, m);
            this.potential = new EntropicPotential();
        } catch (RuntimeException e) {
            ws.close();
            throw e;
        }
    }

    /**
     * The map for target points {@code y_j} (rows of {@code targets}, float64; copied), their potentials
     * {@code g} for the raw cost {@code h(x − y)} (no rescaling) and the raw ε.
     */
    public static MongeBregmanOccamMap of(Matrix targets, double[] g, double epsilon, RegularizedCost cost,
                                          int maxBatch) {
        return new MongeBregmanOccamMap(targets, g, epsilon, cost, maxBatch, null);
    }

    /**
     * The map of a solve over {@code geometry}, whose cost must be a {@link RegularizedCost}
     * ({@code PointCloud.of(x, y, cost)}); the result's rescaling is undone.
     */
    public static MongeBregmanOccamMap create(PointCloud geometry, SinkhornResult result, int maxBatch) {
        if (!(geometry.cost() instanceof RegularizedCost rc)) {
            throw new IllegalArgumentException("the geometry's cost is " + geometry.cost()
                    + ", not a RegularizedCost (½‖·‖² + γτ)");
        }
        return new MongeBregmanOccamMap(geometry.y(), rawPotentials(result), result.epsilon() * result.costScale(),
                rc, maxBatch, result);
    }

    private static double[] rawPotentials(SinkhornResult result) {
        double[] g = result.g();
        for (int j = 0; j < g.length; j++) {
            g[j] *= result.costScale();
        }
        return g;
    }

    /**
     * Solves the entropic transport from the rows of {@code x} to those of {@code y} (float64, uniform
     * weights) for the cost h, and returns its map. When {@code n·m ≤} {@link #DENSE_LIMIT} the cost
     * matrix is computed once (by the same per-pair code as the map) and the solver iterates on it;
     * above, the solver streams the cost from the points ({@code PointCloud.of(x, y, cost)}).
     */
    public static MongeBregmanOccamMap fit(Matrix x, Matrix y, RegularizedCost cost, SinkhornOptions options,
                                           int maxBatch) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.cols() != y.cols()) {
            throw new IllegalArgumentException("x is " + x.rows() + "x" + x.cols() + " but y is " + y.rows() + "x"
                    + y.cols());
        }
        SinkhornResult r;
        if ((long) x.rows() * y.rows() <= DENSE_LIMIT) {
            try (Workspace w = Workspace.create()) {
                Matrix ct = costMatrixTransposed(w, x, y, cost);
                r = Sinkhorn.solve(CostMatrix.of(ct.t()), null, null, options);
            }
        } else {
            r = Sinkhorn.solve(PointCloud.of(x, y, cost), null, null, options);
        }
        return new MongeBregmanOccamMap(y, rawPotentials(r), r.epsilon() * r.costScale(), cost, maxBatch, r);
    }

    /** {@code Cᵀ} ({@code m × n}, column i holds {@code h(x_i − y_j)} for every j), owned by {@code w}. */
    static Matrix costMatrixTransposed(Workspace w, Matrix x, Matrix y, RegularizedCost cost) {
        int n = x.rows();
        int m = y.rows();
        int block = 64;
        PairwiseCosts pc = new PairwiseCosts(w, y, cost, block);
        Matrix ct = w.matrix(DType.F64, m, n);
        MemorySegment xb = w.segment(8L * x.cols() * block);
        for (int i0 = 0; i0 < n; i0 += block) {
            int nb = Math.min(block, n - i0);
            PairwiseCosts.loadColumns(x, i0, nb, xb, 0);
            pc.costs(xb, nb, ct.segment(), (long) i0 * m, m);
        }
        return ct;
    }

    /** The Sinkhorn result the map was built from ({@link #fit}, {@link #create}), or null for {@link #of}. */
    public SinkhornResult sinkhornResult() {
        return fitted;
    }

    public RegularizedCost cost() {
        return cost;
    }

    public int dimension() {
        return d;
    }

    /** The raw ε of the potentials. */
    public double epsilon() {
        return eps;
    }

    /**
     * Evaluates at the rows of {@code queries} (k × d, float64, any layout).
     *
     * @param map       {@code k × d} float64 output for {@code T(x)} (any layout, not overlapping the
     *                  queries), or null
     * @param potential length-k output for {@code f_ε(x)} (raw cost), or null
     * @return the number of zero coordinates of the displacements {@code T(x) − x} (exact zeros of the prox)
     */
    public long evaluate(Matrix queries, Matrix map, Vec potential) {
        int k = queries.rows();
        if (queries.cols() != d || queries.dtype() != DType.F64) {
            throw new IllegalArgumentException("queries must be float64 with " + d + " columns, got " + queries);
        }
        if (map != null && (map.rows() != k || map.cols() != d || map.dtype() != DType.F64)) {
            throw new IllegalArgumentException("map output must be " + k + "x" + d + " float64, got " + map);
        }
        if (map != null && overlapping(map, queries)) {
            throw new IllegalArgumentException("the map output overlaps the queries");
        }
        if (potential != null && potential.length() != k) {
            throw new IllegalArgumentException("potential output has length " + potential.length() + ", expected " + k);
        }
        long zerosFound = 0;
        for (int k0 = 0; k0 < k; k0 += maxBatch) {
            int nb = Math.min(maxBatch, k - k0);
            PairwiseCosts.loadColumns(queries, k0, nb, xq, 0);
            averageGradients(nb, true);
            for (int i = 0; i < nb; i++) {
                if (potential != null) {
                    potential.set(k0 + i, -eps * lse.getAtIndex(D, i));
                }
                Vec a = accColumns[i];
                cost.conjugateGradient(a, a);                 // the displacement, negated: prox_{γτ}(∇f_ε(x))
                for (int c = 0; c < d; c++) {
                    zerosFound += a.segment().getAtIndex(D, a.offset() + c) == 0 ? 1 : 0;
                }
                if (map != null) {
                    long row = map.index(k0 + i, 0);
                    int stride = (int) map.colStride();
                    Level1.dcopy(d, xq, (long) i * d, 1, map.segment(), row, stride);
                    Level1.daxpy(d, -1, acc, (long) i * d, 1, map.segment(), row, stride);
                }
            }
        }
        zeroCoordinates = zerosFound;
        coordinates = (long) k * d;
        return zerosFound;
    }

    /**
     * Whether the element spans of two non-empty views intersect (as {@link Matrix#overlaps}, which
     * allocates two slices per call; this runs on every evaluation).
     */
    private static boolean overlapping(Matrix a, Matrix b) {
        MemorySegment sa = a.segment();
        MemorySegment sb = b.segment();
        if (a.size() == 0 || b.size() == 0 || sa.isNative() != sb.isNative()
                || (!sa.isNative() && sa.heapBase().orElse(null) != sb.heapBase().orElse(null))) {
            return false;
        }
        long a0 = sa.address() + 8 * a.index(0, 0);
        long a1 = sa.address() + 8 * (a.index(a.rows() - 1, a.cols() - 1) + 1);
        long b0 = sb.address() + 8 * b.index(0, 0);
        long b1 = sb.address() + 8 * (b.index(b.rows() - 1, b.cols() - 1) + 1);
        return a0 < b1 && b0 < a1;
    }

    /**
     * For the {@code nb} points in {@link #xq}: {@code lse_i = LSE_j((g_j − h(x_i − y_j))/ε)} and, if
     * {@code gradients}, the weights {@code p_ji} and
     * {@code acc_i = Σ_j p_ji ∇h(x_i − y_j) = x_i − Σ_j p_ji y_j + γ Σ_j p_ji ∇τ(x_i − y_j)}.
     */
    private void averageGradients(int nb, boolean gradients) {
        pairs.costs(xq, nb, costs, 0, m);
        LogSumExp.dcol(m, nb, costs, 0, m, g, 0, zeros, 0, eps, lse, 0, lseScratch, 0);
        if (!gradients) {
            return;
        }
        Softmax.dcolWeights(m, nb, costs, 0, m, g, 0, zeros, 0, eps, lse, 0, weights, 0, m);
        // acc ← x − Yᵀ-weighted sum: acc (d × nb) = xq − yt (d × m) · P (m × nb)
        Level1.dcopy(d * nb, xq, 0, 1, acc, 0, 1);
        Gemm.dgemm(false, false, d, nb, m, -1, pairs.yt, 0, d, weights, 0, m, 1, acc, 0, d, gemm);
        if (cost.isHalfSquaredEuclidean()) {
            return;
        }
        if (pairs.linearGradient()) {
            for (int i = 0; i < nb; i++) {
                // acc_i is x_i − Σ_j p_ji y_j here: ∇τ at the average is the average of ∇τ
                Vec a = accColumns[i];
                cost.penalty().gradient(a, penaltyGradient);
                Level1.daxpy(d, cost.gamma(), penaltyGradient.segment(), 0, 1, acc, (long) i * d, 1);
            }
        } else {
            pairs.addPenaltyGradients(xq, nb, weights, acc);
        }
    }

    /** Zero displacement coordinates found by the last {@link #evaluate}. */
    public long zeroCoordinates() {
        return zeroCoordinates;
    }

    /** The fraction of displacement coordinates that were exactly zero in the last {@link #evaluate} (NaN before). */
    public double zeroFraction() {
        return coordinates == 0 ? Double.NaN : (double) zeroCoordinates / coordinates;
    }

    /**
     * The entropic potential {@code f_ε(x) = −ε LSE_j((g_j − h(x − y_j))/ε)} and its gradient
     * {@code ∇f_ε(x) = Σ_j p_j(x) ∇h(x − y_j)} as a {@link Potential} (for the h-transform). It shares
     * this map's workspace: not to be used concurrently with {@link #evaluate}.
     */
    public Potential potential() {
        return potential;
    }

    private final class EntropicPotential implements Potential {
        @Override
        public int dimension() {
            return d;
        }

        @Override
        public double evaluate(Vec y, Vec gradient) {
            Potential.checkArguments(d, y, gradient);
            Level1.dcopy(d, y.segment(), y.offset(), 1, xq, 0, 1);
            averageGradients(1, gradient != null);
            if (gradient != null) {
                Level1.dcopy(d, acc, 0, 1, gradient.segment(), gradient.offset(), 1);
            }
            return -eps * lse.getAtIndex(D, 0);
        }
    }

    @Override
    public void close() {
        ws.close();
    }
}
