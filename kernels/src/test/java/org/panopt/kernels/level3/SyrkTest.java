package org.panopt.kernels.level3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.panopt.kernels.level3.Operands.Mat;

/**
 * SYRK against the scalar reference and against GEMM of the same product, on the named triangle
 * only: the other triangle must keep its old bits. Both triangles, both transposes, both precisions,
 * both tile shapes (tiny blocks), shapes across the unpacked and packed paths.
 */
class SyrkTest {
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int idx = 0;
        for (boolean f32 : new boolean[]{false, true}) {
            for (GemmTest.Blocks blocks : GemmTest.Blocks.values()) {
                for (int[] s : new int[][]{{0, 3}, {1, 1}, {5, 0}, {7, 3}, {13, 29}, {25, 17}, {64, 64}, {97, 53},
                        {130, 270}}) {
                    for (int t = 0; t < 4; t++) {
                        out.add(Arguments.of(f32, blocks, (t & 1) == 1, t >= 2, s[0], s[1], idx++));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "f32={0} {1} upper={2} trans={3} n={4} k={5}")
    @MethodSource("cases")
    void triangleMatchesReferenceAndGemm(boolean f32, GemmTest.Blocks blocks, boolean upper, boolean trans, int n,
                                         int k, int idx) {
        SplittableRandom rnd = new SplittableRandom(idx);
        double alpha = idx % 3 == 0 ? 1 : -0.5, beta = idx % 2 == 0 ? 0 : 1.25;
        int rows = trans ? k : n, cols = trans ? n : k;
        Mat a = Operands.random(rnd, f32, rows, cols, Math.max(1, rows + idx % 3), idx % 2, null);
        Mat c = Operands.random(rnd, f32, n, n, n + 1, 3, null);
        Mat g = Operands.random(new SplittableRandom(idx), f32, n, n, n + 1, 3, null);
        copy(c, g);
        double[][] ref = Operands.referenceGemm(trans, !trans, n, n, k, alpha, a, a, beta, c, f32);
        double[] before = c.snapshot();
        Operands.syrk(upper, trans, n, k, alpha, a, beta, c, blocks.workspace(f32));
        Operands.gemm(trans, !trans, n, n, k, alpha, a, a, beta, g, blocks.workspace(f32));
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                boolean inside = upper ? i <= j : i >= j;
                if (inside) {
                    double want = ref[0][i + j * n];
                    double tol = ref[1][i + j * n] + (f32 ? Math.abs(want) * 0x1p-24 : 0);
                    assertEquals(want, c.get(i, j), tol, "(" + i + "," + j + ") vs reference");
                    assertEquals(g.get(i, j), c.get(i, j), "(" + i + "," + j + ") vs GEMM (same blocks, same bits)");
                } else {
                    assertEquals(before[(int) (c.off() + i + (long) j * c.ld())], c.get(i, j),
                            "(" + i + "," + j + ") outside the triangle must not change");
                }
            }
        }
    }

    @Test
    void mirrorCompletesTheSymmetricMatrix() {
        for (boolean f32 : new boolean[]{false, true}) {
            for (boolean upper : new boolean[]{false, true}) {
                SplittableRandom rnd = new SplittableRandom(2);
                int n = 37, k = 19;
                Mat a = Operands.random(rnd, f32, k, n, k, 0, null);
                Mat c = Operands.random(rnd, f32, n, n, n + 2, 1, null);
                Mat g = Operands.random(rnd, f32, n, n, n, 0, null);
                Operands.syrk(upper, true, n, k, 1, a, 0, c, null);
                if (f32) {
                    Syrk.smirror(upper, n, c.seg(), c.off(), c.ld());
                } else {
                    Syrk.dmirror(upper, n, c.seg(), c.off(), c.ld());
                }
                Operands.gemm(true, false, n, n, k, 1, a, a, 0, g, null);
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < n; i++) {
                        assertEquals(c.get(j, i), c.get(i, j), "symmetric");
                        // Both triangles of GEMM hold the same sums in a different order: close, not equal.
                        assertEquals(g.get(i, j), c.get(i, j), 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void alphaZeroOnlyScalesTheTriangle() {
        SplittableRandom rnd = new SplittableRandom(4);
        int n = 9;
        Mat a = Operands.random(rnd, false, n, 4, n, 0, null);
        GemmTest.fill(a, Double.NaN);
        Mat c = Operands.random(rnd, false, n, n, n, 0, null);
        double[] before = c.snapshot();
        Operands.syrk(false, false, n, 4, 0, a, 3, c, null);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double old = before[i + j * n];
                assertEquals(i >= j ? 3 * old : old, c.get(i, j));
            }
        }
        Operands.syrk(true, false, n, 4, 0, a, 0, c, null);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                assertEquals(0.0, c.get(i, j));
            }
        }
    }

    private static void copy(Mat from, Mat to) {
        for (int j = 0; j < from.cols(); j++) {
            for (int i = 0; i < from.rows(); i++) {
                to.set(i, j, from.get(i, j));
            }
        }
    }
}
