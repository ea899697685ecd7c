package org.panopt.algorithms.stochastic;

import java.lang.foreign.Arena;
import java.util.Objects;
import org.panopt.algorithms.linalg.Blas;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.kernels.fused.SagaUpdate;

/**
 * A linear model {@code f_i(x) = φ_i(a_iᵀx) + (λ/2)‖x‖²}: a scalar loss of the margin
 * {@code a_iᵀx} of row i of an {@code n × d} feature matrix, plus a ridge term. Its gradient is
 * {@code φ_i'(a_iᵀx)·a_i + λx}, so the per-sample work is one dot product and one axpy on a row, and
 * a SAGA table needs one scalar per sample (SPEC.md §4a).
 *
 * <p>The features are kept row-major (rows contiguous, which is what the row kernels want): a view
 * that already is (a transposed column-major view, e.g. a C-order .npy file) is used in place,
 * anything else is copied once into the arena given at construction. The targets are copied.
 * Not thread-safe: full-gradient and value evaluations use an n-vector of scratch.
 */
public abstract class LinearModel implements FiniteSum {
    private final Matrix features;
    private final double[] targets;
    private final double l2;
    private final double maxRowNormSquared;
    private final Vec margins;

    /**
     * @param features n × d, float64, finite
     * @param targets  n values, checked by the subclass
     * @param l2       ridge weight λ ≥ 0
     * @param arena    owns the scratch (and the row-major copy of the features, if one is needed)
     */
    protected LinearModel(Matrix features, Vec targets, double l2, Arena arena) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(arena, "arena");
        if (features.dtype() != DType.F64 || targets.dtype() != DType.F64) {
            throw new IllegalArgumentException("features and targets must be float64");
        }
        if (features.rows() == 0 || features.cols() == 0) {
            throw new IllegalArgumentException("need at least one sample and one feature, got " + features.rows()
                    + "x" + features.cols());
        }
        if (targets.length() != features.rows()) {
            throw new IllegalArgumentException(features.rows() + " samples but " + targets.length() + " targets");
        }
        if (!(l2 >= 0 && l2 <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("l2 weight must be finite and >= 0, got " + l2);
        }
        this.features = rowMajor(features, arena);
        this.targets = targets.toArray();
        for (int i = 0; i < this.targets.length; i++) {
            if (!Double.isFinite(this.targets[i])) {
                throw new IllegalArgumentException("target " + i + " is " + this.targets[i]);
            }
        }
        this.l2 = l2;
        double max = 0;
        for (int i = 0; i < this.features.rows(); i++) {
            Vec row = this.features.row(i);
            double s = Blas.nrm2(row);
            if (!Double.isFinite(s)) {
                throw new IllegalArgumentException("row " + i + " of the features holds a NaN or infinite value");
            }
            max = Math.max(max, s * s);
        }
        this.maxRowNormSquared = max;
        this.margins = Vec.allocate(arena, DType.F64, features.rows());
    }

    /** A row-major view of {@code m}: itself if its rows are contiguous, else a copy owned by {@code arena}. */
    public static Matrix rowMajor(Matrix m, Arena arena) {
        if (m.colStride() == 1) {
            return m;
        }
        Matrix copy = Matrix.allocate(arena, m.dtype(), m.cols(), m.rows()).t();
        copy.copyFrom(m);
        return copy;
    }

    /** φ_i(m). */
    public abstract double loss(int i, double margin);

    /** φ_i'(m). */
    public abstract double derivative(int i, double margin);

    /** φ_i''(m). */
    public abstract double curvature(int i, double margin);

    /** {@code sup_i sup_m φ_i''(m)}. */
    public abstract double curvatureBound();

    /** The n × d row-major feature matrix (a view; do not modify). */
    public final Matrix features() {
        return features;
    }

    /** Target i (a regression target, or a label ±1). */
    public final double target(int i) {
        return targets[i];
    }

    /** The ridge weight λ. */
    public final double l2() {
        return l2;
    }

    /** {@code max_i ‖a_i‖²}. */
    public final double maxRowNormSquared() {
        return maxRowNormSquared;
    }

    @Override
    public final int samples() {
        return features.rows();
    }

    @Override
    public final int dimension() {
        return features.cols();
    }

    /** {@code a_iᵀx}. */
    public final double margin(Vec x, int i) {
        return Blas.rowDot(features, i, x);
    }

    /** {@code out ← out + alpha·a_i}. */
    public final void addRow(int i, double alpha, Vec out) {
        Blas.rowAxpy(alpha, features, i, out);
    }

    /**
     * The vector work of a SAGA step on sample i, fused into one pass when x and u are contiguous
     * ({@link SagaUpdate}): {@code x ← β·x + α·u + γ·a_i}, then {@code u ← u + δ·a_i}. Otherwise an
     * axpby and two row axpys, with the same rounding.
     */
    public final void sagaUpdate(int i, double beta, double alpha, Vec u, double gamma, double delta, Vec x) {
        if (x.stride() != 1 || u.stride() != 1 || x.dtype() != DType.F64 || u.dtype() != DType.F64) {
            Blas.axpby(alpha, u, beta, x);
            Blas.rowAxpy(gamma, features, i, x);
            Blas.rowAxpy(delta, features, i, u);
            return;
        }
        int d = features.cols();
        if (x.length() != d || u.length() != d) {
            throw new IllegalArgumentException("sagaUpdate: vectors of length " + x.length() + " and " + u.length()
                    + " for rows of length " + d);
        }
        if (i < 0 || i >= features.rows()) {
            throw new IndexOutOfBoundsException("sagaUpdate: row " + i + " of " + features.rows());
        }
        SagaUpdate.dupdate(d, beta, alpha, gamma, delta, features.segment(), features.index(i, 0), u.segment(),
                u.offset(), x.segment(), x.offset());
    }

    /** {@code L = sup φ''·max_i ‖a_i‖² + λ}. */
    @Override
    public final double smoothness() {
        return curvatureBound() * maxRowNormSquared + l2;
    }

    @Override
    public final double strongConvexity() {
        return l2;
    }

    @Override
    public final double value(Vec x) {
        int n = samples();
        Blas.gemvRows(1, features, 0, n, x, 0, margins);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += loss(i, margins.get(i));
        }
        double r = Blas.nrm2(x);
        return s / n + 0.5 * l2 * r * r;
    }

    @Override
    public final void addGradient(Vec x, int i, double weight, Vec out) {
        double g = derivative(i, margin(x, i));
        Blas.rowAxpy(weight * g, features, i, out);
        if (l2 != 0) {
            Blas.axpy(weight * l2, x, out);
        }
    }

    @Override
    public final void fullGradient(Vec x, Vec out) {
        int n = samples();
        Blas.gemvRows(1, features, 0, n, x, 0, margins);
        for (int i = 0; i < n; i++) {
            margins.set(i, derivative(i, margins.get(i)) / n);
        }
        Blas.gemvRowsT(1, features, 0, n, margins, 0, out);
        if (l2 != 0) {
            Blas.axpy(l2, x, out);
        }
    }
}
