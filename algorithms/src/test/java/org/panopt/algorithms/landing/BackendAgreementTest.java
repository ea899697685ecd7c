package org.panopt.algorithms.landing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.panopt.algorithms.landing.problems.BlockRayleigh;
import org.panopt.algorithms.landing.problems.Procrustes;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;

/**
 * The same landing runs (plain, momentum, SAGA, generalized) on every host backend agree to
 * round-off, in float64 and float32: the algorithms depend only on the Backend contract.
 */
class BackendAgreementTest {
    @ParameterizedTest
    @EnumSource(DType.class)
    void everyBackendGivesTheSameIterates(DType dt) {
        List<Backend<Matrix>> backends = Fixtures.hostBackends();
        int n = 60, p = 12, m = 30;
        double tol = dt == DType.F64 ? 1e-12 : 1e-4;
        double[][][] results = new double[backends.size()][][];
        for (int k = 0; k < backends.size(); k++) {
            Backend<Matrix> be = backends.get(k);
            SplittableRandom rnd = new SplittableRandom(61);
            try (Workspace ws = Workspace.create()) {
                Matrix a = Matrix.copyOf(ws.arena(), dt, Fixtures.gaussian(rnd, p, m));
                Matrix b = Matrix.copyOf(ws.arena(), dt, Fixtures.gaussian(rnd, n, m));
                Matrix c = Matrix.copyOf(ws.arena(), dt, Fixtures.gaussian(rnd, n, n));
                Matrix x1 = Matrix.copyOf(ws.arena(), dt, Fixtures.nearStiefel(rnd, n, p, 0.01));
                Matrix x2 = Matrix.copyOf(ws.arena(), dt, x1.toArray());
                Matrix x3 = Matrix.copyOf(ws.arena(), dt, x1.toArray());
                Matrix x4 = Matrix.copyOf(ws.arena(), dt, x1.toArray());
                Procrustes<Matrix> f = new Procrustes<>(be, ws, a, b);
                StiefelLanding<Matrix> plain = StiefelLanding.of(be, ws, x1, f, LandingOptions.defaults(0.02));
                StiefelLanding<Matrix> heavy = StiefelLanding.of(be, ws, x2, f,
                        LandingOptions.defaults(0.02).withMomentum(0.5));
                FiniteSumOracle<Matrix> sum = new FiniteSumOracle<>() {
                    @Override
                    public int terms() {
                        return 3;
                    }

                    @Override
                    public double gradient(Matrix x, int term, Matrix out) {
                        double v = f.gradient(x, out);
                        be.scale(term + 0.5, out);
                        return v;
                    }
                };
                StiefelLanding<Matrix> saga = StiefelLanding.saga(be, ws, x3, sum, LandingOptions.defaults(0.02),
                        StiefelLanding.SagaInit.ZERO);
                Matrix spd = Matrix.copyOf(ws.arena(), dt, Fixtures.gaussian(rnd, n, n));
                Matrix bm = Matrix.allocate(ws.arena(), dt, n, n);
                be.syrk(1.0 / n, spd, 0, bm);
                be.addIdentity(1, bm);
                GeneralizedStiefelLanding<Matrix> gen = new GeneralizedStiefelLanding<>(be, ws, x4,
                        new BlockRayleigh<>(be, symmetrize(be, ws, c)), BOperator.matrix(be, bm),
                        GeneralizedLandingOptions.defaults(0.01));
                for (int s = 0; s < 25; s++) {
                    plain.step();
                    heavy.step();
                    saga.step(s % 3);
                    gen.step();
                }
                double[][] all = new double[4 * n][];
                for (int i = 0; i < n; i++) {
                    all[i] = x1.toArray()[i];
                    all[n + i] = x2.toArray()[i];
                    all[2 * n + i] = x3.toArray()[i];
                    all[3 * n + i] = x4.toArray()[i];
                }
                results[k] = all;
            }
        }
        for (int k = 1; k < backends.size(); k++) {
            double diff = Fixtures.maxAbsDiff(results[0], results[k]);
            String msg = backends.get(0).name() + " vs " + backends.get(k).name() + " " + dt + ": max |diff| " + diff;
            assertTrue(diff <= tol, msg);
        }
        assertTrue(Fixtures.frob(results[0]) > 1, "non-trivial iterates");
    }

    static Matrix symmetrize(Backend<Matrix> be, Workspace ws, Matrix c) {
        Matrix s = ws.matrix(c.dtype(), c.rows(), c.cols());
        be.geam(0.5, c, 0.5, c.t(), s);
        return s;
    }
}
