package org.panopt.algorithms.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/** Polyak step and Armijo backtracking. */
class StepSizeRulesTest {
    /** f(x) = ½ Σ h_i (x_i − c_i)² + f*, allocation-free. */
    record Quadratic(double[] h, double[] c, double fStar) implements Objective {
        @Override
        public double value(Vec x) {
            return Support.quadraticValue(x, h, c) + fStar;
        }

        @Override
        public double valueAndGradient(Vec x, Vec grad) {
            Support.quadraticGradient(x, h, c, grad);
            return value(x);
        }

        static Quadratic random(int n, long seed, double condition) {
            SplittableRandom rnd = new SplittableRandom(seed);
            double[] h = Support.curvatures(rnd, n, condition);
            return new Quadratic(h, Support.gaussian(rnd, n, 1), 0.75);
        }
    }

    @Test
    void polyakStepIsItsFormulaAndConverges() {
        int n = 203;
        Quadratic q = Quadratic.random(n, 1, 20);
        try (Workspace ws = Workspace.create()) {
            Vec x = ws.vector(DType.F64, n);
            Vec g = ws.vector(DType.F64, n);
            PolyakStep polyak = new PolyakStep(n, PolyakStep.Options.withOptimum(q.fStar()));
            // first step by hand: η = (f − f*) / ‖g‖², x ← x − η g
            double f = q.valueAndGradient(x, g);
            double[] g0 = g.toArray();
            double gg = 0;
            for (double v : g0) {
                gg += v * v;
            }
            double eta = polyak.step(x, g, f);
            assertEquals((f - q.fStar()) / gg, eta, 1e-15 * eta);
            for (int i = 0; i < n; i++) {
                assertEquals(-eta * g0[i], x.get(i), 1e-15 * Math.abs(eta * g0[i]));
            }
            double start = f - q.fStar();
            for (int k = 0; k < 2000; k++) {
                polyak.step(x, g, q.valueAndGradient(x, g));
            }
            double gap = q.value(x) - q.fStar();
            assertTrue(gap < 1e-10 * start, "Polyak gap " + gap + " from " + start);
            // at (or below) the optimum the step is zero and x does not move
            double[] before = x.toArray();
            assertEquals(0.0, polyak.step(x, g, q.fStar() - 1));
            assertArrayEquals(before, x.toArray(), 0.0);
        }
    }

    @Test
    void polyakCapAndValidation() {
        try (Arena arena = Arena.ofConfined()) {
            Vec x = Vec.copyOf(arena, 1, 1);
            Vec g = Vec.copyOf(arena, 1, 0);
            PolyakStep capped = new PolyakStep(2, new PolyakStep.Options(0, 1, 0.25));
            assertEquals(0.25, capped.step(x, g, 100));
            assertArrayEquals(new double[] {0.75, 1}, x.toArray(), 0.0);
            assertThrows(IllegalArgumentException.class, () -> capped.step(x, g, Double.NaN));
            assertThrows(IllegalArgumentException.class, () -> new PolyakStep.Options(0, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> new PolyakStep.Options(Double.NaN, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> new PolyakStep.Options(0, 1, 0));
        }
    }

    @Test
    void armijoAcceptsTheFirstSufficientStepAndConverges() {
        int n = 101;
        Quadratic q = Quadratic.random(n, 2, 50);
        try (Workspace ws = Workspace.create()) {
            Vec x = ws.vector(DType.F64, n);
            ArmijoLineSearch ls = new ArmijoLineSearch(ws, n, ArmijoLineSearch.Options.defaults());
            double start = q.value(x) - q.fStar();
            // first step by hand: halve t from 1 until f(x − t g) ≤ f(x) − c t ‖g‖²
            Vec g = ws.vector(DType.F64, n);
            double f0 = q.valueAndGradient(x, g);
            double gg = 0;
            for (int i = 0; i < n; i++) {
                gg += g.get(i) * g.get(i);
            }
            double t = 1;
            int shrinks = 0;
            Vec trial = ws.vector(DType.F64, n);
            while (true) {
                for (int i = 0; i < n; i++) {
                    trial.set(i, x.get(i) - t * g.get(i));
                }
                if (q.value(trial) <= f0 - 1e-4 * t * gg) {
                    break;
                }
                t *= 0.5;
                shrinks++;
            }
            double f1 = ls.step(q, x);
            assertEquals(ArmijoLineSearch.Status.ACCEPTED, ls.lastStatus());
            assertEquals(t, ls.lastStepSize());
            assertEquals(shrinks, ls.lastBacktracks());
            assertArrayEquals(trial.toArray(), x.toArray(), 0.0);
            assertEquals(q.value(trial), f1, 0.0);
            for (int k = 0; k < 3000; k++) {
                ls.step(q, x);
            }
            double gap = q.value(x) - q.fStar();
            assertTrue(gap < 1e-12 * start, "Armijo gap " + gap + " from " + start);
        }
    }

    @Test
    void armijoAlongAGivenDirectionAndItsRefusals() {
        int n = 3;
        Quadratic q = new Quadratic(new double[] {1, 1, 1}, new double[] {1, 2, 3}, 0);
        try (Arena arena = Arena.ofConfined()) {
            ArmijoLineSearch ls = new ArmijoLineSearch(arena, n, ArmijoLineSearch.Options.defaults());
            Vec x = Vec.copyOf(arena, 0, 0, 0);
            Vec g = Vec.allocate(arena, DType.F64, n);
            double f = q.valueAndGradient(x, g);
            // along d = c − x (Newton's direction here) the full step is exact
            Vec d = Vec.copyOf(arena, 1, 2, 3);
            assertEquals(0.0, ls.search(q, x, f, g, d), 1e-15);
            assertEquals(1.0, ls.lastStepSize());
            assertArrayEquals(new double[] {1, 2, 3}, x.toArray(), 0.0);
            // ascent direction: refused, x untouched
            Vec y = Vec.copyOf(arena, 0, 0, 0);
            Vec up = Vec.copyOf(arena, -1, -2, -3);
            assertThrows(IllegalArgumentException.class, () -> ls.search(q, y, f, g, up));
            assertArrayEquals(new double[3], y.toArray(), 0.0);
            // at the minimiser the gradient vanishes: nothing to do
            ls.step(q, x);
            assertEquals(ArmijoLineSearch.Status.STATIONARY, ls.lastStatus());
            // an objective whose value never decreases enough: NO_DECREASE and x unchanged
            Objective flat = new Objective() {
                @Override
                public double value(Vec v) {
                    return 1.0;
                }

                @Override
                public double valueAndGradient(Vec v, Vec grad) {
                    grad.fill(1.0);
                    return 1.0;
                }
            };
            ArmijoLineSearch short3 = new ArmijoLineSearch(arena, n, new ArmijoLineSearch.Options(1, 0.5, 1e-4, 3));
            Vec z = Vec.copyOf(arena, 5, 5, 5);
            short3.step(flat, z);
            assertEquals(ArmijoLineSearch.Status.NO_DECREASE, short3.lastStatus());
            assertArrayEquals(new double[] {5, 5, 5}, z.toArray(), 0.0);
            assertThrows(IllegalArgumentException.class, () -> new ArmijoLineSearch.Options(1, 1, 1e-4, 3));
            assertThrows(IllegalArgumentException.class, () -> new ArmijoLineSearch.Options(1, 0.5, 0, 3));
            assertThrows(IllegalArgumentException.class, () -> new ArmijoLineSearch.Options(-1, 0.5, 0.1, 3));
        }
    }
}
