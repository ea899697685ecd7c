package org.panopt.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.ffi.openblas.OpenBlas;

/**
 * One suite, every host backend available here (java-reference, java-simd, openblas, and dispatchers forced to
 * each side), both dtypes: each operation against row-major double[][] arithmetic done in the test, on
 * plain, transposed, block (non-contiguous) and row-major views.
 */
class HostBackendContractTest {
    static Stream<Arguments> backends() {
        List<Backend<Matrix>> list = new ArrayList<>();
        list.add(ReferenceBackend.INSTANCE);
        list.add(JavaSimdBackend.INSTANCE);
        if (OpenBlas.isAvailable()) {
            list.add(OpenBlasBackend.get());
            Thresholds never = new Thresholds(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, "test");
            Thresholds always = new Thresholds(0, 0, 0, 0, "test");
            list.add(new DispatchingBackend(JavaSimdBackend.INSTANCE, OpenBlasBackend.get(), never));
            list.add(new DispatchingBackend(JavaSimdBackend.INSTANCE, OpenBlasBackend.get(), always));
        }
        List<Arguments> out = new ArrayList<>();
        for (Backend<Matrix> b : list) {
            for (DType t : DType.values()) {
                out.add(Arguments.of(b, t));
            }
        }
        return out.stream();
    }

    static double tol(DType t) {
        return t == DType.F64 ? 1e-12 : 1e-4;
    }

