package org.panopt.algorithms.landing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.panopt.algorithms.landing.Fixtures.mul;
import static org.panopt.algorithms.landing.Fixtures.t;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.panopt.algorithms.landing.problems.Ica;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;

/**
 * ICA of mixed Laplace sources with the relative-gradient oracle, deterministic and SAGA: the global
 * unmixing {@code W K M} (whitening K, mixing M) becomes a scaled signed permutation (Amari index
 * small) and W stays on the orthogonal group.
 */
class IcaLandingTest {
    @Test
    void recoversTheSourcesDeterministicAndSaga() {
        Backend<Matrix> be = Fixtures.fast();
        SplittableRandom rnd = new SplittableRandom(51);
        int p = 4, n = 4000;
        double[][] s = new double[p][n];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < n; j++) {     // Laplace: super-Gaussian, as log cosh assumes
                double u = rnd.nextDouble() - 0.5;
                s[i][j] = -Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
            }
        }
        double[][] mix = Fixtures.gaussian(rnd, p, p);
        double[][] x = mul(mix, s);
        double[][] cov = mul(x, t(x));
        for (double[] row : cov) {
            for (int j = 0; j < p; j++) {
                row[j] /= n;
            }
        }
        Fixtures.Eigen e = Fixtures.eig(cov);
        double[][] k = new double[p][p];    // K = C^{-1/2}
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                k[i][j] = e.vectors()[i][j] / Math.sqrt(e.values()[j]);
            }
        }
        k = mul(k, t(e.vectors()));
        double[][] z = mul(k, x);
        double[][] km = mul(k, mix);
        try (Workspace ws = Workspace.create()) {
            Matrix zm = Matrix.copyOf(ws.arena(), z);
            Matrix w1 = Matrix.copyOf(ws.arena(), Fixtures.rotation(rnd, p));
            Matrix w2 = Matrix.copyOf(ws.arena(), w1.toArray());
            StiefelLanding<Matrix> full = StiefelLanding.stochastic(be, ws, w1, new Ica(be, ws, zm, n),
                    LandingOptions.defaults(0.5));
            full.run(2000, 1e-10);
            StiefelLanding<Matrix> saga = StiefelLanding.saga(be, ws, w2, new Ica(be, ws, zm, n / 10),
                    LandingOptions.defaults(0.2), StiefelLanding.SagaInit.FULL_PASS);
            saga.run(4000, 1e-10);
            for (Matrix w : new Matrix[] {w1, w2}) {
                double amari = amari(mul(w.toArray(), km));
                assertTrue(amari < 0.05, "Amari index " + amari);
                assertTrue(Fixtures.distance(w) < 1e-8, "distance " + Fixtures.distance(w));
            }
            assertTrue(full.residual() < 1e-8, "full-batch landing reached a critical point: " + full.residual());
        }
    }

    /** Amari index of a square matrix: 0 exactly for a scaled permutation. */
    static double amari(double[][] g) {
        int p = g.length;
        double sum = 0;
        for (int i = 0; i < p; i++) {
            double max = 0, row = 0;
            for (int j = 0; j < p; j++) {
                max = Math.max(max, Math.abs(g[i][j]));
                row += Math.abs(g[i][j]);
            }
            sum += row / max - 1;
        }
        for (int j = 0; j < p; j++) {
            double max = 0, col = 0;
            for (int i = 0; i < p; i++) {
                max = Math.max(max, Math.abs(g[i][j]));
                col += Math.abs(g[i][j]);
            }
            sum += col / max - 1;
        }
        return sum / (2.0 * p * (p - 1));
    }
}
