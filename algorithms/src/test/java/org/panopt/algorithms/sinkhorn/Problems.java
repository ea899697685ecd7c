package org.panopt.algorithms.sinkhorn;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;

/** Small random problems shared by the Sinkhorn tests (fixed seeds). */
final class Problems {
    private Problems() {
    }

    /** An {@code n × d} matrix of N(shift, 1) entries, column-major. */
    static Matrix gaussian(Arena arena, DType t, int n, int d, double shift, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Matrix x = Matrix.allocate(arena, t, n, d);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                x.set(i, k, shift + gaussian(r));
            }
        }
        return x;
    }

    /** An {@code n × m} matrix of U(0, 1) entries. */
    static Matrix uniform(Arena arena, DType t, int n, int m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Matrix c = Matrix.allocate(arena, t, n, m);
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                c.set(i, j, r.nextDouble());
            }
        }
        return c;
    }

    /** The squared-Euclidean cost of two point clouds, materialised. */
    static Matrix sqDist(Arena arena, Matrix x, Matrix y) {
        Matrix c = Matrix.allocate(arena, x.dtype(), x.rows(), y.rows());
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < y.rows(); j++) {
                double s = 0;
                for (int k = 0; k < x.cols(); k++) {
                    double z = x.get(i, k) - y.get(j, k);
                    s += z * z;
                }
                c.set(i, j, s);
            }
        }
        return c;
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** {@code p − mean(p)}: potentials are defined up to {@code (f + c, g − c)}. */
    static double[] centred(double[] p, double shift) {
        double[] q = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            q[k] = p[k] - shift;
        }
        return q;
    }

    static double mean(double[] p) {
        double s = 0;
        for (double x : p) {
            s += x;
        }
        return s / p.length;
    }

    /** Largest |x − y| after moving the shift of (f, g) so that mean(f) is 0 in both. */
    static double potentialGap(double[] f1, double[] g1, double[] f2, double[] g2) {
        double c1 = mean(f1);
        double c2 = mean(f2);
        double gap = 0;
        for (int i = 0; i < f1.length; i++) {
            gap = Math.max(gap, Math.abs((f1[i] - c1) - (f2[i] - c2)));
        }
        for (int j = 0; j < g1.length; j++) {
            gap = Math.max(gap, Math.abs((g1[j] + c1) - (g2[j] + c2)));
        }
        return gap;
    }
}
