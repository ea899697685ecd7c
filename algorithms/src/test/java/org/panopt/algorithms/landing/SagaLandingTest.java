package org.panopt.algorithms.landing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.panopt.algorithms.landing.problems.BlockRayleigh;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;

/**
 * A finite-sum PCA, {@code A = (1/N) Σ A_i} with terms far from their mean: plain stochastic landing
 * with a constant step stalls at a noise floor, SAGA landing with the same step converges to the top
 * eigenvectors of A.
 */
class SagaLandingTest {
    static final int N = 10;
    static final int D = 8;
    static final int P = 2;
    static final double ETA = 0.05;
    static final int STEPS = 6000;

    @Test
    void sagaConvergesWhereStochasticLandingStalls() {
        Backend<Matrix> be = Fixtures.fast();
        SplittableRandom rnd = new SplittableRandom(41);
        double[] spectrum = {5, 4, 1, 0.8, 0.6, 0.4, 0.2, 0};
        double[][] mean = Fixtures.symmetric(rnd, spectrum);
        double[][][] terms = new double[N][][];
        double[][] sum = new double[D][D];
        for (int i = 0; i < N; i++) {
            double[][] g = Fixtures.gaussian(rnd, D, D);
            terms[i] = new double[D][D];
            for (int r = 0; r < D; r++) {
                for (int c = 0; c < D; c++) {
                    terms[i][r][c] = g[r][c] + g[c][r];
                    sum[r][c] += terms[i][r][c];
                }
            }
        }
        for (int i = 0; i < N; i++) {     // zero-mean perturbations, so the mean is exactly A
            for (int r = 0; r < D; r++) {
                for (int c = 0; c < D; c++) {
                    terms[i][r][c] += mean[r][c] - sum[r][c] / N;
                }
            }
        }
        double[][] top = Fixtures.eig(mean).top(P);
        double[][] x0 = Fixtures.nearStiefel(rnd, D, P, 0.01);
        try (Workspace ws = Workspace.create()) {
            FiniteSumOracle<Matrix> f = oracle(be, ws, terms);
            Matrix xs = Matrix.copyOf(ws.arena(), x0);
            StiefelLanding<Matrix> sgd = StiefelLanding.stochastic(be, ws, xs, f, LandingOptions.defaults(ETA));
            Matrix xv = Matrix.copyOf(ws.arena(), x0);
            StiefelLanding<Matrix> saga = StiefelLanding.saga(be, ws, xv, f, LandingOptions.defaults(ETA),
                    StiefelLanding.SagaInit.FULL_PASS);
            Matrix xz = Matrix.copyOf(ws.arena(), x0);
            StiefelLanding<Matrix> sagaZero = StiefelLanding.saga(be, ws, xz, f, LandingOptions.defaults(ETA),
                    StiefelLanding.SagaInit.ZERO);
            double sgdFloor = Double.POSITIVE_INFINITY;
            for (int k = 0; k < STEPS; k++) {
                sgd.step();
                saga.step();
                sagaZero.step();
                if (k >= STEPS / 2) {
                    sgdFloor = Math.min(sgdFloor, Fixtures.subspaceAngle(xs.toArray(), top));
                }
            }
            double sagaErr = Fixtures.subspaceAngle(xv.toArray(), top);
            double sagaZeroErr = Fixtures.subspaceAngle(xz.toArray(), top);
            String msg = "SGD landing best error over the last half " + sgdFloor + ", SAGA " + sagaErr
                    + ", SAGA from zero " + sagaZeroErr;
            assertTrue(sagaErr < 1e-8, msg);
            assertTrue(sagaZeroErr < 1e-8, msg);
            assertTrue(Fixtures.distance(xv) < 1e-10, "SAGA distance " + Fixtures.distance(xv));
            assertTrue(sgdFloor > 1e-3, msg);
            assertTrue(sgdFloor < 0.5, "stochastic landing got near the solution, then stalled: " + msg);
        }
    }

    /** Term i: the block Rayleigh quotient of A_i. */
    static FiniteSumOracle<Matrix> oracle(Backend<Matrix> be, Workspace ws, double[][][] terms) {
        @SuppressWarnings("unchecked")
        BlockRayleigh<Matrix>[] parts = new BlockRayleigh[terms.length];
        for (int i = 0; i < terms.length; i++) {
            parts[i] = new BlockRayleigh<>(be, Matrix.copyOf(ws.arena(), terms[i]));
        }
        return new FiniteSumOracle<>() {
            @Override
            public int terms() {
                return parts.length;
            }

            @Override
            public double gradient(Matrix x, int term, Matrix out) {
                return parts[term].gradient(x, out);
            }
        };
    }
}
