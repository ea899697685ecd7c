package org.panopt.algorithms.bilevel;

import org.panopt.algorithms.linalg.Blas;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * SABA, the Stochastic Average Bilevel Algorithm (Dagréou, Ablin, Vaiter &amp; Moreau, NeurIPS 2022,
 * Algorithm 2): each of the five oracles — {@code ∇_z G_i}, {@code ∇²_zz G_i·v}, {@code ∇²_xz G_i·v}
 * (indexed by inner batch) and {@code ∇_z F_j}, {@code ∇_x F_j} (by outer batch) — goes through its
 * own SAGA table with a running mean:
 * <pre>
 *   d = g − m[b] + mean,   mean += w_b (g − m[b]),   m[b] = g,     w_b = |batch b| / n
 * </pre>
 * and then {@code D_z = d(∇_zG)}, {@code D_v = d(HVP) + d(∇_zF)}, {@code D_x = d(cross) + d(∇_xF)}.
 * The tables start at zero (default) or with one full pass ({@link MemoryInit}). Memory:
 * {@code (2p + q)} doubles per inner batch and {@code (p + q)} per outer batch.
 */
public final class Saba extends BilevelSolver {
    private final Matrix tableGz;
    private final Matrix tableHv;
    private final Matrix tableCr;
    private final Matrix tableFz;
    private final Matrix tableFx;
    private final Vec meanGz;
    private final Vec meanHv;
    private final Vec meanCr;
    private final Vec meanFz;
    private final Vec meanFx;
    private final Vec gz;
    private final Vec hv;
    private final Vec cr;
    private final Vec fz;
    private final Vec fx;

    /** A loop starting at z = 0, x = 0, v = 0 (see {@link #reset}). */
    public Saba(BilevelProblem problem, BilevelOptions options, Workspace ws) {
        super(problem, options, ws);
        int bIn = innerOrder.size();
        int bOut = outerOrder.size();
        this.tableGz = ws.matrix(DType.F64, p, bIn).t();
        this.tableHv = ws.matrix(DType.F64, p, bIn).t();
        this.tableCr = ws.matrix(DType.F64, q, bIn).t();
        this.tableFz = ws.matrix(DType.F64, p, bOut).t();
        this.tableFx = ws.matrix(DType.F64, q, bOut).t();
        this.meanGz = ws.vector(DType.F64, p);
        this.meanHv = ws.vector(DType.F64, p);
        this.meanCr = ws.vector(DType.F64, q);
        this.meanFz = ws.vector(DType.F64, p);
        this.meanFx = ws.vector(DType.F64, q);
        this.gz = ws.vector(DType.F64, p);
        this.hv = ws.vector(DType.F64, p);
        this.cr = ws.vector(DType.F64, q);
        this.fz = ws.vector(DType.F64, p);
        this.fx = ws.vector(DType.F64, q);
        restart();
    }

    @Override
    void restart() {
        tableGz.fill(0);
        tableHv.fill(0);
        tableCr.fill(0);
        tableFz.fill(0);
        tableFx.fill(0);
        for (Vec m : new Vec[]{meanGz, meanHv, meanCr, meanFz, meanFx}) {
            Blas.zero(m);
        }
        if (options.memoryInit() == MemoryInit.FULL) {
            for (int b = 0; b < innerOrder.size(); b++) {
                inner(z, x, v, innerFrom(b), innerTo(b), gz, hv, cr);
                double w = (double) (innerTo(b) - innerFrom(b)) / nIn;
                store(gz, tableGz, b, meanGz, w);
                store(hv, tableHv, b, meanHv, w);
                store(cr, tableCr, b, meanCr, w);
            }
            for (int b = 0; b < outerOrder.size(); b++) {
                outer(z, x, outerFrom(b), outerTo(b), fz, fx);
                double w = (double) (outerTo(b) - outerFrom(b)) / nOut;
                store(fz, tableFz, b, meanFz, w);
                store(fx, tableFx, b, meanFx, w);
            }
        }
    }

    private static void store(Vec g, Matrix table, int b, Vec mean, double w) {
        Blas.copyToRow(g, table, b);
        Blas.axpy(w, g, mean);
    }

    @Override
    void directions() {
        int bi = innerOrder.next();
        int from = innerFrom(bi);
        int to = innerTo(bi);
        inner(z, x, v, from, to, gz, hv, cr);
        double wIn = (double) (to - from) / nIn;
        int bo = outerOrder.next();
        from = outerFrom(bo);
        to = outerTo(bo);
        outer(z, x, from, to, fz, fx);
        double wOut = (double) (to - from) / nOut;
        reduce(gz, tableGz, bi, meanGz, wIn);
        reduce(hv, tableHv, bi, meanHv, wIn);
        reduce(cr, tableCr, bi, meanCr, wIn);
        reduce(fz, tableFz, bo, meanFz, wOut);
        reduce(fx, tableFx, bo, meanFx, wOut);
        Blas.copy(gz, dz);
        Blas.copy(hv, dv);
        Blas.axpy(1, fz, dv);
        Blas.copy(cr, dx);
        Blas.axpy(1, fx, dx);
    }

    /**
     * SAGA on one oracle: on return {@code g} holds the direction {@code g − m[b] + mean_old}, the
     * table row holds the new g and the mean is updated. With {@code diff = g − m[b]}:
     * {@code mean_new = mean_old + w·diff}, so the direction is {@code (1 − w)·diff + mean_new}.
     */
    private static void reduce(Vec g, Matrix table, int b, Vec mean, double w) {
        Blas.rowAxpy(-1, table, b, g);      // g = diff
        Blas.axpyToRow(1, g, table, b);     // m[b] = g_new
        Blas.axpy(w, g, mean);              // mean_new
        Blas.axpby(1, mean, 1 - w, g);      // direction
    }
}
