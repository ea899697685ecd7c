package org.panopt.algorithms.landing.problems;

import java.util.Objects;
import org.panopt.algorithms.landing.FiniteSumOracle;
import org.panopt.algorithms.landing.GradientKind;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;

/**
 * Independent component analysis on whitened data with the log-cosh contrast (super-Gaussian
 * sources; Hyvärinen &amp; Oja 2000): {@code f(W) = (1/N) Σ_j Σ_k log cosh((WZ)_kj)} over the
 * orthogonal group, for whitened signals Z ({@code p × N}, one sample per column). The oracle
 * returns the relative gradient {@code H = ∇f(W) Wᵀ = (1/b) tanh(Y) Yᵀ}, {@code Y = W Z_b}, of one
 * minibatch of b consecutive columns ({@link GradientKind#RELATIVE}; SPEC §1b: SAGA then averages
 * those p×p matrices). Host matrices only: the element-wise tanh runs in Java.
 */
public final class Ica implements FiniteSumOracle<Matrix> {
    private static final double LOG2 = Math.log(2);
    private final Backend<Matrix> be;
    private final Matrix[] batches;
    private final Matrix y;
    private final Matrix yT;
    private final Matrix t;

    /**
     * @param z         whitened signals, {@code p × N}
     * @param batchSize columns per term; the {@code N mod batchSize} last columns are left out
     */
    public Ica(Backend<Matrix> backend, Workspace ws, Matrix z, int batchSize) {
        this.be = Objects.requireNonNull(backend, "backend");
        if (batchSize < 1 || batchSize > z.cols()) {
            throw new IllegalArgumentException("batch size must be in [1, " + z.cols() + "], got " + batchSize);
        }
        int n = z.cols() / batchSize;
        this.batches = new Matrix[n];
        for (int i = 0; i < n; i++) {
            batches[i] = z.cols(i * batchSize, (i + 1) * batchSize);
        }
        this.y = ws.matrix(z.dtype(), z.rows(), batchSize);
        this.yT = y.t();
        this.t = ws.matrix(z.dtype(), z.rows(), batchSize);
    }

    @Override
    public int terms() {
        return batches.length;
    }

    @Override
    public GradientKind kind() {
        return GradientKind.RELATIVE;
    }

    @Override
    public double gradient(Matrix w, int term, Matrix h) {
        Matrix zb = batches[term];
        be.gemm(1, w, zb, 0, y);
        int p = y.rows();
        int b = y.cols();
        double f = 0;
        for (int j = 0; j < b; j++) {
            for (int i = 0; i < p; i++) {
                double v = y.get(i, j);
                double a = Math.abs(v);
                f += a + Math.log1p(Math.exp(-2 * a)) - LOG2;   // log cosh, without overflow
                t.set(i, j, Math.tanh(v));
            }
        }
        be.gemm(1.0 / b, t, yT, 0, h);
        return f / b;
    }
}
