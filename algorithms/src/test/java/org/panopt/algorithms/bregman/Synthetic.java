package org.panopt.algorithms.bregman;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;

/** Seeded synthetic point clouds for the tests. */
final class Synthetic {
    private Synthetic() {
    }

    /** n × d, i.i.d. N(mean, sd²). */
    static Matrix gaussian(Arena arena, SplittableRandom r, int n, int d, double mean, double sd) {
        Matrix m = Matrix.allocate(arena, DType.F64, n, d);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                m.set(i, k, mean + sd * r.nextGaussian());
            }
        }
        return m;
    }

    /**
     * Targets that move only on the first {@code moving} coordinates: a fresh N(0, I) sample shifted
     * by {@code shift} there (the transport map is close to that translation).
     */
    static Matrix shifted(Arena arena, SplittableRandom r, int n, int d, int moving, double shift) {
        Matrix y = gaussian(arena, r, n, d, 0, 1);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < moving; k++) {
                y.set(i, k, y.get(i, k) + (k % 2 == 0 ? shift : -shift));
            }
        }
        return y;
    }

    /** A k × d matrix with orthonormal rows, seeded from {@code r}. */
    static double[][] orthonormalRows(SplittableRandom r, int k, int d) {
        return SubspaceLearning.randomBasis(k, d, r.nextLong());
    }
}
