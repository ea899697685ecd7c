package org.panopt.algorithms.landing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.panopt.algorithms.landing.Fixtures.columns;
import static org.panopt.algorithms.landing.Fixtures.gaussian;
import static org.panopt.algorithms.landing.Fixtures.mul;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panopt.algorithms.landing.problems.Procrustes;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;

/**
 * Procrustes {@code min ½‖XA − B‖²} by landing, on the orthogonal group with a known solution and on
 * St(n, p) with noise, against the closed form (the polar factor of BAᵀ by LAPACK's SVD).
 */
class ProcrustesLandingTest {
    static Stream<Backend<Matrix>> backends() {
        return Fixtures.hostBackends().stream();
    }

    /** B = Q₀A exactly: the landing must find Q₀, on the manifold, with objective 0. */
    @ParameterizedTest
    @MethodSource("backends")
    void orthogonalGroupReachesTheKnownSolution(Backend<Matrix> be) {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 10, m = 30;
        double[][] a = scaled(gaussian(rnd, n, m), 1 / Math.sqrt(m));
        double[][] q0 = Fixtures.rotation(rnd, n);   // same component as the start
        double[][] b = mul(q0, a);
        try (Workspace ws = Workspace.create()) {
            Matrix x = Matrix.copyOf(ws.arena(), Fixtures.nearStiefel(rnd, n, n, 0.01));
            Procrustes<Matrix> f = new Procrustes<>(be, ws, Matrix.copyOf(ws.arena(), a), Matrix.copyOf(ws.arena(), b));
            StiefelLanding<Matrix> it = StiefelLanding.of(be, ws, x, f, LandingOptions.defaults(0.5));
            ManifoldIteration.Result r = it.run(20_000, 1e-13);
            assertTrue(r.converged(), r.toString());
            assertTrue(Fixtures.maxAbsDiff(x.toArray(), q0) <= 1e-10, () -> "max |X - Q0| = "
                    + Fixtures.maxAbsDiff(x.toArray(), q0) + " after " + r);
            assertTrue(Fixtures.distance(x) <= 1e-10, () -> "distance " + Fixtures.distance(x));
            assertEquals(0, objective(x.toArray(), a, b), 1e-20);
            // the oracle's cheap formula cancels terms of size ½‖B‖²: round-off relative to that
            assertEquals(0, r.objective(), 1e-13 * f.halfNormB2());
        }
    }

    /** B = Q₀A + noise on St(n, p): the iterate and the objective match the SVD closed form. */
    @ParameterizedTest
    @MethodSource("backends")
    void stiefelMatchesTheClosedFormSvdAnswer(Backend<Matrix> be) {
        SplittableRandom rnd = new SplittableRandom(12);
        int n = 20, p = 6, m = 24;
        double[][] a = scaled(gaussian(rnd, p, m), 1 / Math.sqrt(m));
        double[][] q0 = columns(Fixtures.orthogonal(rnd, n), 0, p);
        double[][] b = mul(q0, a);
        double[][] noise = gaussian(rnd, n, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                b[i][j] += 0.1 * noise[i][j];
            }
        }
        Fixtures.Polar closed = Fixtures.polar(mul(b, Fixtures.t(a)));
        double sumSigma = 0;
        for (double s : closed.singularValues()) {
            sumSigma += s;
        }
        double fStar = 0.5 * (sq(Fixtures.frob(a)) + sq(Fixtures.frob(b))) - sumSigma;
        try (Workspace ws = Workspace.create()) {
            Matrix x = Matrix.copyOf(ws.arena(), Fixtures.nearStiefel(rnd, n, p, 0.02));
            Procrustes<Matrix> f = new Procrustes<>(be, ws, Matrix.copyOf(ws.arena(), a), Matrix.copyOf(ws.arena(), b));
            StiefelLanding<Matrix> it = StiefelLanding.of(be, ws, x, f, LandingOptions.defaults(0.5));
            ManifoldIteration.Result r = it.run(20_000, 1e-13);
            assertTrue(r.converged(), r.toString());
            assertTrue(Fixtures.maxAbsDiff(x.toArray(), closed.factor()) <= 1e-10,
                    () -> "max |X - polar(BA^T)| = " + Fixtures.maxAbsDiff(x.toArray(), closed.factor()));
            assertTrue(Fixtures.distance(x) <= 1e-10, () -> "distance " + Fixtures.distance(x));
            assertEquals(fStar, objective(x.toArray(), a, b), 1e-10 * Math.abs(fStar));
            assertEquals(fStar, r.objective(), 1e-10 * Math.abs(fStar));
            assertTrue(fStar > 0.01, "the noisy problem has a non-trivial optimum: " + fStar);
        }
    }

    static double objective(double[][] x, double[][] a, double[][] b) {
        double[][] r = mul(x, a);
        for (int i = 0; i < r.length; i++) {
            for (int j = 0; j < r[0].length; j++) {
                r[i][j] -= b[i][j];
            }
        }
        return 0.5 * sq(Fixtures.frob(r));
    }

    static double[][] scaled(double[][] a, double s) {
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= s;
            }
        }
        return a;
    }

    static double sq(double v) {
        return v * v;
    }
}
