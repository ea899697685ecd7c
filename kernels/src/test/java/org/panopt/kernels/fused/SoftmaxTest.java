package org.panopt.kernels.fused;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.panopt.kernels.ElementAccess;
import org.panopt.kernels.Operand;
import org.panopt.kernels.Tolerance;

/**
 * Softmax weights (row- and column-wise) and the entropic-map weighted sum against the scalar
 * formula {@code exp(z − lse)} with {@link Math#exp}; rows of P sum to 1 when lse comes from
 * {@link LogSumExp}; nothing outside P or T is written.
 */
class SoftmaxTest {
    static final int[][] SHAPES = {{0, 3}, {3, 0}, {1, 1}, {7, 5}, {8, 9}, {17, 33}, {40, 7}};

    @ParameterizedTest(name = "f32={0}")
    @ValueSource(booleans = {false, true})
    void weightsMatchTheScalarFormulaAndSumToOne(boolean f32) {
        SplittableRandom r = new SplittableRandom(f32 ? 21 : 22);
        double worst = 0;
        int caseNo = 0;
        for (int[] shape : SHAPES) {
            int rows = shape[0], cols = shape[1];
            for (boolean rowWise : new boolean[] {true, false}) {
                for (double eps : new double[] {1, 0.01}) {
                    int kind = caseNo++ % 3, ld = Math.max(1, rows) + caseNo % 3;
                    int along = rowWise ? cols : rows, outs = rowWise ? rows : cols;
                    Operand c = Operand.matrix(r, f32, rows, cols, ld, kind);
                    Operand v = Operand.vector(r, f32, along, 1, kind), w = Operand.vector(r, f32, along, 1, kind);
                    Operand lse = Operand.vector(r, f32, outs, 1, kind), scratch = Operand.vector(r, f32, outs, 1, kind);
                    LogSumExpTest.run(f32, rowWise, rows, cols, c, v, w, eps, lse, scratch);
                    Operand p = Operand.matrix(r, f32, rows, cols, ld + 2, (kind + 1) % 3);
                    if (f32 && rowWise) {
                        Softmax.srowWeights(rows, cols, c.seg, c.off, ld, v.seg, v.off, w.seg, w.off, (float) eps, lse.seg,
                                lse.off, p.seg, p.off, p.ld);
                    } else if (f32) {
                        Softmax.scolWeights(rows, cols, c.seg, c.off, ld, v.seg, v.off, w.seg, w.off, (float) eps, lse.seg,
                                lse.off, p.seg, p.off, p.ld);
                    } else if (rowWise) {
                        Softmax.drowWeights(rows, cols, c.seg, c.off, ld, v.seg, v.off, w.seg, w.off, eps, lse.seg,
                                lse.off, p.seg, p.off, p.ld);
                    } else {
                        Softmax.dcolWeights(rows, cols, c.seg, c.off, ld, v.seg, v.off, w.seg, w.off, eps, lse.seg,
                                lse.off, p.seg, p.off, p.ld);
                    }
                    String what = (rowWise ? "row " : "col ") + rows + "x" + cols + " eps=" + eps + (f32 ? " f32" : "");
                    double[] sums = new double[outs], scale = new double[outs];
                    for (int j = 0; j < cols; j++) {
                        for (int i = 0; i < rows; i++) {
                            double z = LogSumExpTest.z(c, v, w, eps, i, j, rowWise);
                            double l = ElementAccess.get(lse.seg, lse.off + (rowWise ? i : j), f32);
                            double e = Math.exp(z - l);
                            if (f32) {
                                e = (float) Math.exp((float) ((float) z - (float) l));
                            }
                            double u = Tolerance.ulps(e, p.get(i, j), f32);
                            worst = Math.max(worst, u);
                            assertTrue(u <= 1.5, what + " P[" + i + "," + j + "] " + e + " vs " + p.get(i, j));
                            sums[rowWise ? i : j] += p.get(i, j);
                            scale[rowWise ? i : j] = Math.max(scale[rowWise ? i : j], Math.max(Math.abs(z), Math.abs(l)));
                        }
                    }
                    for (int o = 0; o < outs && along > 0; o++) {
                        // Each weight carries the rounding of z and lse (ulp of their magnitude) besides its own.
                        double tol = 8 * (along + 1 + scale[o]) * Tolerance.u(f32);
                        assertTrue(Math.abs(sums[o] - 1) <= tol, what + " sum " + sums[o]);
                    }
                    p.assertOutsideUntouched(what);
                }
            }
        }
        System.out.printf("softmax weights %s: max %.2f ulp vs exp(z - lse)%n", f32 ? "f32" : "f64", worst);
    }

    @ParameterizedTest(name = "f32={0}")
    @ValueSource(booleans = {false, true})
    void weightedSumIsTheBarycentricProjection(boolean f32) {
        SplittableRandom r = new SplittableRandom(23);
        for (int[] shape : SHAPES) {
            int rows = shape[0], cols = shape[1];
            for (int d : new int[] {0, 1, 3}) {
                Operand c = Operand.matrix(r, f32, rows, cols, Math.max(1, rows) + 1, 0);
                Operand v = Operand.vector(r, f32, cols, 1, 1), w = Operand.vector(r, f32, cols, 1, 2);
                Operand lse = Operand.vector(r, f32, rows, 1, 0), scratch = Operand.vector(r, f32, rows, 1, 0);
                double eps = 0.1;
                LogSumExpTest.run(f32, true, rows, cols, c, v, w, eps, lse, scratch);
                Operand y = Operand.matrix(r, f32, cols, d, Math.max(1, cols) + 2, 1);
                Operand t = Operand.matrix(r, f32, rows, d, Math.max(1, rows) + 3, 2);
                double[][] t0 = new double[rows][d];
                for (int i = 0; i < rows; i++) {
                    for (int k = 0; k < d; k++) {
                        t0[i][k] = t.get(i, k);
                    }
                }
                if (f32) {
                    Softmax.srowWeightedSum(rows, cols, c.seg, c.off, c.ld, v.seg, v.off, w.seg, w.off, (float) eps,
                            lse.seg, lse.off, d, y.seg, y.off, y.ld, t.seg, t.off, t.ld);
                } else {
                    Softmax.drowWeightedSum(rows, cols, c.seg, c.off, c.ld, v.seg, v.off, w.seg, w.off, eps, lse.seg,
                            lse.off, d, y.seg, y.off, y.ld, t.seg, t.off, t.ld);
                }
                for (int i = 0; i < rows; i++) {
                    for (int k = 0; k < d; k++) {
                        double e = t0[i][k], mag = Math.abs(t0[i][k]);
                        for (int j = 0; j < cols; j++) {
                            double p = Math.exp(LogSumExpTest.z(c, v, w, eps, i, j, true)
                                    - ElementAccess.get(lse.seg, lse.off + i, f32));
                            e += p * y.get(j, k);
                            mag += Math.abs(p * y.get(j, k));
                        }
                        Tolerance.close(e, t.get(i, k), 4 * (cols + 2) * Tolerance.u(f32) * mag,
                                rows + "x" + cols + " d=" + d + " T[" + i + "," + k + "]");
                    }
                }
                t.assertOutsideUntouched("T");
            }
        }
    }
}
