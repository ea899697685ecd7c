package org.panopt.algorithms.landing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panopt.algorithms.landing.problems.BlockRayleigh;
import org.panopt.algorithms.landing.problems.Procrustes;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;

/** The safe-step invariant: with a huge requested step, {@code ‖XᵀX − I‖ ≤ ε} at every iterate. */
class SafeStepTest {
    @ParameterizedTest
    @CsvSource({"0.5, 0.1", "0.5, 0.5", "1, 0.5", "1, 0.9", "4, 0.3", "10, 0.05"})
    void distanceStaysWithinEpsilonAtEveryIterate(double lambda, double eps) {
        Backend<Matrix> be = Fixtures.fast();
        SplittableRandom rnd = new SplittableRandom(31);
        int n = 15, p = 5, m = 20;
        try (Workspace ws = Workspace.create()) {
            // two problems: Procrustes on the orthogonal group, PCA on St(n, p), both started at ≈ ε/2
            Matrix a = Matrix.copyOf(ws.arena(), Fixtures.gaussian(rnd, n, m));
            Matrix b = Matrix.copyOf(ws.arena(), Fixtures.gaussian(rnd, n, m));
            Matrix sq = start(ws, rnd, n, n, eps);
            check(be, ws, sq, new Procrustes<>(be, ws, a, b), lambda, eps);
            double[] spectrum = new double[n];
            for (int i = 0; i < n; i++) {
                spectrum[i] = 10 * rnd.nextDouble();
            }
            Matrix c = Matrix.copyOf(ws.arena(), Fixtures.symmetric(rnd, spectrum));
            check(be, ws, start(ws, rnd, n, p, eps), new BlockRayleigh<>(be, c), lambda, eps);
        }
    }

    /** Without the safe step the same requested step leaves the ε-neighbourhood at once: the cap is what holds it. */
    @Test
    void theSameStepWithoutTheCapLeavesTheNeighbourhood() {
        Backend<Matrix> be = Fixtures.fast();
        SplittableRandom rnd = new SplittableRandom(32);
        int n = 15, m = 20;
        try (Workspace ws = Workspace.create()) {
            Matrix a = Matrix.copyOf(ws.arena(), Fixtures.gaussian(rnd, n, m));
            Matrix b = Matrix.copyOf(ws.arena(), Fixtures.gaussian(rnd, n, m));
            Matrix x = start(ws, rnd, n, n, 0.5);
            StiefelLanding<Matrix> it = StiefelLanding.of(be, ws, x, new Procrustes<>(be, ws, a, b),
                    LandingOptions.defaults(1.0).withSafeStep(false));
            it.step();
            assertTrue(Fixtures.distance(x) > 0.5, "distance " + Fixtures.distance(x));
        }
    }

    @Test
    void formulaMatchesTheSpecAndItsLimits() {
        // d = 0: η = sqrt(ε/α), capped at 1/(2λ)
        assertEquals(Math.sqrt(0.5 / (4 + 1e-7)), SafeStep.eta(0, 2, 1, 0.5), 1e-15);
        assertEquals(0.25, SafeStep.eta(0, 1e-3, 2, 0.5), 0);
        // d ≥ ε (but < 1): η = 2β/α, which leaves the bound d − 2ηβ + η²α at d
        double d = 0.6, g = 3, beta = 0.6 * 0.4;
        assertEquals(2 * beta / (g * g + 1e-7), SafeStep.eta(d, g, 1, 0.5), 1e-15);
        // d ≥ 1: no step shrinks the distance
        assertEquals(0, SafeStep.eta(1.2, 3, 1, 0.5), 0);
        // the bound holds with equality at the returned η below the cap
        double dd = 0.2, gg = 5, lam = 1, e = 0.5;
        double eta = SafeStep.eta(dd, gg, lam, e);
        double alpha = gg * gg + 1e-7;
        assertEquals(e, dd - 2 * eta * lam * dd * (1 - dd) + eta * eta * alpha, 1e-12);
    }

    private static void check(Backend<Matrix> be, Workspace ws, Matrix x, GradientOracle<Matrix> f, double lambda,
                              double eps) {
        double d0 = Fixtures.distance(x);
        assertTrue(d0 < eps && d0 > 0.3 * eps, "start distance " + d0);
        LandingOptions o = LandingOptions.defaults(1e6).withLambda(lambda).withEps(eps);
        StiefelLanding<Matrix> it = StiefelLanding.of(be, ws, x, f, o);
        double f0 = Double.NaN;
        for (int k = 0; k < 300; k++) {
            it.step();
            if (k == 0) {
                f0 = it.objective();
            }
            double d = Fixtures.distance(x);
            assertTrue(d <= eps * (1 + 1e-12), "iterate " + k + ": distance " + d + " > eps " + eps);
            assertTrue(it.stepSize() <= 0.5 / lambda && it.stepSize() > 0, "step " + it.stepSize());
        }
        assertTrue(it.objective() < f0, "the iteration made progress: f " + f0 + " -> " + it.objective());
    }

    /** A start point at distance between ε/2 and ε: a scaled orthonormal matrix, (1 + s) Q with 2s + s² ≈ ε/(2√p). */
    private static Matrix start(Workspace ws, SplittableRandom rnd, int n, int p, double eps) {
        double target = 0.6 * eps / Math.sqrt(p);
        double s = Math.sqrt(1 + target) - 1;
        double[][] q = Fixtures.nearStiefel(rnd, n, p, 0);
        for (double[] row : q) {
            for (int j = 0; j < p; j++) {
                row[j] *= 1 + s;
            }
        }
        return Matrix.copyOf(ws.arena(), q);
    }
}
