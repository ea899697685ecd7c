package org.panopt.algorithms.bilevel;

import org.panopt.algorithms.linalg.Blas;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * The plain stochastic baseline (SOBA-like: Dagréou et al. 2022, §3, without variance reduction):
 * the directions are the minibatch oracles themselves, {@code D_z = ∇_z G_B}, {@code D_v =
 * ∇²_zz G_B·v + ∇_z F_B'}, {@code D_x = ∇²_xz G_B·v + ∇_x F_B'}. With constant steps it stalls at a
 * noise floor; {@link BilevelOptions#withDecay} gives SOBA's decreasing steps.
 */
public final class Soba extends BilevelSolver {
    private final Vec fz;
    private final Vec fx;

    /** A loop starting at z = 0, x = 0, v = 0 (see {@link #reset}). */
    public Soba(BilevelProblem problem, BilevelOptions options, Workspace ws) {
        super(problem, options, ws);
        this.fz = ws.vector(DType.F64, p);
        this.fx = ws.vector(DType.F64, q);
        restart();
    }

    @Override
    void restart() {
    }

    @Override
    void directions() {
        int bi = innerOrder.next();
        int bo = outerOrder.next();
        inner(z, x, v, innerFrom(bi), innerTo(bi), dz, dv, dx);
        outer(z, x, outerFrom(bo), outerTo(bo), fz, fx);
        Blas.axpy(1, fz, dv);
        Blas.axpy(1, fx, dx);
    }
}
