package org.panopt.algorithms.sinkhorn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import org.panopt.algorithms.geometry.CostReducer;
import org.panopt.algorithms.geometry.CostStatistics;
import org.panopt.algorithms.geometry.Geometry;
import org.panopt.algorithms.geometry.GibbsKernel;
import org.panopt.algorithms.parallel.FixedPool;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * The Sinkhorn iteration for entropic optimal transport (SPEC §2), as an iteration object: sized
 * once when created, then {@link #step()}ped — a step allocates nothing once the JIT has compiled it.
 *
 * <p>Log domain (the default; never underflows), from {@code f = g = 0}, g first then f:
 * {@code g_j ← τ(ε log b_j − ε LSE_i((f_i − C_ij)/ε))}, {@code f_i ← τ(ε log a_i − ε LSE_j((g_j − C_ij)/ε))},
 * with τ = 1 for balanced marginals. Every {@code checkEvery} iterations the L1 error of the column
 * marginal ({@code ‖Pᵀ1 − b‖₁}; unbalanced: the sum of both relaxed errors) is measured; the run stops
 * below the threshold (at the target ε), at the iteration cap, or when the error is not finite, which
 * is reported as divergence ({@link SinkhornDivergedException}), never as a result.
 *
 * <p>Internally potentials are kept for the raw cost C with {@code ε_raw = ε·scale}; results are
 * reported for {@code C / scale}.
 */
public final class Sinkhorn implements AutoCloseable {
    /** Where the iteration stands. */
    public enum Status {
        RUNNING, CONVERGED, MAX_ITERATIONS, DIVERGED
    }

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final int OP_G = 0;
    private static final int OP_F = 1;
    private static final int OP_COL_LSE = 2;
    private static final int OP_ROW_LSE = 3;
    private static final int OP_PLAN = 4;

    private final Workspace ws;
    private final SinkhornOptions opt;
    private final int n;
    private final int m;
    private final CostReducer[] reducers;
    private final FixedPool pool;
    private final double scale;
    private final double eps;
    private final double rawEps;
    private final double rho;
    private final double tau;
    private final MemorySegment a;
    private final MemorySegment b;
    private final MemorySegment loga;
    private final MemorySegment logb;
    private final Vec f;
    private final Vec g;
    private final Vec lseN;
    private final Vec lseM;
    private final Vec rowSums;
    private final Vec[] colSums;
    private final double[] partDots;
    private final Pass pass = new Pass();
    // Anderson acceleration: inputs x_k and outputs F(x_k) of the last `memory` sweeps, on f
    private final Vec[] andersonX;
    private final Vec[] andersonFx;
    private final double[][] andersonSystem;
    private final double[] andersonWeights;
    private int andersonStored;
    // kernel domain
    private final GibbsKernel kernel;
    private final Vec u;
    private final Vec v;
    private final Vec kv;
    private final Vec ktu;

    private final boolean fusedCheck;
    private boolean checkDue;
    private int measuredAt = -1;
    private int iteration;
    private double error = Double.NaN;
    private double previousError = Double.NaN;
    private double weight;
    private Status status = Status.RUNNING;
    private String divergence;

    private Sinkhorn(Geometry geometry, Vec aIn, Vec bIn, SinkhornOptions options) {
        this.opt = Objects.requireNonNull(options, "options");
        this.n = geometry.n();
        this.m = geometry.m();
        this.pool = options.pool();
        CostStatistics stats = options.costScaling() != CostScaling.NONE || Double.isNaN(options.epsilon())
                ? CostStatistics.of(geometry) : null;
        this.scale = switch (options.costScaling()) {
            case NONE -> 1;
            case MEAN -> stats.mean();
            case MAX -> stats.max();
            case MEDIAN -> stats.median();
        };
        if (!(scale > 0 && Double.isFinite(scale))) {
            throw new IllegalArgumentException("cannot rescale the cost by its " + options.costScaling()
                    + ": it is " + scale + " (the cost must be finite with a positive " + options.costScaling() + ")");
        }
        this.eps = Double.isNaN(options.epsilon()) ? 0.05 * stats.std() / scale : options.epsilon();
        if (!(eps > 0 && Double.isFinite(eps))) {
            throw new IllegalArgumentException("the default epsilon 0.05·std(C) is " + eps
                    + ": the cost is constant or not finite; give epsilon explicitly");
        }
        this.rawEps = eps * scale;
        this.tau = options.tau();
        this.rho = tau == 1 ? Double.POSITIVE_INFINITY : rawEps * tau / (1 - tau);
        this.weight = options.momentum();
        this.fusedCheck = !options.kernelDomain() && tau == 1 && options.anderson() == 0;

        this.ws = Workspace.create();
        try {
            int threads = pool == null ? 1 : pool.threads();
            this.reducers = geometry.reducers(ws, threads);
            this.a = weights(aIn, n, "a");
            this.b = weights(bIn, m, "b");
            double sa = sum(a, n);
            double sb = sum(b, m);
            if (tau == 1 && Math.abs(sa - sb) > 1e-5 * Math.max(sa, sb)) {
                throw new IllegalArgumentException("balanced transport needs equal masses, but sum(a) = " + sa
                        + " and sum(b) = " + sb + ": normalise them or relax the marginals (tau < 1)");
            }
            this.loga = logOf(a, n);
            this.logb = logOf(b, m);
            this.f = ws.vector(DType.F64, n);
            this.g = ws.vector(DType.F64, m);
            this.lseN = ws.vector(DType.F64, n);
            this.lseM = ws.vector(DType.F64, m);
            this.rowSums = ws.vector(DType.F64, n);
            this.colSums = new Vec[threads];
            for (int k = 0; k < threads; k++) {
                colSums[k] = ws.vector(DType.F64, m);
            }
            this.partDots = new double[threads];
            int mem = options.anderson();
            this.andersonX = new Vec[mem];
            this.andersonFx = new Vec[mem];
            for (int k = 0; k < mem; k++) {
                andersonX[k] = ws.vector(DType.F64, n);
                andersonFx[k] = ws.vector(DType.F64, n);
            }
            this.andersonSystem = new double[mem][mem + 1];
            this.andersonWeights = new double[mem];
            if (options.kernelDomain()) {
                this.kernel = new GibbsKernel(ws, geometry, 1 / rawEps);
                this.u = ws.vector(DType.F64, n);
                this.v = ws.vector(DType.F64, m);
                this.kv = ws.vector(DType.F64, n);
                this.ktu = ws.vector(DType.F64, m);
                fill(u.segment(), n, 1);
                fill(v.segment(), m, 1);
                if (kernel.zeroRows() > 0) {
                    diverge("the Gibbs kernel exp(−C/ε) underflowed to zero on " + kernel.zeroRows()
                            + " rows: ε is too small for the kernel domain, use the log-domain iteration");
                }
            } else {
                this.kernel = null;
                this.u = null;
                this.v = null;
                this.kv = null;
                this.ktu = null;
            }
        } catch (RuntimeException e) {
            ws.close();
            throw e;
        }
    }

    /**
     * An iteration for transporting {@code a} to {@code b} over {@code geometry}.
     *
     * @param a source weights (length n, positive), or null for uniform {@code 1/n}
     * @param b target weights (length m, positive), or null for uniform {@code 1/m}
     * @throws IllegalArgumentException for bad weights, unequal masses in the balanced case, or a cost
     *                                  whose statistics make the default ε or the rescaling meaningless
     */
    public static Sinkhorn create(Geometry geometry, Vec a, Vec b, SinkhornOptions options) {
        return new Sinkhorn(Objects.requireNonNull(geometry, "geometry"), a, b, options);
    }

    /**
     * Solves and returns the result (the iteration's memory is freed before returning).
     *
     * @throws SinkhornDivergedException if the iteration diverged
     */
    public static SinkhornResult solve(Geometry geometry, Vec a, Vec b, SinkhornOptions options) {
        try (Sinkhorn s = create(geometry, a, b, options)) {
            s.iterate();
            return s.result();
        }
    }

    private MemorySegment weights(Vec w, int len, String name) {
        MemorySegment s = ws.segment(8L * len);
        if (w == null) {
            fill(s, len, 1.0 / len);
            return s;
        }
        if (w.length() != len) {
            throw new IllegalArgumentException(name + " has " + w.length() + " weights, the cost has " + len
                    + (name.equals("a") ? " rows" : " columns"));
        }
        for (int k = 0; k < len; k++) {
            double x = w.get(k);
            if (!(x > 0 && Double.isFinite(x))) {
                throw new IllegalArgumentException(name + "[" + k + "] = " + x
                        + ": weights must be positive and finite (drop zero-weight points)");
            }
            s.setAtIndex(D, k, x);
        }
        return s;
    }

    private MemorySegment logOf(MemorySegment w, int len) {
        MemorySegment s = ws.segment(8L * len);
        for (int k = 0; k < len; k++) {
            s.setAtIndex(D, k, Math.log(w.getAtIndex(D, k)));
        }
        return s;
    }

    private static double sum(MemorySegment s, int len) {
        double t = 0;
        for (int k = 0; k < len; k++) {
            t += s.getAtIndex(D, k);
        }
        return t;
    }

    private static void fill(MemorySegment s, int len, double x) {
        for (int k = 0; k < len; k++) {
            s.setAtIndex(D, k, x);
        }
    }

    /**
     * Starts from given potentials (of the rescaled cost, as a {@link SinkhornResult} reports them)
     * instead of zeros; clears the acceleration history.
     */
    public void warmStart(double[] f0, double[] g0) {
        if (f0.length != n || g0.length != m) {
            throw new IllegalArgumentException("warm start potentials have lengths " + f0.length + " and " + g0.length
                    + ", expected " + n + " and " + m);
        }
        for (int i = 0; i < n; i++) {
            f.segment().setAtIndex(D, i, f0[i] * scale);
        }
        for (int j = 0; j < m; j++) {
            g.segment().setAtIndex(D, j, g0[j] * scale);
        }
        if (kernel != null) {
            for (int i = 0; i < n; i++) {
                u.segment().setAtIndex(D, i, Math.exp(f0[i] * scale / rawEps));
            }
            for (int j = 0; j < m; j++) {
                v.segment().setAtIndex(D, j, Math.exp(g0[j] * scale / rawEps));
            }
        }
        andersonStored = 0;
        previousError = Double.NaN;
        checkDue = false;
        measuredAt = -1;
        weight = opt.momentum();
        if (status != Status.DIVERGED) {
            status = Status.RUNNING;
        }
    }

    /** ε of the raw cost at iteration t: {@code max(ε0·decay^t, 1)·ε}. */
    private double epsilonAt(int t) {
        return opt.epsilonInit() == 1 ? rawEps : Math.max(opt.epsilonInit() * Math.pow(opt.epsilonDecay(), t), 1) * rawEps;
    }

    /**
     * One iteration (g then f). When the iteration count is a multiple of {@code checkEvery} the error
     * of the new state is measured: in the balanced log-domain case (no Anderson, ε at its target)
     * from the next iteration's g pass, whose log-sum-exps are exactly the column marginals of that
     * state, so the check costs no extra pass; otherwise by a pass of its own. A step that finds the
     * state converged leaves it unchanged.
     */
    public void step() {
        if (status == Status.DIVERGED) {
            throw new SinkhornDivergedException(divergence, iteration);
        }
        double e = epsilonAt(iteration);
        if (kernel != null) {
            kernelStep();
        } else {
            if (andersonX.length > 0) {
                andersonBefore();
            }
            pass.invEps = 1 / e;
            pass.scaled = tau * e;
            pass.weight = weight;
            if (checkDue) {
                // fused check: LSE_i((f_i − C_ij)/ε) is both the column marginal of the current state and the g update
                checkDue = false;
                run(OP_COL_LSE);
                record(marginalError(g, lseM, b, m, pass.invEps), e);
                if (status != Status.RUNNING) {
                    return;
                }
                pass.update(g, logb, lseM, 0, m);
            } else {
                run(OP_G);
            }
            run(OP_F);
            if (andersonX.length > 0) {
                andersonAfter();
            }
        }
        iteration++;
        if (iteration % opt.checkEvery() == 0) {
            if (fusedCheck && epsilonAt(iteration) == rawEps && epsilonAt(iteration - 1) == rawEps) {
                checkDue = true;
            } else {
                measure();
            }
        }
    }

    /**
     * Steps until convergence, the iteration cap or divergence; the error is measured at the end if the
     * last step did not.
     *
     * @return whether it converged
     * @throws SinkhornDivergedException if it diverged
     */
    public boolean iterate() {
        while (status == Status.RUNNING && iteration < opt.maxIterations()) {
            step();
        }
        if (status == Status.RUNNING) {
            if (measuredAt != iteration) {
                measure();
            }
            if (status == Status.RUNNING) {
                status = Status.MAX_ITERATIONS;
            }
        }
        if (status == Status.DIVERGED) {
            throw new SinkhornDivergedException(divergence, iteration);
        }
        return status == Status.CONVERGED;
    }

    private void run(int op) {
        pass.op = op;
        if (pool == null) {
            pass.run(0, 1);
        } else {
            pool.run(pass);
        }
    }

    /** Measures the stopping error of the current state with a pass of its own. */
    private void measure() {
        checkDue = false;
        double e = epsilonAt(Math.max(iteration - 1, 0));
        double invEps = 1 / e;
        double err;
        if (kernel != null) {
            err = kernelError();
        } else {
            pass.invEps = invEps;
            run(OP_COL_LSE);
            err = marginalError(g, lseM, b, m, invEps);
            if (tau != 1) {
                run(OP_ROW_LSE);
                err += marginalError(f, lseN, a, n, invEps);
            }
        }
        record(err, e);
    }

    /** Takes an error of the current state (at ε_raw = e): divergence, adaptive momentum, convergence. */
    private void record(double err, double e) {
        error = err;
        measuredAt = iteration;
        if (!Double.isFinite(err)) {
            diverge("the marginal error is " + err + " at iteration " + iteration + " (ε = " + e / scale
                    + "): ε is too small for this cost in " + (kernel != null ? "the kernel domain" : "float precision")
                    + ", or the cost holds NaN");
            return;
        }
        if (opt.adaptiveMomentum() && previousError > 0) {
            double r = Math.min(err / previousError, 0.99);
            weight = 2 / (1 + Math.sqrt(1 - Math.pow(r, 1.0 / opt.checkEvery())));
        }
        previousError = err;
        if (err < opt.threshold() && e == rawEps) {
            status = Status.CONVERGED;
        }
    }

    /** {@code Σ_k |exp(p_k·invEps + lse_k) − w_k·e^{−p_k/ρ}|}: one marginal's L1 error. */
    private double marginalError(Vec p, Vec lse, MemorySegment w, int len, double invEps) {
        double err = 0;
        for (int k = 0; k < len; k++) {
            double pk = p.segment().getAtIndex(D, k);
            double mass = Math.exp(pk * invEps + lse.segment().getAtIndex(D, k));
            double target = w.getAtIndex(D, k) * (tau == 1 ? 1 : Math.exp(-pk / rho));
            err += Math.abs(mass - target);
        }
        return err;
    }

    private void diverge(String why) {
        status = Status.DIVERGED;
        divergence = why;
    }

    /** The reductions and potential updates of one pass, split between the pool's threads. */
    private final class Pass implements FixedPool.Task {
        int op;
        double invEps;
        /** τ·ε of the update. */
        double scaled;
        double weight;
        Matrix plan;

        @Override
        public void run(int part, int parts) {
            CostReducer r = reducers[part];
            switch (op) {
                case OP_G -> {
                    int from = FixedPool.start(part, parts, m);
                    int to = FixedPool.start(part + 1, parts, m);
                    r.lseOverRows(f, null, invEps, lseM, from, to);
                    update(g, logb, lseM, from, to);
                }
                case OP_F -> {
                    int from = FixedPool.start(part, parts, n);
                    int to = FixedPool.start(part + 1, parts, n);
                    r.lseOverCols(g, null, invEps, lseN, from, to);
                    update(f, loga, lseN, from, to);
                }
                case OP_COL_LSE -> r.lseOverRows(f, null, invEps, lseM, FixedPool.start(part, parts, m),
                        FixedPool.start(part + 1, parts, m));
                case OP_ROW_LSE -> r.lseOverCols(g, null, invEps, lseN, FixedPool.start(part, parts, n),
                        FixedPool.start(part + 1, parts, n));
                case OP_PLAN -> {
                    Vec cs = colSums[part];
                    for (int j = 0; j < m; j++) {
                        cs.segment().setAtIndex(D, j, 0);
                    }
                    partDots[part] = r.planPass(f, g, invEps, rowSums, cs, plan, FixedPool.start(part, parts, n),
                            FixedPool.start(part + 1, parts, n));
                }
                default -> throw new IllegalStateException("unknown pass " + op);
            }
        }

        /** {@code x ← (1 − w)·x + w·τε(log w_k − lse_k)} on [from, to). */
        private void update(Vec x, MemorySegment logw, Vec lse, int from, int to) {
            MemorySegment xs = x.segment();
            MemorySegment ls = lse.segment();
            double w = weight;
            for (int k = from; k < to; k++) {
                double fresh = scaled * (logw.getAtIndex(D, k) - ls.getAtIndex(D, k));
                xs.setAtIndex(D, k, w == 1 ? fresh : (1 - w) * xs.getAtIndex(D, k) + w * fresh);
            }
        }
    }

    // ---- Anderson acceleration (OTT-JAX acceleration.py: memory 2, ridge 1e-2 by default) ----

    /** Replaces f by the extrapolation of the stored sweeps once the memory is full, then records the input. */
    private void andersonBefore() {
        int mem = andersonX.length;
        if (andersonStored >= mem) {
            andersonExtrapolate(mem);
        }
        copy(f, andersonX[andersonStored % mem], n);
    }

    private void andersonAfter() {
        copy(f, andersonFx[andersonStored % andersonX.length], n);
        andersonStored++;
    }

    /**
     * {@code f = Σ_k w_k F(x_k)} with w minimising {@code ‖Σ_k w_k (F(x_k) − x_k)‖²} subject to
     * {@code Σ w = 1}: solve {@code (RᵀR/‖RᵀR‖ + ridge·I) w = 1}, then normalise (OTT's formulation).
     */
    private void andersonExtrapolate(int mem) {
        double[][] sys = andersonSystem;
        double norm = 0;
        for (int p = 0; p < mem; p++) {
            for (int q = 0; q <= p; q++) {
                double s = 0;
                MemorySegment xp = andersonX[p].segment();
                MemorySegment fp = andersonFx[p].segment();
                MemorySegment xq = andersonX[q].segment();
                MemorySegment fq = andersonFx[q].segment();
                for (int i = 0; i < n; i++) {
                    s += (fp.getAtIndex(D, i) - xp.getAtIndex(D, i)) * (fq.getAtIndex(D, i) - xq.getAtIndex(D, i));
                }
                sys[p][q] = s;
                sys[q][p] = s;
                norm += (p == q ? 1 : 2) * s * s;
            }
        }
        norm = Math.sqrt(norm);
        if (!(norm > 0 && Double.isFinite(norm))) {
            return;
        }
        for (int p = 0; p < mem; p++) {
            for (int q = 0; q < mem; q++) {
                sys[p][q] = sys[p][q] / norm + (p == q ? opt.andersonRidge() : 0);
            }
            sys[p][mem] = 1;
        }
        double[] w = andersonWeights;
        if (!solveSmall(sys, w, mem)) {
            return;
        }
        double total = 0;
        for (double x : w) {
            total += x;
        }
        if (!(Math.abs(total) > 0) || !Double.isFinite(total)) {
            return;
        }
        MemorySegment fs = f.segment();
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int p = 0; p < mem; p++) {
                s += w[p] / total * andersonFx[p].segment().getAtIndex(D, i);
            }
            fs.setAtIndex(D, i, s);
        }
    }

    /** Gaussian elimination with partial pivoting on the augmented {@code k × (k+1)} system; false if singular. */
    private static boolean solveSmall(double[][] s, double[] x, int k) {
        for (int c = 0; c < k; c++) {
            int piv = c;
            for (int r = c + 1; r < k; r++) {
                if (Math.abs(s[r][c]) > Math.abs(s[piv][c])) {
                    piv = r;
                }
            }
            if (!(Math.abs(s[piv][c]) > 0)) {
                return false;
            }
            double[] t = s[c];
            s[c] = s[piv];
            s[piv] = t;
            for (int r = c + 1; r < k; r++) {
                double fct = s[r][c] / s[c][c];
                for (int q = c; q <= k; q++) {
                    s[r][q] -= fct * s[c][q];
                }
            }
        }
        for (int r = k - 1; r >= 0; r--) {
            double acc = s[r][k];
            for (int q = r + 1; q < k; q++) {
                acc -= s[r][q] * x[q];
            }
            x[r] = acc / s[r][r];
        }
        return true;
    }

    private static void copy(Vec src, Vec dst, int len) {
        MemorySegment.copy(src.segment(), 0, dst.segment(), 0, 8L * len);
    }

    // ---- kernel domain: u = (a / K v)^τ, v = (b / Kᵀ u)^τ ----

    private void kernelStep() {
        kernel.applyTransposed(u, ktu);
        if (!scalingUpdate(v, b, ktu, m)) {
            return;
        }
        kernel.apply(v, kv);
        scalingUpdate(u, a, kv, n);
    }

    /** {@code s_k ← (w_k / k_k)^τ}; a zero or non-finite {@code k_k} is an underflow, reported as divergence. */
    private boolean scalingUpdate(Vec s, MemorySegment w, Vec k, int len) {
        MemorySegment ss = s.segment();
        MemorySegment ks = k.segment();
        for (int i = 0; i < len; i++) {
            double kk = ks.getAtIndex(D, i);
            if (!(kk > 0 && kk < Double.POSITIVE_INFINITY)) {
                diverge("kernel-domain underflow at iteration " + (iteration + 1) + ": a product with K = exp(−C/ε) is "
                        + kk + " (ε = " + eps + " is too small for the kernel domain: use the log-domain iteration)");
                return false;
            }
            double q = w.getAtIndex(D, i) / kk;
            ss.setAtIndex(D, i, tau == 1 ? q : Math.pow(q, tau));
        }
        return true;
    }

    private double kernelError() {
        if (status == Status.DIVERGED) {
            return Double.NaN;
        }
        kernel.applyTransposed(u, ktu);
        double err = scalingError(v, ktu, b, m);
        if (tau != 1) {
            kernel.apply(v, kv);
            err += scalingError(u, kv, a, n);
        }
        return err;
    }

    private double scalingError(Vec s, Vec k, MemorySegment w, int len) {
        double err = 0;
        for (int i = 0; i < len; i++) {
            double si = s.segment().getAtIndex(D, i);
            double target = w.getAtIndex(D, i) * (tau == 1 ? 1 : Math.pow(si, -rawEps / rho));
            err += Math.abs(si * k.segment().getAtIndex(D, i) - target);
        }
        return err;
    }

    /** Potentials from the scalings: {@code f = ε log u}, {@code g = ε log v}. */
    private void potentialsFromScalings() {
        for (int i = 0; i < n; i++) {
            f.segment().setAtIndex(D, i, rawEps * Math.log(u.segment().getAtIndex(D, i)));
        }
        for (int j = 0; j < m; j++) {
            g.segment().setAtIndex(D, j, rawEps * Math.log(v.segment().getAtIndex(D, j)));
        }
    }

    // ---- results ----

    /**
     * The result at the current potentials: one more pass over the cost computes both marginals,
     * {@code ⟨P, C⟩} and, if the options ask for it, the plan.
     *
     * @throws SinkhornDivergedException if the iteration diverged or the result is not finite
     */
    public SinkhornResult result() {
        if (status == Status.DIVERGED) {
            throw new SinkhornDivergedException(divergence, iteration);
        }
        if (kernel != null) {
            potentialsFromScalings();
        }
        Matrix plan = null;
        if (opt.plan()) {
            plan = Matrix.allocate(Arena.ofAuto(), DType.F64, n, m);
        }
        double invEps = 1 / rawEps;
        pass.invEps = invEps;
        pass.plan = plan;
        run(OP_PLAN);
        pass.plan = null;
        MemorySegment cols = colSums[0].segment();
        for (int k = 1; k < colSums.length; k++) {
            for (int j = 0; j < m; j++) {
                cols.setAtIndex(D, j, cols.getAtIndex(D, j) + colSums[k].segment().getAtIndex(D, j));
            }
        }
        double dot = 0;
        for (double d : partDots) {
            dot += d;
        }
        MemorySegment rows = rowSums.segment();
        double mass = 0;
        double rowErr = 0;
        double colErr = 0;
        double fP = 0;
        double gP = 0;
        double fa = 0;
        double gb = 0;
        double[] fOut = new double[n];
        double[] gOut = new double[m];
        for (int i = 0; i < n; i++) {
            double fi = f.segment().getAtIndex(D, i);
            double ri = rows.getAtIndex(D, i);
            double ai = a.getAtIndex(D, i);
            mass += ri;
            fP += fi * ri;
            fa += tau == 1 ? fi * ai : rho * ai * (1 - Math.exp(-fi / rho));
            rowErr += Math.abs(ri - ai * (tau == 1 ? 1 : Math.exp(-fi / rho)));
            fOut[i] = fi / scale;
        }
        for (int j = 0; j < m; j++) {
            double gj = g.segment().getAtIndex(D, j);
            double cj = cols.getAtIndex(D, j);
            double bj = b.getAtIndex(D, j);
            gP += gj * cj;
            gb += tau == 1 ? gj * bj : rho * bj * (1 - Math.exp(-gj / rho));
            colErr += Math.abs(cj - bj * (tau == 1 ? 1 : Math.exp(-gj / rho)));
            gOut[j] = gj / scale;
        }
        double plogp = (fP + gP - dot) * invEps;
        double entropy = mass - plogp;
        double dual = (tau == 1 ? fa + gb : fa + gb - rawEps * (mass - 1)) / scale;
        double cost = dot / scale;
        if (!Double.isFinite(cost) || !Double.isFinite(dual) || !Double.isFinite(entropy) || !Double.isFinite(rowErr)
                || !Double.isFinite(colErr)) {
            diverge("the result is not finite (cost " + cost + ", dual " + dual + ", entropy " + entropy
                    + ") after " + iteration + " iterations: ε = " + eps + " is too small or the cost holds NaN");
            throw new SinkhornDivergedException(divergence, iteration);
        }
        Matrix readOnlyPlan = plan == null ? null
                : Matrix.of(plan.segment().asReadOnly(), DType.F64, 0, n, m, Math.max(1, n));
        return new SinkhornResult(fOut, gOut, cost, dual, entropy, rowErr, colErr, error, iteration,
                status == Status.CONVERGED, eps, scale, readOnlyPlan);
    }

    /** Iterations run so far. */
    public int iterations() {
        return iteration;
    }

    /**
     * The error at the last check ({@code NaN} before the first). In the balanced log-domain case the
     * check of iteration k is made by step k + 1 (it shares that step's g pass), so right after
     * step k this still holds the previous check; {@link #measureError()} measures now.
     */
    public double error() {
        return error;
    }

    /**
     * Measures the error of the current state now if it has not been (one extra pass over the cost),
     * updating the status as a check would.
     *
     * @return the error
     */
    public double measureError() {
        if (measuredAt != iteration && status != Status.DIVERGED) {
            measure();
        }
        return error;
    }

    public Status status() {
        return status;
    }

    /** The target ε of the rescaled cost (the default resolved). */
    public double epsilon() {
        return eps;
    }

    /** The cost was divided by this. */
    public double costScale() {
        return scale;
    }

    /**
     * Off-heap bytes this iteration holds (its workspace: potentials, weights, per-thread scratch and,
     * for point clouds, centred copies of the points; for the kernel domain, K).
     */
    public long workspaceBytes() {
        return ws.bytesUsed();
    }

    /** Frees the workspace (and every view it handed out). The pool, if given, stays open. */
    @Override
    public void close() {
        ws.close();
    }
}
