package org.panopt.algorithms.bilevel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.panopt.algorithms.LinearSystems;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;

/**
 * Logistic hyperparameter selection on the breast-cancer data: one regularisation strength per
 * feature, found by SABA or SRBA, gives a lower validation loss h(x) = F(z*(x)) than the best single
 * shared strength of a grid search. h is evaluated here with an independent Newton solve on plain
 * arrays.
 */
class LogisticSelectionTest {

    @ParameterizedTest
    @ValueSource(strings = {"saba", "srba"})
    void perFeatureBeatsBestSharedStrength(String solver) {
        try (Workspace ws = Workspace.create()) {
            HyperparameterSelection pb = HyperparameterSelection.breastCancer(0, ws);
            int d = pb.innerDimension();
            double bestShared = Double.POSITIVE_INFINITY;
            double bestLog = Double.NaN;
            for (double lg = -10; lg <= 2 + 1e-9; lg += 0.25) {
                double[] lam = new double[d];
                java.util.Arrays.fill(lam, Math.exp(lg));
                double h = validationLoss(pb, lam);
                if (h < bestShared) {
                    bestShared = h;
                    bestLog = lg;
                }
            }
            // Outer steps 10× the inner ones: the hypergradient is small (~1e-3) on this problem.
            BilevelOptions o = BilevelOptions.defaults().withOuterRatio(0.1).withSeed(1);
            BilevelSolver s = solver.equals("saba") ? new Saba(pb, o, ws) : new Srba(pb, o, ws);
            s.run(8_000, 1, null);
            double[] lam = new double[d];
            for (int k = 0; k < d; k++) {
                lam[k] = Math.exp(s.x().get(k));
            }
            double h = validationLoss(pb, lam);
            assertTrue(h < 0.95 * bestShared, solver + ": validation loss " + h + " with per-feature strengths, best shared "
                    + bestShared + " at log(lambda) = " + bestLog);
        }
    }

    /** F(z*(λ)) with z*(λ) = argmin mean logistic loss + ½ Σ λ_k z_k², by Newton on plain arrays. */
    static double validationLoss(HyperparameterSelection pb, double[] lam) {
        Matrix a = pb.trainModel().features();
        int n = a.rows();
        int d = a.cols();
        double[][] x = a.toArray();
        double[] z = new double[d];
        for (int it = 0; it < 100; it++) {
            double[] g = new double[d];
            double[][] h = new double[d][d];
            for (int i = 0; i < n; i++) {
                double y = pb.trainModel().target(i);
                double m = 0;
                for (int k = 0; k < d; k++) {
                    m += x[i][k] * z[k];
                }
                double s = 1 / (1 + Math.exp(y * m));          // σ(−y m)
                double w = s * (1 - s);
                for (int k = 0; k < d; k++) {
                    g[k] -= y * s * x[i][k] / n;
                    for (int l = 0; l < d; l++) {
                        h[k][l] += w * x[i][k] * x[i][l] / n;
                    }
                }
            }
            double norm = 0;
            for (int k = 0; k < d; k++) {
                g[k] += lam[k] * z[k];
                h[k][k] += lam[k];
                norm += g[k] * g[k];
            }
            if (Math.sqrt(norm) < 1e-12) {
                break;
            }
            double[] step = LinearSystems.solve(h, g);
            for (int k = 0; k < d; k++) {
                z[k] -= step[k];
            }
        }
        Matrix av = pb.validationModel().features();
        double loss = 0;
        for (int j = 0; j < av.rows(); j++) {
            double m = 0;
            for (int k = 0; k < d; k++) {
                m += av.get(j, k) * z[k];
            }
            double u = -pb.validationModel().target(j) * m;
            loss += Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
        }
        return loss / av.rows();
    }
}
