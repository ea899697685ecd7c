package org.panopt.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Every level-1 operation, float64 and float32, against a straightforward scalar reference in double,
 * over the shape classes: n = 0, 1, small primes, multiples and non-multiples of the lane counts;
 * increments ±1, ±3, mixed signs (which pair elements in reverse); native, heap and sliced segments
 * with offsets; α and β in {0, 1, −1, a generic value, NaN}. Each case also checks that nothing
 * outside the operands was written.
 *
 * <p>Implementations come from {@link #implementations()}: a second one (OpenBLAS through the native
 * binding) is added there; an operation it lacks is skipped for it.
 */
class Level1SuiteTest {
    static final int[] NS = {0, 1, 2, 3, 5, 7, 8, 13, 16, 17, 31, 32, 33, 64, 67, 100, 257};
    static final int[][] INCS = {{1, 1}, {-1, -1}, {1, -1}, {3, 1}, {-3, 3}, {2, -3}};
    static final double[] SCALARS = {0, 1, -1, 0.37, Double.NaN};
    static final String[] OPS = {"dot", "axpy", "axpby", "scal", "copy", "swap", "nrm2", "asum", "iamax", "sum", "max",
        "mul", "fma"};

    /** The implementations under test (the native OpenBLAS binding adds itself here when it lands). */
    static List<BlasImplementation> implementations() {
        return List.of(new PanoptBlas());
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (BlasImplementation impl : implementations()) {
            for (String op : OPS) {
                out.add(Arguments.of(impl, op, false));
                out.add(Arguments.of(impl, op, true));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} f32={2}")
    @MethodSource("cases")
    void matchesScalarReference(BlasImplementation impl, String op, boolean f32) {
        SplittableRandom r = new SplittableRandom(op.hashCode() * 31L + (f32 ? 1 : 0));
        int caseNo = 0;
        for (int n : NS) {
            for (int[] inc : INCS) {
                int kind = caseNo++ % 3;
                String what = impl.name() + " " + op + (f32 ? " f32" : " f64") + " n=" + n + " inc=" + inc[0] + ","
                        + inc[1] + " kind=" + kind;
                try {
                    run(impl, op, f32, n, inc[0], inc[1], kind, r, what);
                } catch (UnsupportedOperationException e) {
                    Assumptions.abort(impl.name() + " has no " + op);
                }
            }
        }
    }

    private static void run(BlasImplementation impl, String op, boolean f32, int n, int incx, int incy, int kind,
                            SplittableRandom r, String what) {
        Operand x = Operand.vector(r, f32, n, incx, kind);
        Operand y = Operand.vector(r, f32, n, incy, (kind + 1) % 3);
        double[] xv = x.values(), yv = y.values();
        double u = u(f32);
        switch (op) {
            case "dot" -> {
                double e = 0, mag = 0;
                for (int k = 0; k < n; k++) {
                    e += xv[k] * yv[k];
                    mag += Math.abs(xv[k] * yv[k]);
                }
                close(e, impl.dot(f32, n, x.seg, x.off, incx, y.seg, y.off, incy), 2 * (n + 2) * u * mag, what);
            }
            case "axpy" -> {
                for (double a0 : SCALARS) {
                    double a = f32 ? (float) a0 : a0;
                    Operand yy = Operand.vector(r, f32, n, incy, kind);
                    double[] y0 = yy.values();
                    impl.axpy(f32, n, a, x.seg, x.off, incx, yy.seg, yy.off, incy);
                    for (int k = 0; k < n; k++) {
                        double e = a == 0 ? y0[k] : a * xv[k] + y0[k];
                        close(e, yy.get(k), 2 * u * (Math.abs(a * xv[k]) + Math.abs(y0[k])), what + " alpha=" + a);
                    }
                    yy.assertOutsideUntouched(what);
                }
            }
            case "axpby" -> {
                for (double a0 : SCALARS) {
                    for (double b0 : SCALARS) {
                        double a = f32 ? (float) a0 : a0, b = f32 ? (float) b0 : b0;
                        Operand yy = Operand.vector(r, f32, n, incy, kind);
                        if (b == 0 && n > 0) {
                            yy.set(0, Double.NaN); // β = 0: y is not read, so this NaN must vanish
                            yy.mark();
                        }
                        double[] y0 = yy.values();
                        impl.axpby(f32, n, a, x.seg, x.off, incx, b, yy.seg, yy.off, incy);
                        for (int k = 0; k < n; k++) {
                            double ax = a == 0 ? 0 : a * xv[k], by = b == 0 ? 0 : b * y0[k];
                            close(ax + by, yy.get(k), 3 * u * (Math.abs(ax) + Math.abs(by)),
                                    what + " alpha=" + a + " beta=" + b);
                        }
                        yy.assertOutsideUntouched(what);
                    }
                }
            }
            case "scal" -> {
                for (double a0 : SCALARS) {
                    double a = f32 ? (float) a0 : a0;
                    Operand xx = Operand.vector(r, f32, n, incx, kind);
                    double[] x0 = xx.values();
                    impl.scal(f32, n, a, xx.seg, xx.off, incx);
                    for (int k = 0; k < n; k++) {
                        close(a * x0[k], xx.get(k), u * Math.abs(a * x0[k]), what + " alpha=" + a);
                    }
                    xx.assertOutsideUntouched(what);
                }
            }
            case "copy" -> {
                impl.copy(f32, n, x.seg, x.off, incx, y.seg, y.off, incy);
                for (int k = 0; k < n; k++) {
                    assertEquals(xv[k], y.get(k), what);
                }
                y.assertOutsideUntouched(what);
                x.assertUnchanged(what);
            }
            case "swap" -> {
                impl.swap(f32, n, x.seg, x.off, incx, y.seg, y.off, incy);
                for (int k = 0; k < n; k++) {
                    assertEquals(xv[k], y.get(k), what);
                    assertEquals(yv[k], x.get(k), what);
                }
                x.assertOutsideUntouched(what);
                y.assertOutsideUntouched(what);
            }
            case "nrm2" -> {
                double ss = 0;
                for (double v : xv) {
                    ss += v * v;
                }
                double e = Math.sqrt(ss);
                close(e, impl.nrm2(f32, n, x.seg, x.off, incx), (n + 4) * u * e, what);
            }
            case "asum", "sum" -> {
                boolean abs = op.equals("asum");
                double e = 0, mag = 0;
                for (double v : xv) {
                    e += abs ? Math.abs(v) : v;
                    mag += Math.abs(v);
                }
                double got = abs ? impl.asum(f32, n, x.seg, x.off, incx) : impl.sum(f32, n, x.seg, x.off, incx);
                close(e, got, 2 * (n + 2) * u * mag, what);
            }
            case "max" -> {
                double e = Double.NEGATIVE_INFINITY;
                for (double v : xv) {
                    e = Math.max(e, v);
                }
                assertEquals(e, impl.max(f32, n, x.seg, x.off, incx), what);
            }
            case "iamax" -> {
                int e = n == 0 ? -1 : 0;
                for (int k = 1; k < n; k++) {
                    if (Math.abs(xv[k]) > Math.abs(xv[e])) {
                        e = k;
                    }
                }
                assertEquals(e, impl.iamax(f32, n, x.seg, x.off, incx), what);
            }
            case "mul", "fma" -> {
                boolean fma = op.equals("fma");
                for (double a0 : fma ? SCALARS : new double[] {1}) {
                    double a = f32 ? (float) a0 : a0;
                    Operand z = Operand.vector(r, f32, n, incx, (kind + 2) % 3);
                    double[] z0 = z.values();
                    if (fma) {
                        impl.fma(f32, n, a, x.seg, x.off, incx, y.seg, y.off, incy, z.seg, z.off, incx);
                    } else {
                        impl.mul(f32, n, x.seg, x.off, incx, y.seg, y.off, incy, z.seg, z.off, incx);
                    }
                    for (int k = 0; k < n; k++) {
                        double p = a * xv[k] * yv[k], e = fma ? p + z0[k] : p;
                        close(e, z.get(k), 3 * u * (Math.abs(p) + (fma ? Math.abs(z0[k]) : 0)), what + " alpha=" + a);
                    }
                    z.assertOutsideUntouched(what);
                    x.assertUnchanged(what);
                }
            }
            default -> throw new AssertionError(op);
        }
    }
}
