package org.panopt.algorithms.prox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;

/**
 * ℓ1 and elastic-net proxes: the optimality condition {@code v − p ∈ t ∂τ(p)} holds, each
 * coordinate agrees with a brute-force 1-D minimiser, in-place calls equal out-of-place ones, and
 * the value functions are what they say.
 */
class ProxTest {
    private static final int D = 37;

    static Prox[] proxes() {
        return new Prox[]{new L1(0.3), new ElasticNet(0.3, 2.0), new ElasticNet(0, 1.5), new Zero()};
    }

    /** (l1, l2) weights of a prox, for the scalar reference. */
    static double[] weights(Prox p) {
        return switch (p) {
            case L1 l -> new double[]{l.weight(), 0};
            case ElasticNet e -> new double[]{e.l1(), e.l2()};
            case Zero z -> new double[]{0, 0};
            default -> throw new IllegalArgumentException();
        };
    }

    @Test
    void optimalityConditionAndBruteForce() {
        SplittableRandom r = new SplittableRandom(11);
        try (Arena arena = Arena.ofConfined()) {
            Vec v = Vec.allocate(arena, DType.F64, D);
            Vec out = Vec.allocate(arena, DType.F64, D);
            for (Prox p : proxes()) {
                double[] w = weights(p);
                for (double t : new double[]{0, 0.1, 1, 3.7}) {
                    for (int k = 0; k < D; k++) {
                        v.set(k, 4 * r.nextDouble() - 2);
                    }
                    v.set(0, 0.0);
                    v.set(1, t * w[0]); // exactly at the threshold
                    p.prox(v, t, out);
                    for (int k = 0; k < D; k++) {
                        double vk = v.get(k);
                        double pk = out.get(k);
                        // v − p − t·l2·p ∈ t·l1·∂|p|
                        double resid = vk - pk - t * w[1] * pk;
                        if (pk != 0) {
                            assertEquals(t * w[0] * Math.signum(pk), resid, 1e-14, p + " t=" + t + " k=" + k);
                        } else {
                            assertTrue(Math.abs(resid) <= t * w[0] + 1e-14, p + " t=" + t + " k=" + k);
                        }
                        assertEquals(bruteForce(vk, t, w[0], w[1]), pk, 1e-7, p + " t=" + t + " k=" + k);
                    }
                }
            }
        }
    }

    /** argmin_z ½(z − v)² + t(l1|z| + l2 z²/2) by golden-section search (accurate to about √ε ≈ 1e-8). */
    static double bruteForce(double v, double t, double l1, double l2) {
        double lo = -Math.abs(v) - 1;
        double hi = Math.abs(v) + 1;
        double g = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 200; it++) {
            double a = hi - g * (hi - lo);
            double b = lo + g * (hi - lo);
            if (obj(a, v, t, l1, l2) <= obj(b, v, t, l1, l2)) {
                hi = b;
            } else {
                lo = a;
            }
        }
        return (lo + hi) / 2;
    }

    static double obj(double z, double v, double t, double l1, double l2) {
        return 0.5 * (z - v) * (z - v) + t * (l1 * Math.abs(z) + 0.5 * l2 * z * z);
    }

    @Test
    void inPlaceEqualsOutOfPlaceAndValuesAreRight() {
        SplittableRandom r = new SplittableRandom(5);
        try (Arena arena = Arena.ofConfined()) {
            Vec v = Vec.allocate(arena, DType.F64, D);
            Vec out = Vec.allocate(arena, DType.F64, D);
            for (Prox p : proxes()) {
                double[] w = weights(p);
                for (int k = 0; k < D; k++) {
                    v.set(k, r.nextGaussian());
                }
                double l1 = 0;
                double sq = 0;
                for (int k = 0; k < D; k++) {
                    l1 += Math.abs(v.get(k));
                    sq += v.get(k) * v.get(k);
                }
                assertEquals(w[0] * l1 + 0.5 * w[1] * sq, p.value(v), 1e-12, p.toString());
                p.prox(v, 0.7, out);
                p.prox(v, 0.7, v);
                for (int k = 0; k < D; k++) {
                    assertEquals(out.get(k), v.get(k), 0.0);
                }
            }
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new L1(-1));
        assertThrows(IllegalArgumentException.class, () -> new L1(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ElasticNet(1, Double.POSITIVE_INFINITY));
        try (Arena arena = Arena.ofConfined()) {
            Vec a = Vec.allocate(arena, DType.F64, 3);
            Vec b = Vec.allocate(arena, DType.F64, 4);
            assertThrows(IllegalArgumentException.class, () -> new L1(1).prox(a, 1, b));
            assertThrows(IllegalArgumentException.class, () -> new L1(1).prox(a, -1, a));
            assertThrows(IllegalArgumentException.class, () -> new ElasticNet(1, 1).prox(a, Double.NaN, a));
        }
    }
}
