package org.panopt.algorithms.bilevel;

import org.panopt.algorithms.linalg.Blas;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * SRBA, the Stochastic Recursive Bilevel Algorithm (Dagréou, Moreau, Vaiter &amp; Ablin,
 * arXiv 2302.08766, Algorithm 2): every q iterations the directions are computed on the full batch,
 * {@code q = max(1, ⌊(n_in + n_out)·periodFraction / batch⌋)}; in between they are corrected
 * recursively (SARAH-style) with the same batches at the current and the previous iterate:
 * <pre>
 *   D ← D + D_batch(z_t, v_t, x_t) − D_batch(z_{t−1}, v_{t−1}, x_{t−1}).
 * </pre>
 * State: z, v, x, the previous iterates and D_z, D_v, D_x.
 */
public final class Srba extends BilevelSolver {
    private final int period;
    private final Vec zOld;
    private final Vec vOld;
    private final Vec xOld;
    private final Vec gz;
    private final Vec hv;
    private final Vec cr;
    private final Vec fz;
    private final Vec fx;

    /** A loop starting at z = 0, x = 0, v = 0 (see {@link #reset}). */
    public Srba(BilevelProblem problem, BilevelOptions options, Workspace ws) {
        super(problem, options, ws);
        this.period = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                Math.floor((double) (nIn + nOut) * options.periodFraction() / options.batchSize())));
        this.zOld = ws.vector(DType.F64, p);
        this.vOld = ws.vector(DType.F64, p);
        this.xOld = ws.vector(DType.F64, q);
        this.gz = ws.vector(DType.F64, p);
        this.hv = ws.vector(DType.F64, p);
        this.cr = ws.vector(DType.F64, q);
        this.fz = ws.vector(DType.F64, p);
        this.fx = ws.vector(DType.F64, q);
        restart();
    }

    /** The period q between full-batch directions. */
    public int period() {
        return period;
    }

    @Override
    void restart() {
        // Iteration 0 computes full-batch directions.
    }

    @Override
    void directions() {
        if (iterations % period == 0) {
            inner(z, x, v, 0, nIn, dz, dv, dx);
            outer(z, x, 0, nOut, fz, fx);
            Blas.axpy(1, fz, dv);
            Blas.axpy(1, fx, dx);
        } else {
            int bi = innerOrder.next();
            int bo = outerOrder.next();
            int fromIn = innerFrom(bi);
            int toIn = innerTo(bi);
            int fromOut = outerFrom(bo);
            int toOut = outerTo(bo);
            // + oracles at the current point
            inner(z, x, v, fromIn, toIn, gz, hv, cr);
            outer(z, x, fromOut, toOut, fz, fx);
            add(1);
            // − the same oracles at the previous point
            inner(zOld, xOld, vOld, fromIn, toIn, gz, hv, cr);
            outer(zOld, xOld, fromOut, toOut, fz, fx);
            add(-1);
        }
        Blas.copy(z, zOld);
        Blas.copy(v, vOld);
        Blas.copy(x, xOld);
    }

    private void add(double sign) {
        Blas.axpy(sign, gz, dz);
        Blas.axpy(sign, hv, dv);
        Blas.axpy(sign, fz, dv);
        Blas.axpy(sign, cr, dx);
        Blas.axpy(sign, fx, dx);
    }
}
