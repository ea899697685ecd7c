package org.panopt.algorithms.retraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.panopt.algorithms.landing.Fixtures.mul;
import static org.panopt.algorithms.landing.Fixtures.t;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.panopt.algorithms.landing.Fixtures;
import org.panopt.algorithms.landing.ManifoldIteration;
import org.panopt.algorithms.landing.problems.Procrustes;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;
import org.panopt.ffi.openblas.OpenBlas;

/** The retractions against each other and the definitions, and the Riemannian baseline against the closed form. */
class RetractionTest {
    @ParameterizedTest
    @EnumSource(DType.class)
    void qrRetractionsGiveQWithPositiveDiagonalR(DType dt) {
        assumeTrue(OpenBlas.isAvailable(), () -> OpenBlas.status().describe());
        SplittableRandom rnd = new SplittableRandom(71);
        int n = 30, p = 7;
        double[][] y = Fixtures.gaussian(rnd, n, p);
        double tol = dt == DType.F64 ? 1e-12 : 1e-5;
        try (Workspace ws = Workspace.create()) {
            Matrix q1 = Matrix.copyOf(ws.arena(), dt, y);
            Matrix q2 = Matrix.copyOf(ws.arena(), dt, y);
            new LapackQr(ws, dt, n, p).retract(q1);
            new HouseholderQr(n, p).retract(q2);
            assertTrue(Fixtures.maxAbsDiff(q1.toArray(), q2.toArray()) <= tol, "LAPACK vs Java Householder");
            assertTrue(Fixtures.distance(q1) <= tol, "QᵀQ = I");
            double[][] r = mul(t(q1.toArray()), y);     // R = QᵀY: upper triangular, positive diagonal
            for (int i = 0; i < p; i++) {
                assertTrue(r[i][i] > 0, "R(" + i + "," + i + ") = " + r[i][i]);
                for (int j = 0; j < i; j++) {
                    assertEquals(0, r[i][j], tol * 10);
                }
            }
        }
    }

    @Test
    void polarRetractionsAgreeWithTheSvdPolarFactor() {
        assumeTrue(OpenBlas.isAvailable(), () -> OpenBlas.status().describe());
        SplittableRandom rnd = new SplittableRandom(72);
        int n = 25, p = 6;
        double[][] y = Fixtures.nearStiefel(rnd, n, p, 0.05);   // a gradient step away from the manifold
        double[][] want = Fixtures.polar(y).factor();
        Backend<Matrix> be = Fixtures.fast();
        try (Workspace ws = Workspace.create()) {
            Matrix a = Matrix.copyOf(ws.arena(), y);
            Matrix b = Matrix.copyOf(ws.arena(), y);
            Matrix c = Matrix.copyOf(ws.arena(), Fixtures.gaussian(rnd, n, p));   // far: scaled start, slower
            double[][] wantC = Fixtures.polar(c.toArray()).factor();
            new SvdPolar(be, ws, DType.F64, n, p).retract(a);
            NewtonSchulzPolar<Matrix> ns = new NewtonSchulzPolar<>(be, ws, DType.F64, n, p);
            ns.retract(b);
            ns.retract(c);
            assertTrue(Fixtures.maxAbsDiff(a.toArray(), want) <= 1e-12, "SVD polar");
            assertTrue(Fixtures.maxAbsDiff(b.toArray(), want) <= 1e-12, "Newton-Schulz polar");
            assertTrue(Fixtures.maxAbsDiff(c.toArray(), wantC) <= 1e-10, "Newton-Schulz from a Gaussian matrix");
        }
    }

    static Stream<Arguments> retractions() {
        return Stream.of(Arguments.of("qr"), Arguments.of("polar"), Arguments.of("qr-java"),
                Arguments.of("newton-schulz"));
    }

    /** Riemannian gradient descent with each retraction solves Procrustes on St(n, p). */
    @ParameterizedTest
    @MethodSource("retractions")
    void riemannianBaselineSolvesProcrustes(String kind) {
        Backend<Matrix> be = Fixtures.fast();
        SplittableRandom rnd = new SplittableRandom(73);
        int n = 20, p = 5, m = 25;
        double[][] a = Fixtures.gaussian(rnd, p, m);
        double[][] b = Fixtures.gaussian(rnd, n, m);
        for (double[][] z : new double[][][] {a, b}) {
            for (double[] row : z) {
                for (int j = 0; j < m; j++) {
                    row[j] /= Math.sqrt(m);
                }
            }
        }
        double[][] want = Fixtures.polar(mul(b, t(a))).factor();
        try (Workspace ws = Workspace.create()) {
            Matrix x = Matrix.copyOf(ws.arena(), Fixtures.polar(Fixtures.gaussian(rnd, n, p)).factor());
            Retraction<Matrix> r = switch (kind) {
                case "qr" -> Retractions.qr(ws, DType.F64, n, p);
                case "polar" -> Retractions.polar(be, ws, DType.F64, n, p);
                case "qr-java" -> new HouseholderQr(n, p);
                default -> new NewtonSchulzPolar<>(be, ws, DType.F64, n, p);
            };
            RiemannianGradientDescent<Matrix> it = new RiemannianGradientDescent<>(be, ws, x,
                    new Procrustes<>(be, ws, Matrix.copyOf(ws.arena(), a), Matrix.copyOf(ws.arena(), b)), r,
                    RiemannianGradientDescent.Options.defaults(0.5));
            ManifoldIteration.Result res = it.run(20_000, 1e-13);
            assertTrue(res.converged(), res.toString());
            assertTrue(Fixtures.maxAbsDiff(x.toArray(), want) <= 1e-10, kind + ": max |X - X*| "
                    + Fixtures.maxAbsDiff(x.toArray(), want));
            assertTrue(res.distance() <= 1e-13, "distance " + res.distance());
        }
    }
}
