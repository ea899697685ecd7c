package org.panopt.algorithms.landing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.panopt.algorithms.landing.Fixtures.mul;
import static org.panopt.algorithms.landing.Fixtures.t;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panopt.algorithms.landing.problems.BlockRayleigh;
import org.panopt.algorithms.landing.problems.Cca;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;

/**
 * PCA (top-p eigenvectors on St(n, p)), the generalized eigenvalue problem and CCA (on
 * {@code XᵀBX = I}) by landing, against LAPACK's eigen-decompositions: the subspaces agree (largest
 * principal angle &lt; 1e-8) and so do the eigenvalues.
 */
class EigenLandingTest {
    static Stream<Backend<Matrix>> backends() {
        return Fixtures.hostBackends().stream();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void pcaFindsTheTopEigenvectors(Backend<Matrix> be) {
        SplittableRandom rnd = new SplittableRandom(21);
        int n = 40, p = 4;
        double[] spectrum = new double[n];
        for (int i = 0; i < n; i++) {
            spectrum[i] = 2 * rnd.nextDouble();
        }
        spectrum[0] = 10;
        spectrum[1] = 8;
        spectrum[2] = 6;
        spectrum[3] = 5;
        double[][] a = Fixtures.symmetric(rnd, spectrum);
        Fixtures.Eigen ref = Fixtures.eig(a);
        try (Workspace ws = Workspace.create()) {
            Matrix x = Matrix.copyOf(ws.arena(), Fixtures.nearStiefel(rnd, n, p, 0.02));
            BlockRayleigh<Matrix> f = new BlockRayleigh<>(be, Matrix.copyOf(ws.arena(), a));
            StiefelLanding<Matrix> it = StiefelLanding.of(be, ws, x, f, LandingOptions.defaults(0.05));
            ManifoldIteration.Result r = it.run(5_000, 1e-12);
            assertTrue(r.converged(), r.toString());
            double[][] xa = x.toArray();
            double angle = Fixtures.subspaceAngle(xa, ref.top(p));
            assertTrue(angle < 1e-8, "sin of the largest principal angle: " + angle);
            assertTrue(Fixtures.distance(x) <= 1e-10, "distance " + Fixtures.distance(x));
            double[] got = Fixtures.eig(mul(t(xa), mul(a, xa))).topValues(p);
            double[] want = ref.topValues(p);
            for (int j = 0; j < p; j++) {
                assertEquals(want[j], got[j], 1e-10 * want[0]);
            }
            double trace = want[0] + want[1] + want[2] + want[3];
            assertEquals(-0.5 * trace, r.objective(), 1e-10 * trace);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void generalizedEigenproblemMatchesTheReference(Backend<Matrix> be) {
        SplittableRandom rnd = new SplittableRandom(22);
        int n = 30, p = 3;
        double[] sa = new double[n];
        double[] sb = new double[n];
        for (int i = 0; i < n; i++) {
            sa[i] = 2 * rnd.nextDouble() - 1;
            sb[i] = 1 + 3 * rnd.nextDouble();
        }
        sa[0] = 5;
        sa[1] = 4;
        sa[2] = 3;
        double[][] a = Fixtures.symmetric(rnd, sa);
        double[][] b = Fixtures.symmetric(rnd, sb);
        Gevp ref = Gevp.solve(a, b);
        try (Workspace ws = Workspace.create()) {
            Matrix x = Matrix.copyOf(ws.arena(), ref.bOrthonormal(Fixtures.gaussian(rnd, n, p)));
            Matrix bm = Matrix.copyOf(ws.arena(), b);
            GeneralizedStiefelLanding<Matrix> it = new GeneralizedStiefelLanding<>(be, ws, x,
                    new BlockRayleigh<>(be, Matrix.copyOf(ws.arena(), a)), BOperator.matrix(be, bm),
                    GeneralizedLandingOptions.defaults(0.05));
            ManifoldIteration.Result r = it.run(20_000, 1e-12);
            assertTrue(r.converged(), r.toString());
            ref.check(x.toArray(), p);
        }
    }

    /** CCA of the left and right halves of the digits images, against LAPACK's generalized eigenvectors. */
    @Test
    void ccaOnDigitsFindsTheCanonicalCorrelations() {
        Backend<Matrix> be = Fixtures.fast();
        int p = 2;
        try (Workspace ws = Workspace.create()) {
            Cca cca = Cca.digits(be, ws, 1.0);
            // B normalised to spectral norm 1 (the reference experiments' scaling): same eigenvectors
            // up to scale, same eigenvalues (A is scaled alike)
            double bMax = Fixtures.eig(cca.b().toArray()).topValues(1)[0];
            be.scale(1 / bMax, cca.a());
            be.scale(1 / bMax, cca.b());
            double[][] a = cca.a().toArray();
            double[][] b = cca.b().toArray();
            Gevp ref = Gevp.solve(a, b);
            SplittableRandom rnd = new SplittableRandom(23);
            Matrix x = Matrix.copyOf(ws.arena(), ref.bOrthonormal(Fixtures.gaussian(rnd, a.length, p)));
            GeneralizedStiefelLanding<Matrix> it = new GeneralizedStiefelLanding<>(be, ws, x, cca.oracle(be),
                    cca.bOperator(be), GeneralizedLandingOptions.defaults(1.5));
            ManifoldIteration.Result r = it.run(100_000, 1e-12);
            assertTrue(r.converged(), r.toString());
            double[] rho = ref.check(x.toArray(), p);
            assertTrue(rho[0] > rho[1] && rho[1] > 0.5 && rho[0] < 1, "canonical correlations " + rho[0] + ", " + rho[1]);
        }
    }

    /** The top-p generalized eigenpairs of (A, B) through B^{-1/2} A B^{-1/2} (LAPACK dsyevd twice). */
    record Gevp(double[][] a, double[][] b, double[][] bInvSqrt, Fixtures.Eigen c) {
        static Gevp solve(double[][] a, double[][] b) {
            Fixtures.Eigen eb = Fixtures.eig(b);
            int n = a.length;
            double[][] scaled = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    scaled[i][j] = eb.vectors()[i][j] / Math.sqrt(eb.values()[j]);
                }
            }
            double[][] bis = mul(scaled, t(eb.vectors()));
            return new Gevp(a, b, bis, Fixtures.eig(mul(bis, mul(a, bis))));
        }

        /** Y (YᵀBY)^{-1/2}: a start point on the generalized Stiefel manifold. */
        double[][] bOrthonormal(double[][] y) {
            Fixtures.Eigen e = Fixtures.eig(mul(t(y), mul(b, y)));
            int p = y[0].length;
            double[][] s = new double[p][p];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    s[i][j] = e.vectors()[i][j] / Math.sqrt(e.values()[j]);
                }
            }
            return mul(y, mul(s, t(e.vectors())));
        }

        /** Asserts the subspace, the constraint and the eigenvalues; returns the eigenvalues found. */
        double[] check(double[][] x, int p) {
            double[][] v = mul(bInvSqrt, c.top(p));
            double angle = Fixtures.subspaceAngle(x, v);
            assertTrue(angle < 1e-8, "sin of the largest principal angle: " + angle);
            double[][] xbx = mul(t(x), mul(b, x));
            for (int i = 0; i < p; i++) {
                xbx[i][i] -= 1;
            }
            assertTrue(Fixtures.frob(xbx) <= 1e-10, "||XᵀBX - I|| = " + Fixtures.frob(xbx));
            double[] got = Fixtures.eig(mul(t(x), mul(a, x))).topValues(p);
            double[] want = c.topValues(p);
            for (int j = 0; j < p; j++) {
                assertEquals(want[j], got[j], 1e-10 * Math.abs(want[0]));
            }
            return got;
        }
    }
}
