package org.panopt.algorithms.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;

class BloopTest {
    private static final double EPS = 1e-7;

    /** Runs one Bloop call on small heap vectors and returns the direction. */
    private static double[] call(Bloop b, Arena arena, double[] gMain, double[] gAux) {
        Vec out = Vec.allocate(arena, DType.F64, gMain.length);
        b.direction(Vec.copyOf(arena, gMain), Vec.copyOf(arena, gAux), out);
        return out.toArray();
    }

    @Test
    void firstStepsByHand() {
        try (Arena arena = Arena.ofConfined()) {
            Bloop b = new Bloop(arena, 2, Bloop.Options.defaults());
            // call 1: e = g_main = (1, 0); r = <e, g_aux> / (|e|^2 + eps) = 1 / (1 + 1e-7)
            double[] d1 = call(b, arena, new double[] {1, 0}, new double[] {1, 1});
            double r1 = 1 / (1 + EPS);
            assertArrayEquals(new double[] {1, 0}, b.ema().toArray(), 0.0);
            assertEquals(r1, b.lastRatio(), 1e-16);
            assertArrayEquals(new double[] {1 + 0.1 * (1 - r1), 0.1}, d1, 1e-15);
            // call 2: e = (1, 0) + 0.1 ((0, 1) - (1, 0)) = (0.9, 0.1); |e|^2 = 0.82; <e, g_aux> = 0.9
            double[] d2 = call(b, arena, new double[] {0, 1}, new double[] {1, 0});
            double r2 = 0.9 / (0.82 + EPS);
            assertArrayEquals(new double[] {0.9, 0.1}, b.ema().toArray(), 1e-16);
            assertEquals(r2, b.lastRatio(), 1e-15);
            assertArrayEquals(new double[] {0.1 * (1 - r2 * 0.9), 1 - 0.1 * r2 * 0.1}, d2, 1e-15);
            // call 3: e = (0.9, 0.1) + 0.1 ((2, 2) - (0.9, 0.1)) = (1.01, 0.29); g_aux orthogonal to e
            double[] d3 = call(b, arena, new double[] {2, 2}, new double[] {-0.29, 1.01});
            assertArrayEquals(new double[] {1.01, 0.29}, b.ema().toArray(), 1e-15);
            assertEquals(0.0, b.lastRatio(), 1e-15);
            assertArrayEquals(new double[] {2 - 0.029, 2 + 0.101}, d3, 1e-15);
        }
    }

    @Test
    void variantsByHand() {
        try (Arena arena = Arena.ofConfined()) {
            double[] gm = {1, 0};
            double[] ga = {50, 1};
            double r = 50 / (1 + EPS);
            Bloop standard = new Bloop(arena, 2, Bloop.Options.defaults());
            assertArrayEquals(new double[] {1 + 0.1 * (50 - r), 0.1}, call(standard, arena, gm, ga), 1e-14);
            // ratio only: (1 - λ r) g_main + λ g_aux
            Bloop ratioOnly = new Bloop(arena, 2, Bloop.Options.defaults().withVariant(Bloop.Variant.RATIO_ONLY));
            assertArrayEquals(new double[] {(1 - 0.1 * r) + 0.1 * 50, 0.1}, call(ratioOnly, arena, gm, ga), 1e-14);
            // dynamic barrier: r = 50 is clipped at 1/λ = 10
            Bloop barrier = new Bloop(arena, 2,
                    Bloop.Options.defaults().withVariant(Bloop.Variant.DYNAMIC_BARRIER));
            assertArrayEquals(new double[] {1 + 0.1 * (50 - 10), 0.1}, call(barrier, arena, gm, ga), 1e-14);
            assertEquals(10.0, barrier.lastRatio(), 1e-15);
            // zero init: e = β g_main = (0.1, 0) after the first call; r = 5 / (0.01 + eps); rescale by 1/(1 + λ)
            Bloop zeros = new Bloop(arena, 2,
                    Bloop.Options.defaults().withInit(Bloop.Init.ZEROS).withRescale(true));
            double[] d = call(zeros, arena, gm, ga);
            double rz = 5 / (0.01 + EPS);
            assertArrayEquals(new double[] {0.1, 0}, zeros.ema().toArray(), 1e-17);
            assertArrayEquals(new double[] {(1 + 0.1 * (50 - rz * 0.1)) / 1.1, 0.1 / 1.1}, d, 1e-13);
        }
    }

