package org.panopt.jmh.sinkhorn;

import java.lang.foreign.Arena;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;

/**
 * The benchmark problems, reproducible bit for bit in NumPy ({@code jmh/peers/pot_sinkhorn.py} builds
 * the same ones): points {@code x_ik = frac(sin(12.9898·(i + 1) + 78.233·(k + 1))·43758.5453)} in
 * [0, 1)^d, y the same with {@code i + n + 1}, cost {@code ‖x − y‖²} divided by its maximum.
 */
final class SinkhornProblem {
    private SinkhornProblem() {
    }

    static double hash(long i, long k) {
        double s = Math.sin(12.9898 * i + 78.233 * k) * 43758.5453;
        return s - Math.floor(s);
    }

    /** {@code n × d} points, rows {@code first + 1 ... first + n} of the hash. */
    static Matrix points(Arena arena, int n, int d, long first) {
        Matrix x = Matrix.allocate(arena, DType.F64, n, d);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                x.set(i, k, hash(first + i + 1, k + 1));
            }
        }
        return x;
    }

    /** The largest squared distance between rows of x and y. */
    static double maxCost(Matrix x, Matrix y) {
        double max = 0;
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < y.rows(); j++) {
                max = Math.max(max, sqDist(x, i, y, j));
            }
        }
        return max;
    }

    private static double sqDist(Matrix x, int i, Matrix y, int j) {
        double s = 0;
        for (int k = 0; k < x.cols(); k++) {
            double z = x.get(i, k) - y.get(j, k);
            s += z * z;
        }
        return s;
    }

    /** Divides every coordinate by {@code sqrt(c)} so that the squared distances are divided by c, in dtype t. */
    static Matrix scaled(Arena arena, Matrix p, double c, DType t) {
        Matrix q = Matrix.allocate(arena, t, p.rows(), p.cols());
        double s = 1 / Math.sqrt(c);
        for (int i = 0; i < p.rows(); i++) {
            for (int k = 0; k < p.cols(); k++) {
                q.set(i, k, p.get(i, k) * s);
            }
        }
        return q;
    }

    /** The dense cost {@code ‖x_i − y_j‖²} in dtype t. */
    static Matrix dense(Arena arena, Matrix x, Matrix y, DType t) {
        Matrix c = Matrix.allocate(arena, t, x.rows(), y.rows());
        for (int j = 0; j < y.rows(); j++) {
            for (int i = 0; i < x.rows(); i++) {
                c.set(i, j, sqDist(x, i, y, j));
            }
        }
        return c;
    }
}
