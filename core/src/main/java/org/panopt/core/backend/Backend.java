package org.panopt.core.backend;

import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.MatrixView;
import org.panopt.core.array.Workspace;

/**
 * The small set of dense linear-algebra operations the algorithms are written against, over one
 * kind of matrix view: host {@link Matrix} views for the {@code java-simd} and {@code openblas}
 * backends, device matrices for {@code cublas}. Algorithms that take a {@code Backend<M>} run
 * unchanged on any of them.
 *
 * <p>Conventions, shared by every implementation:
 * <ul>
 *   <li>Operands are views; transposes come from the views' flags ({@code a.t()} costs nothing), so
 *       {@code gemm(1, x.t(), g, 0, u)} computes {@code U = XᵀG}.</li>
 *   <li>All operands of one call share a dtype. Shapes are checked before any work (and before any
 *       native call): a mismatch is an {@link IllegalArgumentException} naming the operation and the
 *       shapes, and no output is modified.</li>
 *   <li>BLAS semantics for β: when {@code beta == 0} the output is not read (NaN in it does not
 *       propagate).</li>
 *   <li>An output may be the very same view as an input only where the method says so; any other
 *       memory overlap between an output and an input is refused.</li>
 *   <li>Methods allocate nothing on the Java heap once warmed up: they are called from
 *       allocation-free {@code step()} methods.</li>
 * </ul>
 *
 * @param <M> the matrix view type this backend computes on
 */
public interface Backend<M extends MatrixView<M>> {

    /** {@code java-simd}, {@code openblas}, {@code cublas}, or a dispatcher's name. */
    String name();

    /**
     * A zero-filled {@code rows × cols} matrix whose memory the workspace owns (host memory from the
     * workspace's arena; device memory attached to the workspace so that closing it frees both).
     */
    M allocate(Workspace ws, DType dtype, int rows, int cols);

    /** {@code C ← α·A·B + β·C}. C must not overlap A or B. */
    void gemm(double alpha, M a, M b, double beta, M c);

    /**
     * {@code C ← α·AᵀA + β·C} for an {@code n × p} view A and a {@code p × p} C; both triangles of C
     * are written (C stays exactly symmetric). About half the flops of the equivalent GEMM.
     */
    void syrk(double alpha, M a, double beta, M c);

    /** {@code C ← α·A + β·B}; C may be the same view as A or B (element-wise, in place). */
    void geam(double alpha, M a, double beta, M b, M c);

    /** {@code Y ← α·X + Y}. */
    void axpy(double alpha, M x, M y);

    /** {@code A ← α·A}. */
    void scale(double alpha, M a);

    /** {@code C ← C + α·I} (on the main diagonal of a possibly rectangular C). */
    void addIdentity(double alpha, M c);

    /** {@code dst ← src}. */
    void copy(M src, M dst);

    /** Frobenius inner product {@code Σ_ij A_ij B_ij}, accumulated in float64. */
    double dot(M a, M b);

    /** Frobenius norm {@code ‖A‖}, without overflow or underflow for extreme values. */
    double norm(M a);

    /** Host → this backend's memory ({@code dst ← src}); a plain copy for host backends. */
    void upload(Matrix src, M dst);

    /** This backend's memory → host ({@code dst ← src}); a plain copy for host backends. */
    void download(M src, Matrix dst);
}
