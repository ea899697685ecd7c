package org.panopt.algorithms.landing;

import java.util.Objects;
import org.panopt.core.array.MatrixView;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;

/**
 * The symmetric positive definite B of the generalized Stiefel manifold {@code {X : XᵀBX = I}},
 * known only through products {@code B·X} (SPEC §1c): an explicit matrix, or an estimate such as a
 * minibatch covariance {@code A_bᵀ(A_b X)/n_b}. Implementations allocate nothing.
 *
 * @param <M> the matrix view type
 */
@FunctionalInterface
public interface BOperator<M extends MatrixView<M>> {
    /** Writes {@code B·x} ({@code n × p}) into {@code bx}. */
    void apply(M x, M bx);

    /** B given as an {@code n × n} matrix: {@code BX} is one GEMM. */
    static <M extends MatrixView<M>> BOperator<M> matrix(Backend<M> backend, M b) {
        Objects.requireNonNull(backend, "backend");
        if (b.rows() != b.cols()) {
            throw new IllegalArgumentException("B must be square, got " + b.rows() + "x" + b.cols());
        }
        return (x, bx) -> backend.gemm(1, b, x, 0, bx);
    }

    /**
     * The minibatch covariance estimate {@code B ≈ A_bᵀ(A_b X)/b} of {@code B = AᵀA/N}, for the data
     * A ({@code N × n}, one sample per row) cut into {@code ⌊N/b⌋} consecutive batches of b rows, taken
     * in turn, one per call (the random generalized Stiefel setting of Vary, Ablin, Gao &amp; Absil 2024).
     *
     * @param p the number of columns of the iterates it will be applied to
     */
    static <M extends MatrixView<M>> BOperator<M> minibatchCovariance(Backend<M> backend, Workspace ws, M data,
                                                                      int batchSize, int p) {
        Objects.requireNonNull(backend, "backend");
        if (batchSize < 1 || batchSize > data.rows()) {
            throw new IllegalArgumentException("batch size must be in [1, " + data.rows() + "], got " + batchSize);
        }
        int batches = data.rows() / batchSize;
        @SuppressWarnings("unchecked")
        M[] views = (M[]) new MatrixView<?>[2 * batches];   // each batch and its transpose, made once
        for (int i = 0; i < batches; i++) {
            views[2 * i] = data.rows(i * batchSize, (i + 1) * batchSize);
            views[2 * i + 1] = views[2 * i].t();
        }
        M tmp = backend.allocate(ws, data.dtype(), batchSize, p);
        double scale = 1.0 / batchSize;
        return new BOperator<>() {
            private int next;

            @Override
            public void apply(M x, M bx) {
                M a = views[2 * next];
                M aT = views[2 * next + 1];
                next = next + 1 == batches ? 0 : next + 1;
                backend.gemm(1, a, x, 0, tmp);
                backend.gemm(scale, aT, tmp, 0, bx);
            }
        };
    }
}
