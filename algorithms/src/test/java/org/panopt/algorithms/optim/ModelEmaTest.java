package org.panopt.algorithms.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

class ModelEmaTest {
    @Test
    void fixedTargetIdentity64StepsAtRhoEqual8StepsAtRho8() {
        int n = 1001;
        SplittableRandom rnd = new SplittableRandom(1);
        double rho = 0.97;
        try (Workspace ws = Workspace.create()) {
            Vec theta0 = ws.vector(DType.F64, n);
            Vec theta = ws.vector(DType.F64, n);
            Support.load(theta0, Support.gaussian(rnd, n, 1));
            Support.load(theta, Support.gaussian(rnd, n, 1));
            ModelEma slow = new ModelEma(ws, theta0, new ModelEma.Options(rho));
            ModelEma fast = new ModelEma(ws, theta0, new ModelEma.Options(EmaScaling.momentum(rho, 8)));
            for (int k = 0; k < 64; k++) {
                slow.step(theta);
            }
            for (int k = 0; k < 8; k++) {
                fast.step(theta);
            }
            double[] a = slow.ema().toArray();
            double[] b = fast.ema().toArray();
            double[] exact = new double[n];
            double w = Math.pow(rho, 64);
            for (int i = 0; i < n; i++) {
                exact[i] = w * theta0.get(i) + (1 - w) * theta.get(i);
            }
            for (int i = 0; i < n; i++) {
                double scale = Math.abs(theta0.get(i)) + Math.abs(theta.get(i));
                assertEquals(exact[i], a[i], 1e-13 * scale, "64 steps at rho, element " + i);
                assertEquals(a[i], b[i], 1e-13 * scale, "64 steps at rho vs 8 at rho^8, element " + i);
            }
            // and the identity is not trivial: 8 steps at rho itself land elsewhere
            ModelEma wrong = new ModelEma(ws, theta0, new ModelEma.Options(rho));
            for (int k = 0; k < 8; k++) {
                wrong.step(theta);
            }
            assertTrue(Support.distance(wrong.ema().toArray(), a) > 0.1 * Support.norm(a));
        }
    }

    @Test
    void float32IdentityAndReference() {
        int n = 37;
        SplittableRandom rnd = new SplittableRandom(2);
        try (Arena arena = Arena.ofConfined()) {
            double[] t0 = Support.gaussian(rnd, n, 1);
            double[] t1 = Support.gaussian(rnd, n, 1);
            Vec theta0 = Vec.copyOf(arena, DType.F32, t0);
            Vec theta = Vec.copyOf(arena, DType.F32, t1);
            float rho = 0.9f;
            ModelEma ema = new ModelEma(arena, theta0, new ModelEma.Options(rho));
            float[] ref = new float[n];
            for (int i = 0; i < n; i++) {
                ref[i] = (float) t0[i];
            }
            for (int k = 0; k < 64; k++) {
                ema.step(theta);
                for (int i = 0; i < n; i++) {
                    ref[i] = rho * ref[i] + (1.0f - rho) * (float) t1[i];
                }
            }
            assertEquals(DType.F32, ema.ema().dtype());
            for (int i = 0; i < n; i++) {
                assertEquals(ref[i], (float) ema.ema().get(i), 0.0f, "float32 element " + i);
            }
            ModelEma fast = new ModelEma(arena, theta0, new ModelEma.Options(Math.pow(0.9, 8)));
            for (int k = 0; k < 8; k++) {
                fast.step(theta);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(ema.ema().get(i), fast.ema().get(i), 1e-5, "float32 identity, element " + i);
            }
        }
    }

    /**
     * Streaming least squares trained with minibatch SGD at batch size B and at κB: the scaled run
     * sees the same samples (its batch k is the union of the base batches κk … κk + κ − 1), takes
     * κ times fewer steps, and uses the rule's η̂ = κη and ρ̂ = ρ^κ. Its EMA should follow the base
     * EMA (compared at equal samples seen); with ρ left unscaled it should not.
     */
    @ParameterizedTest(name = "kappa = {0}")
    @ValueSource(ints = {4, 16})
    void scalingRuleKeepsEmaTrajectoryOnAQuadratic(int kappa) {
        Trajectories t = Trajectories.run(kappa);
        System.out.printf("kappa=%d: rule %.4f, unscaled rho %.4f%n", kappa, t.withRule, t.withoutRhoScaling);
        assertTrue(t.withRule < 0.05, "with the rule the EMA trajectories deviate by " + t.withRule);
        assertTrue(t.withoutRhoScaling > 0.2, "without scaling rho they deviate by only " + t.withoutRhoScaling);
        assertTrue(t.withoutRhoScaling > 5 * t.withRule);
    }

