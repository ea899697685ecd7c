package org.panopt.algorithms.landing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.panopt.algorithms.landing.problems.Ica;
import org.panopt.algorithms.landing.problems.Procrustes;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;

/** Bad input: clear exceptions, and the caller's iterate untouched. */
class LandingArgumentsTest {
    final Backend<Matrix> be = Fixtures.fast();
    final SplittableRandom rnd = new SplittableRandom(91);

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> LandingOptions.defaults(0.1).withLambda(0));
        assertThrows(IllegalArgumentException.class, () -> LandingOptions.defaults(0.1).withLambda(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LandingOptions.defaults(0.1).withEps(1));
        assertThrows(IllegalArgumentException.class, () -> LandingOptions.defaults(0.1).withEps(0));
        assertThrows(IllegalArgumentException.class, () -> LandingOptions.defaults(0.1).withMomentum(1));
        assertThrows(IllegalArgumentException.class, () -> LandingOptions.defaults(0.1).withReprojectEvery(-1));
        assertThrows(IllegalArgumentException.class, () -> LandingOptions.defaults(-1));
        assertThrows(IllegalArgumentException.class, () -> GeneralizedLandingOptions.defaults(0.1).withOmega(-1));
    }

    @Test
    void shapesAreChecked() {
        try (Workspace ws = Workspace.create()) {
            Matrix wide = ws.matrix(DType.F64, 3, 5);
            Matrix a = Matrix.copyOf(ws.arena(), Fixtures.gaussian(rnd, 5, 7));
            Matrix b = Matrix.copyOf(ws.arena(), Fixtures.gaussian(rnd, 6, 8));
            assertThrows(IllegalArgumentException.class, () -> new Procrustes<>(be, ws, a, b));
            assertThrows(IllegalArgumentException.class,
                    () -> StiefelLanding.of(be, ws, wide, (x, g) -> 0, LandingOptions.defaults(0.1)));
            Matrix tall = ws.matrix(DType.F64, 8, 4);
            Matrix z = Matrix.copyOf(ws.arena(), Fixtures.gaussian(rnd, 4, 40));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StiefelLanding.stochastic(be, ws, tall, new Ica(be, ws, z, 10), LandingOptions.defaults(0.1)));
            assertTrue(e.getMessage().contains("square"), e.getMessage());
            StiefelLanding<Matrix> s = StiefelLanding.stochastic(be, ws, Matrix.copyOf(ws.arena(),
                    Fixtures.nearStiefel(rnd, 4, 4, 0)), new Ica(be, ws, z, 10), LandingOptions.defaults(0.1));
            assertThrows(IndexOutOfBoundsException.class, () -> s.step(4));
        }
    }

    @Test
    void farStartWithTheSafeStepFailsClearlyAndLeavesXUnchanged() {
        try (Workspace ws = Workspace.create()) {
            double[][] far = Fixtures.nearStiefel(rnd, 6, 3, 0);
            for (double[] row : far) {
                for (int j = 0; j < 3; j++) {
                    row[j] *= 2;     // XᵀX = 4I: distance 3√3
                }
            }
            Matrix x = Matrix.copyOf(ws.arena(), far);
            Matrix a = Matrix.copyOf(ws.arena(), Fixtures.gaussian(rnd, 3, 5));
            Matrix b = Matrix.copyOf(ws.arena(), Fixtures.gaussian(rnd, 6, 5));
            StiefelLanding<Matrix> it = StiefelLanding.of(be, ws, x, new Procrustes<>(be, ws, a, b),
                    LandingOptions.defaults(0.1));
            IllegalStateException e = assertThrows(IllegalStateException.class, it::step);
            assertTrue(e.getMessage().contains("projectStart"), e.getMessage());
            assertArrayEquals(far, x.toArray());
            // projecting the start fixes it
            Matrix y = Matrix.copyOf(ws.arena(), far);
            StiefelLanding<Matrix> ok = StiefelLanding.of(be, ws, y, new Procrustes<>(be, ws, a, b),
                    LandingOptions.defaults(0.1).withProjectStart(true));
            assertTrue(Fixtures.distance(y) < 1e-13, "projected start: " + Fixtures.distance(y));
            ok.step();
        }
    }

    @Test
    void nonFiniteGradientFailsClearlyAndLeavesXUnchanged() {
        try (Workspace ws = Workspace.create()) {
            double[][] x0 = Fixtures.nearStiefel(rnd, 6, 3, 0.01);
            Matrix x = Matrix.copyOf(ws.arena(), x0);
            GradientOracle<Matrix> nan = (at, g) -> {
                g.fill(0);
                g.set(2, 1, Double.NaN);
                return 0;
            };
            StiefelLanding<Matrix> it = StiefelLanding.of(be, ws, x, nan, LandingOptions.defaults(0.1));
            assertThrows(IllegalStateException.class, it::step);
            assertArrayEquals(x0, x.toArray());
            GeneralizedStiefelLanding<Matrix> gen = new GeneralizedStiefelLanding<>(be, ws, x, nan,
                    (at, bx) -> be.copy(at, bx), GeneralizedLandingOptions.defaults(0.1));
            assertThrows(IllegalStateException.class, gen::step);
            assertArrayEquals(x0, x.toArray());
        }
    }
}
