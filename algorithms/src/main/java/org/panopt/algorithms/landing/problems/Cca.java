package org.panopt.algorithms.landing.problems;

import java.lang.foreign.Arena;
import java.util.Objects;
import org.panopt.algorithms.data.Datasets;
import org.panopt.algorithms.landing.BOperator;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;

/**
 * Canonical correlation analysis of two views as a generalized eigenvalue problem (Vary, Ablin, Gao
 * &amp; Absil 2024, §6): with centred views X₁ ({@code N × d₁}), X₂ ({@code N × d₂}) and covariances
 * {@code Cᵢⱼ = XᵢᵀXⱼ/N} (plus a ridge r on the diagonal blocks, which keeps B definite for constant
 * features),
 * <pre>
 *   A = [[0, C₁₂], [C₂₁, 0]],   B = [[C₁₁ + rI, 0], [0, C₂₂ + rI]]
 * </pre>
 * and the top-p generalized eigenvectors of (A, B) stack the canonical directions {@code [u; v]}; their
 * eigenvalues are the canonical correlations. Solve with {@link BlockRayleigh} on A and
 * {@link BOperator#matrix} on B, on the generalized Stiefel manifold ({@code d = d₁ + d₂}).
 *
 * @param a the {@code d × d} matrix A
 * @param b the {@code d × d} matrix B
 * @param d1 the size of the first view
 */
public record Cca(Matrix a, Matrix b, int d1) {
    public Cca {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
    }

    /** Builds A and B from two views with the same number of rows (float64, into the workspace). */
    public static Cca of(Backend<Matrix> backend, Workspace ws, Matrix x1, Matrix x2, double ridge) {
        if (x1.rows() != x2.rows()) {
            throw new IllegalArgumentException("the views need the same number of samples, got " + x1.rows() + " and "
                    + x2.rows());
        }
        if (!(ridge >= 0)) {
            throw new IllegalArgumentException("ridge must be >= 0, got " + ridge);
        }
        int n = x1.rows();
        int d1 = x1.cols();
        int d = d1 + x2.cols();
        Matrix z = ws.matrix(DType.F64, n, d);   // [X₁ X₂], centred
        centre(x1, z.cols(0, d1));
        centre(x2, z.cols(d1, d));
        Matrix cov = ws.matrix(DType.F64, d, d);
        backend.syrk(1.0 / n, z, 0, cov);
        Matrix a = ws.matrix(DType.F64, d, d);
        Matrix b = ws.matrix(DType.F64, d, d);
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < d; i++) {
                boolean sameView = (i < d1) == (j < d1);
                (sameView ? b : a).set(i, j, cov.get(i, j) + (sameView && i == j ? ridge : 0));
            }
        }
        return new Cca(a, b, d1);
    }

    /**
     * The digits data set ({@link Datasets#digits}, 1797 images of 8×8 pixels) as two views: the left
     * and the right 4-column halves of each image (32 pixels each).
     */
    public static Cca digits(Backend<Matrix> backend, Workspace ws, double ridge) {
        try (Arena arena = Arena.ofConfined()) {
            Matrix x = Datasets.digits(arena).x();
            Matrix left = Matrix.allocate(arena, DType.F64, x.rows(), 32);
            Matrix right = Matrix.allocate(arena, DType.F64, x.rows(), 32);
            for (int s = 0; s < x.rows(); s++) {
                for (int r = 0; r < 8; r++) {
                    for (int c = 0; c < 8; c++) {
                        (c < 4 ? left : right).set(s, 4 * r + (c % 4), x.get(s, 8 * r + c));
                    }
                }
            }
            return of(backend, ws, left, right, ridge);
        }
    }

    /** The objective's oracle, {@code −½ tr(XᵀAX)}. */
    public BlockRayleigh<Matrix> oracle(Backend<Matrix> backend) {
        return new BlockRayleigh<>(backend, a);
    }

    /** {@code X ↦ BX}. */
    public BOperator<Matrix> bOperator(Backend<Matrix> backend) {
        return BOperator.matrix(backend, b);
    }

    private static void centre(Matrix src, Matrix dst) {
        for (int j = 0; j < src.cols(); j++) {
            double mean = 0;
            for (int i = 0; i < src.rows(); i++) {
                mean += src.get(i, j);
            }
            mean /= src.rows();
            for (int i = 0; i < src.rows(); i++) {
                dst.set(i, j, src.get(i, j) - mean);
            }
        }
    }
}