    /** Max over the run of ‖ζ_scaled − ζ_base‖ / ‖θ*‖ at equal samples seen. */
    record Trajectories(double withRule, double withoutRhoScaling) {
        static final int D = 16;
        static final int BASE_BATCH = 2;
        static final int BASE_STEPS = 6400;
        static final double LR = 0.005;
        static final double RHO = 0.99;

        static Trajectories run(int kappa) {
            SplittableRandom rnd = new SplittableRandom(42);
            double[] star = Support.gaussian(rnd, D, 1);
            int samples = BASE_STEPS * BASE_BATCH;
            double[][] xs = new double[samples][];
            double[] ys = new double[samples];
            for (int s = 0; s < samples; s++) {
                xs[s] = Support.gaussian(rnd, D, 1);
                double y = 0;
                for (int j = 0; j < D; j++) {
                    y += xs[s][j] * star[j];
                }
                ys[s] = y + 0.5 * Support.gaussian(rnd, 1, 1)[0];
            }
            EmaScaling.Scaled<Sgd.Options> scaled = EmaScaling.sgd(BASE_BATCH, RHO, Sgd.Options.of(LR), kappa);
            double[][] base = emaPath(xs, ys, BASE_BATCH, Sgd.Options.of(LR), RHO);
            double[][] rule = emaPath(xs, ys, (int) scaled.batchSize(), scaled.optimizer(), scaled.rho());
            double[][] plain = emaPath(xs, ys, (int) scaled.batchSize(), scaled.optimizer(), RHO);
            assertEquals(BASE_STEPS / kappa, scaled.steps(BASE_STEPS));
            double norm = Support.norm(star);
            double errRule = 0;
            double errPlain = 0;
            for (int k = 1; k < rule.length; k++) {
                errRule = Math.max(errRule, Support.distance(rule[k], base[k * kappa]) / norm);
                errPlain = Math.max(errPlain, Support.distance(plain[k], base[k * kappa]) / norm);
            }
            return new Trajectories(errRule, errPlain);
        }

        /** EMA after each step of minibatch SGD from θ = 0 over the samples in order; row 0 is ζ₀. */
        static double[][] emaPath(double[][] xs, double[] ys, int batch, Sgd.Options o, double rho) {
            int steps = xs.length / batch;
            double[][] path = new double[steps + 1][];
            try (Workspace ws = Workspace.create()) {
                Vec theta = ws.vector(DType.F64, D);
                Vec grad = ws.vector(DType.F64, D);
                Sgd sgd = new Sgd(ws, D, o);
                ModelEma ema = new ModelEma(ws, theta, new ModelEma.Options(rho));
                path[0] = ema.ema().toArray();
                double[] g = new double[D];
                for (int k = 0; k < steps; k++) {
                    java.util.Arrays.fill(g, 0);
                    for (int s = k * batch; s < (k + 1) * batch; s++) {
                        double r = -ys[s];
                        for (int j = 0; j < D; j++) {
                            r += xs[s][j] * theta.get(j);
                        }
                        for (int j = 0; j < D; j++) {
                            g[j] += r * xs[s][j] / batch;
                        }
                    }
                    Support.load(grad, g);
                    sgd.step(theta, grad);
                    ema.step(theta);
                    path[k + 1] = ema.ema().toArray();
                }
            }
            return path;
        }
    }

    @Test
    void rejectsBadMomentumAndMismatches() {
        assertThrows(IllegalArgumentException.class, () -> new ModelEma.Options(1.0));
        assertThrows(IllegalArgumentException.class, () -> new ModelEma.Options(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new ModelEma.Options(Double.NaN));
        try (Arena arena = Arena.ofConfined()) {
            Vec p = Vec.allocate(arena, DType.F64, 4);
            ModelEma ema = new ModelEma(arena, p, new ModelEma.Options(0.5));
            assertThrows(IllegalArgumentException.class, () -> ema.step(Vec.allocate(arena, DType.F64, 5)));
            assertThrows(IllegalArgumentException.class, () -> ema.step(Vec.allocate(arena, DType.F32, 4)));
            assertThrows(IllegalArgumentException.class, () -> ema.setRho(1.5));
        }
    }

    @Test
    void stepsMatchScalarReferenceBitwise() {
        int n = 99;
        SplittableRandom rnd = new SplittableRandom(9);
        double[] z = Support.gaussian(rnd, n, 1);
        try (Arena arena = Arena.ofConfined()) {
            Vec theta = Vec.copyOf(arena, z);
            ModelEma ema = new ModelEma(arena, theta, new ModelEma.Options(0.999));
            for (int k = 0; k < 50; k++) {
                double[] t = Support.gaussian(rnd, n, 1);
                Support.load(theta, t);
                ema.step(theta);
                for (int i = 0; i < n; i++) {
                    z[i] = 0.999 * z[i] + (1 - 0.999) * t[i];
                }
            }
            assertArrayEquals(z, ema.ema().toArray(), 0.0);
        }
    }
}