    /** The reference code's direction, written plainly: update e, then project. */
    private static double[] reference(double[] e, double[] gm, double[] ga, Bloop.Options o, boolean first) {
        int n = e.length;
        double beta = first && o.init() == Bloop.Init.FIRST_GRADIENT ? 1.0 : o.beta();
        double dot = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            e[i] = e[i] + beta * (gm[i] - e[i]);
            dot += e[i] * ga[i];
            sq += e[i] * e[i];
        }
        double r = dot / (sq + EPS);
        if (o.variant() == Bloop.Variant.DYNAMIC_BARRIER) {
            r = Math.min(r, 1 / o.lambda());
        }
        double scale = o.rescale() ? 1 / (1 + o.lambda()) : 1;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = o.variant() == Bloop.Variant.RATIO_ONLY
                    ? scale * ((1 - o.lambda() * r) * gm[i] + o.lambda() * ga[i])
                    : scale * (gm[i] + o.lambda() * (ga[i] - r * e[i]));
        }
        return d;
    }

    @ParameterizedTest
    @EnumSource(Bloop.Variant.class)
    void matchesReferenceOnRandomVectorsAndKeepsTheMainComponent(Bloop.Variant variant) {
        int n = 1013;
        SplittableRandom rnd = new SplittableRandom(17);
        Bloop.Options o = Bloop.Options.defaults().withVariant(variant).withLambda(variant == Bloop.Variant.DYNAMIC_BARRIER ? 0.5 : 0.1);
        double[] e = new double[n];
        try (Arena arena = Arena.ofConfined()) {
            Bloop b = new Bloop(arena, n, o);
            Vec gMain = Vec.allocate(arena, DType.F64, n);
            Vec gAux = Vec.allocate(arena, DType.F64, n);
            Vec out = Vec.allocate(arena, DType.F64, n);
            double[] drift = Support.gaussian(rnd, n, 1);
            for (int k = 0; k < 60; k++) {
                double[] gm = Support.gaussian(rnd, n, 1);
                for (int i = 0; i < n; i++) {
                    gm[i] += drift[i]; // a persistent main direction plus noise, as in training
                }
                double[] ga = Support.gaussian(rnd, n, 2);
                Support.load(gMain, gm);
                Support.load(gAux, ga);
                b.direction(gMain, gAux, out);
                double[] expected = reference(e, gm, ga, o, k == 0);
                assertArrayEquals(e, b.ema().toArray(), 0.0, "EMA at call " + k);
                double[] d = out.toArray();
                for (int i = 0; i < n; i++) {
                    double scale = Math.abs(gm[i]) + Math.abs(ga[i]) + Math.abs(b.lastRatio() * e[i]);
                    assertEquals(expected[i], d[i], 1e-14 * scale, "call " + k + ", element " + i);
                }
                if (variant != Bloop.Variant.RATIO_ONLY) {
                    // <d, e> = <g_main, e> + λ <g_aux, e> · eps / (|e|^2 + eps): the projection removes
                    // the auxiliary gradient's component along e (exactly so when r is not clipped).
                    double de = 0;
                    double me = 0;
                    double ae = 0;
                    double ee = 0;
                    for (int i = 0; i < n; i++) {
                        de += d[i] * e[i];
                        me += gm[i] * e[i];
                        ae += ga[i] * e[i];
                        ee += e[i] * e[i];
                    }
                    double r = ae / (ee + EPS);
                    double expectedDe = me + o.lambda() * (ae - b.lastRatio() * ee);
                    double tol = 1e-13 * (Math.abs(me) + o.lambda() * (Math.abs(ae) + Math.abs(r) * ee));
                    assertEquals(expectedDe, de, tol, "component along the EMA at call " + k);
                    if (b.lastRatio() == r) {
                        assertEquals(me, de, tol + o.lambda() * Math.abs(ae) * EPS / ee, "orthogonality at call " + k);
                    }
                }
            }
        }
    }

    @Test
    void directionMayReplaceItsInput() {
        try (Arena arena = Arena.ofConfined()) {
            SplittableRandom rnd = new SplittableRandom(4);
            double[] gm = Support.gaussian(rnd, 20, 1);
            double[] ga = Support.gaussian(rnd, 20, 1);
            Bloop a = new Bloop(arena, 20, Bloop.Options.defaults());
            Bloop b = new Bloop(arena, 20, Bloop.Options.defaults());
            double[] expected = call(a, arena, gm, ga);
            Vec inPlace = Vec.copyOf(arena, gm);
            b.direction(inPlace, Vec.copyOf(arena, ga), inPlace);
            assertArrayEquals(expected, inPlace.toArray(), 0.0);
            Vec big = Vec.allocate(arena, DType.F64, 40);
            Vec partial = big.slice(5, 25);
            assertThrows(IllegalArgumentException.class, () -> b.direction(big.slice(0, 20), inPlace, partial));
        }
    }

    @Test
    void rejectsBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> Bloop.Options.defaults().withBeta(0));
        assertThrows(IllegalArgumentException.class, () -> Bloop.Options.defaults().withBeta(1.5));
        assertThrows(IllegalArgumentException.class, () -> Bloop.Options.defaults().withLambda(-1));
        assertThrows(IllegalArgumentException.class, () -> Bloop.Options.defaults().withLambda(Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> Bloop.Options.defaults().withLambda(0).withVariant(Bloop.Variant.DYNAMIC_BARRIER));
        assertThrows(NullPointerException.class, () -> Bloop.Options.defaults().withVariant(null));
        assertTrue(Bloop.Options.defaults().beta() == 0.1 && Bloop.Options.defaults().lambda() == 0.1);
    }
}