    /** A matrix in one of four layouts: plain, padded block of a bigger one, transposed storage, row-major. */
    static Matrix make(Arena arena, DType t, double[][] v, int layout) {
        int r = v.length, c = v[0].length;
        Matrix m = switch (layout) {
            case 0 -> Matrix.allocate(arena, t, r, c);
            case 1 -> Matrix.allocate(arena, t, r + 3, c + 2).block(2, 1, r, c);
            case 2 -> Matrix.allocate(arena, t, c, r).t();
            default -> Matrix.allocate(arena, t, c + 1, r + 2).block(1, 2, c, r).t();
        };
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                m.set(i, j, v[i][j]);
            }
        }
        return m;
    }

    static double[][] random(int r, int c, long seed) {
        Random rnd = new Random(seed);
        double[][] v = new double[r][c];
        for (double[] row : v) {
            for (int j = 0; j < c; j++) {
                row[j] = rnd.nextInt(17) / 4.0 - 2; // exact in float32 too
            }
        }
        return v;
    }

    static void assertMatrix(double[][] want, Matrix got, double tol) {
        for (int i = 0; i < want.length; i++) {
            for (int j = 0; j < want[0].length; j++) {
                assertEquals(want[i][j], got.get(i, j), tol * Math.max(1, Math.abs(want[i][j])), "(" + i + "," + j + ")");
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backends")
    void gemmOverEveryLayoutOfEachOperand(Backend<Matrix> be, DType t) {
        int m = 5, k = 4, n = 3;
        double[][] a = random(m, k, 1), b = random(k, n, 2), c0 = random(m, n, 3);
        double[][] want = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int q = 0; q < k; q++) {
                    s += a[i][q] * b[q][j];
                }
                want[i][j] = 1.5 * s - 0.5 * c0[i][j];
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            for (int la = 0; la < 4; la++) {
                for (int lb = 0; lb < 4; lb++) {
                    for (int lc = 0; lc < 4; lc++) {
                        Matrix c = make(arena, t, c0, lc);
                        be.gemm(1.5, make(arena, t, a, la), make(arena, t, b, lb), -0.5, c);
                        assertMatrix(want, c, tol(t));
                    }
                }
            }
            // beta = 0: NaN in C is not read
            Matrix c = make(arena, t, c0, 0);
            c.fill(Double.NaN);
            be.gemm(1, make(arena, t, a, 0), make(arena, t, b, 0), 0, c);
            assertTrue(Double.isFinite(c.get(0, 0)));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backends")
    void syrkIsExactlySymmetricAndCorrect(Backend<Matrix> be, DType t) {
        int n = 6, p = 4;
        double[][] a = random(n, p, 4);
        double[][] c0 = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                c0[i][j] = c0[j][i] = (i + 1) * (j + 1) * 0.25;
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            for (int la = 0; la < 4; la++) {
                for (int lc = 0; lc < 4; lc++) {
                    Matrix c = make(arena, t, c0, lc);
                    be.syrk(2, make(arena, t, a, la), 0.5, c);
                    for (int i = 0; i < p; i++) {
                        for (int j = 0; j < p; j++) {
                            double s = 0;
                            for (int q = 0; q < n; q++) {
                                s += a[q][i] * a[q][j];
                            }
                            assertEquals(2 * s + 0.5 * c0[i][j], c.get(i, j), tol(t) * 10);
                            assertEquals(c.get(j, i), c.get(i, j), 0.0, "exactly symmetric");
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backends")
    void elementWiseOperationsAndReductions(Backend<Matrix> be, DType t) {
        int m = 4, n = 5;
        double[][] a = random(m, n, 5), b = random(m, n, 6);
        try (Arena arena = Arena.ofConfined()) {
            for (int la = 0; la < 4; la++) {
                for (int lb = 0; lb < 4; lb++) {
                    Matrix ma = make(arena, t, a, la), mb = make(arena, t, b, lb);
                    double[][] want = new double[m][n];
                    double dot = 0, sq = 0;
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            want[i][j] = 2 * a[i][j] - 3 * b[i][j];
                            dot += a[i][j] * b[i][j];
                            sq += a[i][j] * a[i][j];
                        }
                    }
                    Matrix c = make(arena, t, random(m, n, 9), (la + lb) % 4);
                    be.geam(2, ma, -3, mb, c);
                    assertMatrix(want, c, tol(t));
                    assertEquals(dot, be.dot(ma, mb), tol(t) * 10);
                    assertEquals(Math.sqrt(sq), be.norm(ma), tol(t) * 10);

                    Matrix y = make(arena, t, b, lb);
                    be.axpy(0.5, ma, y);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            want[i][j] = b[i][j] + 0.5 * a[i][j];
                        }
                    }
                    assertMatrix(want, y, tol(t));
                    Matrix d = make(arena, t, random(m, n, 10), lb);
                    be.copy(ma, d);
                    assertMatrix(a, d, 0);
                }
            }
            // in place: C may be the very same view as A or B
            Matrix x = make(arena, t, a, 1), y = make(arena, t, b, 3);
            be.geam(2, x, 1, y, x);
            be.geam(1, x, -1, y, y); // y <- x - y = 2a
            double[][] twoA = new double[m][n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    twoA[i][j] = 2 * a[i][j];
                }
            }
            assertMatrix(twoA, y, tol(t));
            be.scale(-0.5, y);
            be.addIdentity(1, y);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(-a[i][j] + (i == j ? 1 : 0), y.get(i, j), tol(t));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backends")
    void normHasNoOverflowOrUnderflowAndOverlapsAreRefused(Backend<Matrix> be, DType t) {
        double big = t == DType.F64 ? 1e300 : 1e30;
        try (Arena arena = Arena.ofConfined()) {
            Matrix m = make(arena, t, new double[][]{{big, big}, {big, -big}}, 1);
            assertEquals(2 * big, be.norm(m), 2 * big * tol(t));
            double tiny = t == DType.F64 ? 1e-300 : 1e-30;
            Matrix s = make(arena, t, new double[][]{{tiny, tiny}, {tiny, tiny}}, 3);
            assertEquals(2 * tiny, be.norm(s), 2 * tiny * tol(t) * 10);

            Matrix big6 = Matrix.allocate(arena, t, 6, 6);
            Matrix a = big6.block(0, 0, 3, 3), overlapping = big6.block(1, 1, 3, 3), other = Matrix.allocate(arena, t, 3, 3);
            double before = overlapping.get(0, 0);
            assertThrows(IllegalArgumentException.class, () -> be.gemm(1, a, other, 0, overlapping));
            assertThrows(IllegalArgumentException.class, () -> be.axpy(1, a, overlapping));
            assertThrows(IllegalArgumentException.class, () -> be.geam(1, a, 1, other, overlapping));
            assertEquals(before, overlapping.get(0, 0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> be.gemm(1, a, Matrix.allocate(arena, t, 2, 3), 0, other));
            assertTrue(e.getMessage().startsWith("gemm: C = A·B: shapes do not match"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backends")
    void heapViewsWork(Backend<Matrix> be, DType t) {
        Matrix a = t == DType.F64 ? Matrix.wrap(new double[]{1, 2, 3, 4}, 2, 2) : Matrix.wrap(new float[]{1, 2, 3, 4}, 2, 2);
        Matrix c = t == DType.F64 ? Matrix.wrap(new double[4], 2, 2) : Matrix.wrap(new float[4], 2, 2);
        be.gemm(1, a, a.t(), 0, c); // [1 3; 2 4][1 2; 3 4] = [10 14; 14 20]
        assertMatrix(new double[][]{{10, 14}, {14, 20}}, c, 0);
        assertEquals(30, be.dot(a, a), 0);
    }
}
