package org.panopt.algorithms.bregman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.panopt.algorithms.linalg.PrincipalAngles;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;

/**
 * The example pipeline of SPEC §3c: targets are the sources displaced inside a known 2-dimensional
 * subspace of R^8; learning A from a random start must bring span(Aᵀ) to it (principal angles).
 */
class SubspaceLearningTest {
    static final int D = 8;
    static final int K = 2;

    /** y_i = x_i + Uᵀs_i, s_i ~ N((2, −1), diag(1.5², 1)). */
    static Matrix[] problem(Arena arena, double[][] u, int n, SplittableRandom r) {
        Matrix x = Synthetic.gaussian(arena, r, n, D, 0, 1);
        Matrix y = Matrix.allocate(arena, DType.F64, n, D);
        for (int i = 0; i < n; i++) {
            double s0 = 2 + 1.5 * r.nextGaussian();
            double s1 = -1 + r.nextGaussian();
            for (int c = 0; c < D; c++) {
                y.set(i, c, x.get(i, c) + s0 * u[0][c] + s1 * u[1][c]);
            }
        }
        return new Matrix[]{x, y};
    }

    @ParameterizedTest
    @EnumSource(SubspaceLearning.Method.class)
    void theLearnedSpanApproachesTheTrueOne(SubspaceLearning.Method method) {
        SplittableRandom r = new SplittableRandom(41);
        double[][] truth = Synthetic.orthonormalRows(r, K, D);
        double[][] start = Synthetic.orthonormalRows(r, K, D);
        try (Arena arena = Arena.ofShared()) {
            Matrix[] xy = problem(arena, truth, 120, r);
            double before = PrincipalAngles.sinSquaredSum(truth, start);
            SubspaceLearning.Result res = SubspaceLearning.learn(xy[0], xy[1], start,
                    SubspaceLearning.Options.defaults(1, 1, 0.3, 30).withMethod(method));
            double after = PrincipalAngles.sinSquaredSum(truth, res.basis());
            double[] angles = PrincipalAngles.between(truth, res.basis());
            assertTrue(before > 0.5, "a start away from the truth: " + before);
            assertTrue(after < 0.01, method + ": Σ sin² of the principal angles went from " + before + " to " + after
                    + " (largest angle " + Math.toDegrees(angles[K - 1]) + "°)");
            double[] w = res.objectives();
            assertTrue(w[w.length - 1] < w[0], method + ": the loss went from " + w[0] + " to " + w[w.length - 1]);
            // the basis has orthonormal rows
            for (int i = 0; i < K; i++) {
                for (int j = 0; j < K; j++) {
                    double dot = 0;
                    for (int c = 0; c < D; c++) {
                        dot += res.basis()[i][c] * res.basis()[j][c];
                    }
                    assertEquals(i == j ? 1 : 0, dot, 1e-10);
                }
            }
        }
    }

    @Test
    void principalAnglesOfKnownSubspaces() {
        double[][] a = {{1, 0, 0}, {0, 1, 0}};
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        double[][] b = {{1, 0, 0}, {0, c, s}};
        assertArrayEquals(new double[]{0, 0.3}, PrincipalAngles.between(a, b), 1e-12);
        assertEquals(s * s, PrincipalAngles.sinSquaredSum(a, b), 1e-14);
        assertThrows(IllegalArgumentException.class, () -> PrincipalAngles.between(a, new double[][]{{1, 0, 0}}));
    }
}
