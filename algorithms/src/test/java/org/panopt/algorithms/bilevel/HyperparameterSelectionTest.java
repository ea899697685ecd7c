package org.panopt.algorithms.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panopt.algorithms.LinearSystems;
import org.panopt.algorithms.data.TrainValidationSplit;
import org.panopt.algorithms.linalg.Blas;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * The hyperparameter-selection oracles against finite differences; the ridge closed form against
 * the normal equations solved in the test; and the hypergradient SABA and SRBA track at a fixed x
 * against that closed form.
 */
class HyperparameterSelectionTest {

    static HyperparameterSelection problem(String kind, boolean perFeature, Workspace ws) {
        return switch (kind) {
            case "ridge" -> HyperparameterSelection.ridge(
                    HyperparameterSelection.syntheticRidgeData(256, 1024, 10, 4, ws.arena()), perFeature, ws);
            default -> {
                TrainValidationSplit s = TrainValidationSplit.standardised(
                        org.panopt.algorithms.data.Datasets.breastCancer(ws.arena()), 0.6, 1, ws.arena());
                yield HyperparameterSelection.logistic(s, perFeature, ws);
            }
        };
    }

    static Vec random(Workspace ws, int n, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Vec v = ws.vector(DType.F64, n);
        for (int k = 0; k < n; k++) {
            v.set(k, scale * r.nextGaussian());
        }
        return v;
    }

    @ParameterizedTest(name = "{0}, per feature {1}")
    @CsvSource({"ridge, true", "ridge, false", "logistic, true", "logistic, false"})
    void oraclesMatchFiniteDifferences(String kind, boolean perFeature) {
        try (Workspace ws = Workspace.create()) {
            HyperparameterSelection pb = problem(kind, perFeature, ws);
            int p = pb.innerDimension();
            int q = pb.outerDimension();
            Vec z = random(ws, p, 0.3, 1);
            Vec x = random(ws, q, 0.5, 2);
            Vec v = random(ws, p, 1, 3);
            int from = 5;
            int to = 37;
            Vec gz = ws.vector(DType.F64, p);
            Vec hv = ws.vector(DType.F64, p);
            Vec cr = ws.vector(DType.F64, q);
            Vec fz = ws.vector(DType.F64, p);
            Vec fx = ws.vector(DType.F64, q);
            // full-range oracles against finite differences of the full values
            int n = pb.innerSamples();
            pb.innerOracles(z, x, v, 0, n, gz, hv, cr);
            pb.outerOracles(z, x, 0, pb.outerSamples(), fz, fx);
            double e = 1e-6;
            for (int k = 0; k < p; k++) {
                double zk = z.get(k);
                z.set(k, zk + e);
                double gp = pb.innerValue(z, x);
                double fp = pb.outerValue(z, x);
                z.set(k, zk - e);
                double gm = pb.innerValue(z, x);
                double fm = pb.outerValue(z, x);
                z.set(k, zk);
                assertEquals((gp - gm) / (2 * e), gz.get(k), 1e-7, "dG/dz_" + k);
                assertEquals((fp - fm) / (2 * e), fz.get(k), 1e-7, "dF/dz_" + k);
            }
            for (int k = 0; k < q; k++) {
                assertEquals(0, fx.get(k), 0.0);
            }
            // HVP and cross product: directional derivatives of the batch gradient along v and x
            pb.innerOracles(z, x, v, from, to, gz, hv, cr);
            Vec gp = ws.vector(DType.F64, p);
            Vec gm = ws.vector(DType.F64, p);
            Vec tmp = ws.vector(DType.F64, p);
            Vec tq = ws.vector(DType.F64, q);
            Vec zp = ws.vector(DType.F64, p);
            zp.copyFrom(z);
            Blas.axpy(e, v, zp);
            pb.innerOracles(zp, x, v, from, to, gp, tmp, tq);
            zp.copyFrom(z);
            Blas.axpy(-e, v, zp);
            pb.innerOracles(zp, x, v, from, to, gm, tmp, tq);
            for (int k = 0; k < p; k++) {
                assertEquals((gp.get(k) - gm.get(k)) / (2 * e), hv.get(k), 1e-6, "HVP_" + k);
            }
            // cross_l = Σ_k v_k ∂(∇_zG)_k/∂x_l
            for (int l = 0; l < q; l++) {
                double xl = x.get(l);
                x.set(l, xl + e);
                pb.innerOracles(z, x, v, from, to, gp, tmp, tq);
                x.set(l, xl - e);
                pb.innerOracles(z, x, v, from, to, gm, tmp, tq);
                x.set(l, xl);
                Blas.axpy(-1, gm, gp);
                assertEquals(Blas.dot(gp, v) / (2 * e), cr.get(l), 1e-6, "cross_" + l);
            }
        }
    }

