package org.panopt.algorithms.bregman;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;
import org.panopt.algorithms.prox.Quadratic;
import org.panopt.algorithms.prox.Subspace;
import org.panopt.kernels.level1.Level1;
import org.panopt.kernels.level3.Gemm;
import org.panopt.kernels.level3.GemmWorkspace;

/**
 * The per-pair work of a cost {@code h(x − y)} between a batch of points and fixed targets, in one
 * workspace: {@code C_ji = h(x_i − y_j)} and the penalty part of the map's average gradient
 * {@code Σ_j p_ji ∇τ(x_i − y_j)}. Each pair materialises {@code z = x_i − y_j} in an off-heap
 * d-vector with the level-1 kernels, then calls the penalty. The loop runs over targets outside and
 * the batch inside, so that each target is read from memory once per batch.
 *
 * <p>Two penalties have structure that this class uses:
 * <ul>
 *   <li>{@link Subspace}: {@code τ(z) = ½‖z‖² − ½‖Az‖²} for orthonormal rows, and
 *       {@code Az = Ax_i − Ay_j}: the products {@code AY} are made once (one GEMM), {@code AX} once
 *       per batch, so a pair costs O(d + k) instead of two O(kd) products;</li>
 *   <li>linear gradients ({@link Subspace}, {@link Quadratic}): {@code Σ_j p_j ∇τ(x − y_j)
 *       = ∇τ(x − Σ_j p_j y_j)} since the weights sum to 1, so the map needs no second per-pair pass
 *       ({@link #linearGradient}).</li>
 * </ul>
 *
 * <p>Layouts: targets are copied once into {@code d × m} column-major storage (target j contiguous);
 * a batch of points is {@code d × nb} column-major (point i at {@code i·d}). Not thread-safe.
 */
final class PairwiseCosts {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    final int d;
    final int m;
    final RegularizedCost cost;
    final MemorySegment yt;
    private final Vec z;
    private final Vec grad;
    /** Subspace penalty: its rank k (0 otherwise), A (k × d), AY (k × m), AX of a batch (k × capacity). */
    private final int rank;
    private final MemorySegment basis;
    private final MemorySegment ay;
    private final MemorySegment ax;
    private final GemmWorkspace gemm;

    /** For batches of at most {@code capacity} points. */
    PairwiseCosts(Workspace ws, Matrix targets, RegularizedCost cost, int capacity) {
        this.d = targets.cols();
        this.m = targets.rows();
        if (d != cost.dimension()) {
            throw new IllegalArgumentException("targets have dimension " + d + ", the cost " + cost.dimension());
        }
        if (m < 1) {
            throw new IllegalArgumentException("no targets");
        }
        this.cost = cost;
        this.yt = ws.segment(8L * d * m);
        loadColumns(targets, 0, m, yt, 0);
        this.z = ws.vector(DType.F64, d);
        this.grad = ws.vector(DType.F64, d);
        if (cost.penalty() instanceof Subspace sub && !cost.isHalfSquaredEuclidean()) {
            double[][] a = sub.basis();
            rank = a.length;
            basis = ws.segment(8L * rank * d);
            for (int l = 0; l < rank; l++) {
                for (int c = 0; c < d; c++) {
                    basis.setAtIndex(D, l + (long) c * rank, a[l][c]);
                }
            }
            ay = ws.segment(8L * rank * m);
            ax = ws.segment(8L * rank * capacity);
            gemm = GemmWorkspace.forDoubles(rank, Math.max(m, capacity), d);
            Gemm.dgemm(false, false, rank, m, d, 1, basis, 0, rank, yt, 0, d, 0, ay, 0, rank, gemm);
        } else {
            rank = 0;
            basis = null;
            ay = null;
            ax = null;
            gemm = null;
        }
    }

    /** Whether ∇τ is linear, so that the weighted average of gradients is the gradient at the average. */
    boolean linearGradient() {
        return cost.penalty() instanceof Subspace || cost.penalty() instanceof Quadratic;
    }

    /** Rows {@code [from, from + count)} of {@code points} (float64, any layout) into columns of {@code dst} from {@code dstOff}. */
    static void loadColumns(Matrix points, int from, int count, MemorySegment dst, long dstOff) {
        if (points.dtype() != DType.F64) {
            throw new IllegalArgumentException("points must be float64, got " + points);
        }
        java.util.Objects.checkFromIndexSize(from, count, points.rows());
        int d = points.cols();
        for (int i = 0; i < count; i++) {
            Level1.dcopy(d, points.segment(), points.index(from + i, 0), (int) points.colStride(), dst,
                    dstOff + (long) i * d, 1);
        }
    }

    /** {@code z ← x − y_j} for the point at {@code x[xOff, xOff + d)}. */
    private void difference(MemorySegment x, long xOff, int j) {
        Level1.dcopy(d, x, xOff, 1, z.segment(), 0, 1);
        Level1.daxpy(d, -1, yt, (long) j * d, 1, z.segment(), 0, 1);
    }

    /** {@code dst[j + i·ld] ← h(x_i − y_j)} for the {@code nb} points of the batch {@code x} (d × nb). */
    void costs(MemorySegment x, int nb, MemorySegment dst, long dstOff, int ld) {
        if (rank > 0) {
            subspaceCosts(x, nb, dst, dstOff, ld);
            return;
        }
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < nb; i++) {
                difference(x, (long) i * d, j);
                dst.setAtIndex(D, dstOff + j + (long) i * ld, cost.value(z));
            }
        }
    }

    /** {@link #costs} for the subspace penalty: {@code h = ½‖z‖² + (γ/2)(‖z‖² − ‖Ax_i − Ay_j‖²)}. */
    private void subspaceCosts(MemorySegment x, int nb, MemorySegment dst, long dstOff, int ld) {
        Gemm.dgemm(false, false, rank, nb, d, 1, basis, 0, rank, x, 0, d, 0, ax, 0, rank, gemm);
        double half = 0.5 * cost.gamma();
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < nb; i++) {
                difference(x, (long) i * d, j);
                double sq = Level1.ddot(d, z.segment(), 0, 1, z.segment(), 0, 1);
                double proj = 0;
                for (int l = 0; l < rank; l++) {
                    double e = ax.getAtIndex(D, l + (long) i * rank) - ay.getAtIndex(D, l + (long) j * rank);
                    proj += e * e;
                }
                dst.setAtIndex(D, dstOff + j + (long) i * ld, 0.5 * sq + half * Math.max(sq - proj, 0));
            }
        }
    }

    /**
     * {@code acc_i ← acc_i + γ Σ_j p_ji ∇τ(x_i − y_j)} (acc is d × nb like x; p is m × nb with leading
     * dimension m); pairs of weight exactly 0 are skipped.
     */
    void addPenaltyGradients(MemorySegment x, int nb, MemorySegment p, MemorySegment acc) {
        double gamma = cost.gamma();
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < nb; i++) {
                double w = p.getAtIndex(D, j + (long) i * m);
                if (w == 0) {
                    continue;
                }
                difference(x, (long) i * d, j);
                cost.penalty().gradient(z, grad);
                Level1.daxpy(d, gamma * w, grad.segment(), 0, 1, acc, (long) i * d, 1);
            }
        }
    }
}
