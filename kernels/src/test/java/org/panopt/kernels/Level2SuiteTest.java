package org.panopt.kernels;

import static org.panopt.kernels.Tolerance.close;
import static org.panopt.kernels.Tolerance.u;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GEMV (both transposes), GER and SYMV (both triangles), float64 and float32, against a scalar
 * reference in double: sizes 0, 1, small primes and lane multiples; leading dimensions equal to and
 * larger than the rows; increments ±1, 3, −2; α, β in {0, 1, −1, generic, NaN} with the BLAS rules
 * (β = 0: y not read — a NaN planted in y must vanish; α = 0: A and x not read — a NaN planted in A
 * must not appear; the unreferenced triangle of a SYMV matrix holds NaN). Nothing outside the
 * operands may change. Implementations as in {@link Level1SuiteTest#implementations()}.
 */
class Level2SuiteTest {
    static final int[] SIZES = {0, 1, 3, 8, 17, 33};
    static final int[] INCS = {1, -1, 3, -2};
    static final double[] SCALARS = {0, 1, -1, 0.37, Double.NaN};

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (BlasImplementation impl : Level1SuiteTest.implementations()) {
            for (String op : new String[] {"gemv", "gemvT", "ger", "symvU", "symvL"}) {
                out.add(Arguments.of(impl, op, false));
                out.add(Arguments.of(impl, op, true));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} f32={2}")
    @MethodSource("cases")
    void matchesScalarReference(BlasImplementation impl, String op, boolean f32) {
        SplittableRandom r = new SplittableRandom(op.hashCode() + (f32 ? 7 : 0));
        int caseNo = 0;
        for (int m : SIZES) {
            for (int n : SIZES) {
                if (op.startsWith("symv") && m != n) {
                    continue;
                }
                for (int incx : INCS) {
                    int incy = INCS[(caseNo + 1) % INCS.length];
                    int kind = caseNo++ % 3;
                    int lda = Math.max(1, m) + (caseNo % 2) * 3;
                    for (double a0 : SCALARS) {
                        for (double b0 : SCALARS) {
                            if (op.equals("ger") && b0 != 1) {
                                continue;
                            }
                            double a = f32 ? (float) a0 : a0, b = f32 ? (float) b0 : b0;
                            String what = impl.name() + " " + op + (f32 ? " f32" : " f64") + " m=" + m + " n=" + n
                                    + " incx=" + incx + " incy=" + incy + " lda=" + lda + " alpha=" + a + " beta=" + b;
                            try {
                                run(impl, op, f32, m, n, lda, incx, incy, a, b, kind, r, what);
                            } catch (UnsupportedOperationException e) {
                                Assumptions.abort(impl.name() + " has no " + op);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void run(BlasImplementation impl, String op, boolean f32, int m, int n, int lda, int incx, int incy,
                            double a, double b, int kind, SplittableRandom r, String what) {
        double u = u(f32);
        Operand am = Operand.matrix(r, f32, m, n, lda, kind);
        switch (op) {
            case "gemv", "gemvT" -> {
                boolean t = op.equals("gemvT");
                int lx = t ? m : n, ly = t ? n : m;
                Operand x = Operand.vector(r, f32, lx, incx, (kind + 1) % 3);
                Operand y = Operand.vector(r, f32, ly, incy, (kind + 2) % 3);
                if (b == 0 && ly > 0) {
                    y.set(ly - 1, Double.NaN);
                }
                if (a == 0 && m > 0 && n > 0) {
                    am.set(m - 1, 0, Double.NaN);
                }
                y.mark();
                am.mark();
                double[] y0 = y.values();
                impl.gemv(f32, t, m, n, a, am.seg, am.off, lda, x.seg, x.off, incx, b, y.seg, y.off, incy);
                boolean quick = m == 0 || n == 0 || (a == 0 && b == 1);
                for (int k = 0; k < ly; k++) {
                    double s = 0, mag = 0;
                    for (int l = 0; l < lx; l++) {
                        double p = (t ? am.get(l, k) : am.get(k, l)) * x.get(l);
                        s += p;
                        mag += Math.abs(p);
                    }
                    double by = b == 0 ? 0 : b * y0[k];
                    double e = quick ? y0[k] : (a == 0 ? 0 : a * s) + by;
                    close(e, y.get(k), 2 * (lx + 4) * u * ((a == 0 ? 0 : Math.abs(a) * mag) + Math.abs(by)), what + " k=" + k);
                }
                y.assertOutsideUntouched(what);
                am.assertUnchanged(what);
                x.assertUnchanged(what);
            }
            case "ger" -> {
                Operand x = Operand.vector(r, f32, m, incx, (kind + 1) % 3);
                Operand y = Operand.vector(r, f32, n, incy, (kind + 2) % 3);
                double[][] a0 = new double[m][n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        a0[i][j] = am.get(i, j);
                    }
                }
                impl.ger(f32, m, n, a, x.seg, x.off, incx, y.seg, y.off, incy, am.seg, am.off, lda);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double p = a * x.get(i) * y.get(j);
                        double e = a == 0 ? a0[i][j] : a0[i][j] + p;
                        close(e, am.get(i, j), 3 * u * (Math.abs(a0[i][j]) + Math.abs(p)), what + " i=" + i + " j=" + j);
                    }
                }
                am.assertOutsideUntouched(what);
            }
            case "symvU", "symvL" -> {
                boolean upper = op.equals("symvU");
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < n; i++) {
                        if (upper ? i > j : i < j) {
                            am.set(i, j, Double.NaN); // the unreferenced triangle
                        }
                    }
                }
                Operand x = Operand.vector(r, f32, n, incx, (kind + 1) % 3);
                Operand y = Operand.vector(r, f32, n, incy, (kind + 2) % 3);
                if (b == 0 && n > 0) {
                    y.set(0, Double.NaN);
                }
                y.mark();
                am.mark();
                double[] y0 = y.values();
                impl.symv(f32, upper, n, a, am.seg, am.off, lda, x.seg, x.off, incx, b, y.seg, y.off, incy);
                boolean quick = n == 0 || (a == 0 && b == 1);
                for (int i = 0; i < n; i++) {
                    double s = 0, mag = 0;
                    for (int k = 0; k < n; k++) {
                        boolean stored = upper ? i <= k : i >= k;
                        double p = (stored ? am.get(i, k) : am.get(k, i)) * x.get(k);
                        s += p;
                        mag += Math.abs(p);
                    }
                    double by = b == 0 ? 0 : b * y0[i];
                    double e = quick ? y0[i] : (a == 0 ? 0 : a * s) + by;
                    close(e, y.get(i), 2 * (n + 4) * u * ((a == 0 ? 0 : Math.abs(a) * mag) + Math.abs(by)), what + " i=" + i);
                }
                y.assertOutsideUntouched(what);
                am.assertUnchanged(what);
            }
            default -> throw new AssertionError(op);
        }
    }
}
