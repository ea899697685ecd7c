package org.panopt.algorithms.optim;

import java.util.SplittableRandom;
import org.panopt.core.array.Vec;

/** Shared test helpers: seeded random data, element access, the thread-allocation probe. */
final class Support {
    private Support() {
    }

    static double[] gaussian(SplittableRandom rnd, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            // Box–Muller keeps the draw reproducible without java.util.Random's shared state.
            double u = rnd.nextDouble(Double.MIN_VALUE, 1.0);
            double v = rnd.nextDouble();
            a[i] = scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }
        return a;
    }

    /** Curvatures uniform in [1, condition]: a diagonal strongly convex quadratic. */
    static double[] curvatures(SplittableRandom rnd, int n, double condition) {
        double[] h = new double[n];
        for (int i = 0; i < n; i++) {
            h[i] = 1 + (condition - 1) * rnd.nextDouble();
        }
        return h;
    }

    /** Copies {@code a} into {@code v} (element-wise, any dtype). */
    static void load(Vec v, double[] a) {
        for (int i = 0; i < a.length; i++) {
            v.set(i, a[i]);
        }
    }

    static double norm(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    /** ∇ of f(x) = ½ Σ h_i (x_i − c_i)², written into {@code g}. */
    static void quadraticGradient(Vec x, double[] h, double[] c, Vec g) {
        for (int i = 0; i < h.length; i++) {
            g.set(i, h[i] * (x.get(i) - c[i]));
        }
    }

    static double quadraticValue(Vec x, double[] h, double[] c) {
        double f = 0;
        for (int i = 0; i < h.length; i++) {
            double d = x.get(i) - c[i];
            f += 0.5 * h[i] * d * d;
        }
        return f;
    }
}