    /** The ridge closed form, computed here from the normal equations with plain arrays. */
    static double[][] ridgeClosedForm(HyperparameterSelection pb, double[] x) {
        Matrix a = pb.trainModel().features();
        Matrix av = pb.validationModel().features();
        int n = a.rows();
        int m = av.rows();
        int d = a.cols();
        double[][] h = new double[d][d];
        double[] rhs = new double[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                rhs[k] += a.get(i, k) * pb.trainModel().target(i) / n;
                for (int l = 0; l < d; l++) {
                    h[k][l] += a.get(i, k) * a.get(i, l) / n;
                }
            }
        }
        double[] e = new double[d];
        for (int k = 0; k < d; k++) {
            e[k] = Math.exp(x[x.length == d ? k : 0]);
            h[k][k] += e[k];
        }
        double[] zs = LinearSystems.solve(h, rhs);
        double[] fz = new double[d];
        for (int j = 0; j < m; j++) {
            double r = -pb.validationModel().target(j);
            for (int k = 0; k < d; k++) {
                r += av.get(j, k) * zs[k];
            }
            for (int k = 0; k < d; k++) {
                fz[k] += r * av.get(j, k) / m;
            }
        }
        double[] vs = LinearSystems.solve(h, fz);
        double[] hg = new double[x.length];
        for (int k = 0; k < d; k++) {
            vs[k] = -vs[k];
            hg[x.length == d ? k : 0] += e[k] * zs[k] * vs[k];
        }
        return new double[][]{zs, vs, hg};
    }

    @ParameterizedTest(name = "per feature {0}")
    @CsvSource({"true", "false"})
    void ridgeSolveIsTheClosedForm(boolean perFeature) {
        try (Workspace ws = Workspace.create()) {
            HyperparameterSelection pb = problem("ridge", perFeature, ws);
            Vec x = random(ws, pb.outerDimension(), 1, 9);
            Vec zs = ws.vector(DType.F64, pb.innerDimension());
            Vec vs = ws.vector(DType.F64, pb.innerDimension());
            Vec hg = ws.vector(DType.F64, pb.outerDimension());
            pb.solve(x, zs, vs, hg);
            double[][] ref = ridgeClosedForm(pb, x.toArray());
            assertArrayClose(ref[0], zs.toArray(), 1e-12, "z*");
            assertArrayClose(ref[1], vs.toArray(), 1e-12, "v*");
            assertArrayClose(ref[2], hg.toArray(), 1e-12, "hypergradient");
        }
    }

    static void assertArrayClose(double[] expected, double[] actual, double tol, String what) {
        double scale = 0;
        double err = 0;
        for (int k = 0; k < expected.length; k++) {
            scale = Math.max(scale, Math.abs(expected[k]));
            err = Math.max(err, Math.abs(expected[k] - actual[k]));
        }
        assertTrue(err <= tol * Math.max(1, scale), what + ": max error " + err + " (scale " + scale + ")");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"saba", "srba"})
    void trackedHypergradientMatchesClosedFormAtFixedX(String solver) {
        try (Workspace ws = Workspace.create()) {
            HyperparameterSelection pb = problem("ridge", true, ws);
            Vec x = random(ws, pb.outerDimension(), 0.7, 12);
            BilevelOptions o = BilevelOptions.defaults().withOuterRatio(Double.POSITIVE_INFINITY).withBatchSize(32);
            BilevelSolver s = solver.equals("saba") ? new Saba(pb, o, ws) : new Srba(pb, o, ws);
            s.reset(ws.vector(DType.F64, pb.innerDimension()), x);
            double[] hg = ridgeClosedForm(pb, x.toArray())[2];
            double err = Double.NaN;
            for (int round = 0; round < 200; round++) {
                s.run(100, 1, null);
                err = maxError(hg, s.hypergradientEstimate().toArray());
                if (err < 1e-11) {
                    break;
                }
            }
            assertArrayClose(x.toArray(), s.x().toArray(), 0, "x stays fixed");
            assertArrayClose(hg, s.hypergradientEstimate().toArray(), 1e-9, solver + " D_x after " + s.iterations()
                    + " iterations");
        }
    }

    static double maxError(double[] a, double[] b) {
        double m = 0;
        for (int k = 0; k < a.length; k++) {
            m = Math.max(m, Math.abs(a[k] - b[k]));
        }
        return m;
    }

    @Test
    void ridgeMinimisationReachesZeroHypergradient() {
        try (Workspace ws = Workspace.create()) {
            HyperparameterSelection pb = problem("ridge", true, ws);
            for (BilevelSolver s : new BilevelSolver[]{
                    new Saba(pb, BilevelOptions.defaults(), ws), new Srba(pb, BilevelOptions.defaults(), ws)}) {
                double[] last = {Double.NaN, Double.NaN};
                long[] reports = {0};
                s.run(3_000, 500, (it, calls, g2, e2) -> {
                    reports[0]++;
                    last[0] = g2;
                    last[1] = e2;
                });
                assertEquals(6, reports[0]);
                assertTrue(last[0] < 1e-20 && last[1] < 1e-20, s.getClass().getSimpleName()
                        + ": |grad h|^2 = " + last[0] + ", |z - z*|^2 = " + last[1]);
                assertEquals(last[0], s.hypergradientNormSquared(), 0.0);
            }
        }
    }
}
