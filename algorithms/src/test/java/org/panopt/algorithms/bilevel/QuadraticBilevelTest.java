package org.panopt.algorithms.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.panopt.algorithms.linalg.Blas;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * The quadratic problem's closed form is right (its hypergradient matches central finite
 * differences of h(x) = F(z*(x), x), z* solves ∇_zG = 0, and ∇h(x*) = 0), and SABA and SRBA reach
 * x*, z*(x*), v*(x*) to 1e-8.
 */
class QuadraticBilevelTest {
    static final int P = 10;
    static final int Q = 5;
    static final int N = 1024;

    @Test
    void closedFormIsConsistent() {
        try (Workspace ws = Workspace.create()) {
            QuadraticBilevel pb = new QuadraticBilevel(P, Q, N, N, 3, ws);
            Vec x = ws.vector(DType.F64, Q);
            for (int k = 0; k < Q; k++) {
                x.set(k, Math.sin(k + 1.0));
            }
            Vec zs = ws.vector(DType.F64, P);
            Vec vs = ws.vector(DType.F64, P);
            Vec hg = ws.vector(DType.F64, Q);
            pb.solve(x, zs, vs, hg);
            // ∇_z G(z*, x) = 0, and ∇²G v* + ∇_z F = 0 (full batch oracles)
            Vec g = ws.vector(DType.F64, P);
            Vec h = ws.vector(DType.F64, P);
            Vec cr = ws.vector(DType.F64, Q);
            Vec fz = ws.vector(DType.F64, P);
            Vec fx = ws.vector(DType.F64, Q);
            pb.innerOracles(zs, x, vs, 0, N, g, h, cr);
            pb.outerOracles(zs, x, 0, N, fz, fx);
            Blas.axpy(1, fz, h);
            assertTrue(Blas.nrm2(g) < 1e-12, "inner gradient at z*: " + Blas.nrm2(g));
            assertTrue(Blas.nrm2(h) < 1e-12, "adjoint residual: " + Blas.nrm2(h));
            // the hypergradient equals the cross term + ∇_x F, and matches finite differences of h
            Blas.axpy(1, fx, cr);
            for (int k = 0; k < Q; k++) {
                assertEquals(cr.get(k), hg.get(k), 1e-12);
                double e = 1e-5;
                double xk = x.get(k);
                x.set(k, xk + e);
                double hp = valueOfH(pb, x, ws);
                x.set(k, xk - e);
                double hm = valueOfH(pb, x, ws);
                x.set(k, xk);
                assertEquals((hp - hm) / (2 * e), hg.get(k), 1e-7, "coordinate " + k);
            }
            // ∇h(x*) = 0
            pb.optimum(x);
            pb.solve(x, zs, vs, hg);
            assertTrue(Blas.nrm2(hg) < 1e-12, "hypergradient at x*: " + Blas.nrm2(hg));
        }
    }

    static double valueOfH(QuadraticBilevel pb, Vec x, Workspace ws) {
        Vec zs = ws.vector(DType.F64, P);
        pb.solve(x, zs, ws.vector(DType.F64, P), ws.vector(DType.F64, Q));
        return pb.outerValue(zs, x);
    }

    @ParameterizedTest
    @ValueSource(strings = {"saba", "saba-full", "srba"})
    void reachesClosedFormSolutionTo1e8(String solver) {
        try (Workspace ws = Workspace.create()) {
            QuadraticBilevel pb = new QuadraticBilevel(P, Q, N, N, 3, ws);
            BilevelOptions o = BilevelOptions.defaults().withSeed(5);
            BilevelSolver s = switch (solver) {
                case "saba" -> new Saba(pb, o, ws);
                case "saba-full" -> new Saba(pb, o.withMemoryInit(MemoryInit.FULL), ws);
                default -> new Srba(pb, o, ws);
            };
            Vec xs = ws.vector(DType.F64, Q);
            Vec zs = ws.vector(DType.F64, P);
            Vec vs = ws.vector(DType.F64, P);
            Vec hg = ws.vector(DType.F64, Q);
            Vec scratchQ = ws.vector(DType.F64, Q);
            Vec scratchP = ws.vector(DType.F64, P);
            pb.optimum(xs);
            pb.solve(xs, zs, vs, hg);
            double ex = Double.NaN;
            double ez = Double.NaN;
            double ev = Double.NaN;
            for (int round = 0; round < 400; round++) {
                s.run(100, 1, null);
                ex = Math.sqrt(Blas.distanceSquared(s.x(), xs, scratchQ));
                ez = Math.sqrt(Blas.distanceSquared(s.z(), zs, scratchP));
                ev = Math.sqrt(Blas.distanceSquared(s.v(), vs, scratchP));
                if (ex < 1e-9 && ez < 1e-9 && ev < 1e-9) {
                    break;
                }
            }
            assertTrue(ex < 1e-8 && ez < 1e-8 && ev < 1e-8, solver + " after " + s.iterations() + " iterations: |x - x*| = "
                    + ex + ", |z - z*| = " + ez + ", |v - v*| = " + ev);
        }
    }
}
