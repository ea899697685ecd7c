package org.panopt.algorithms.stochastic;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.panopt.algorithms.linalg.Blas;
import org.panopt.algorithms.prox.Prox;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * SVRG (Johnson &amp; Zhang, NeurIPS 2013) and Prox-SVRG (Xiao &amp; Zhang, SIAM J. Optim. 2014):
 * every m steps take a snapshot {@code x̃ = x} and {@code μ = ∇F(x̃)}; in between,
 * {@code d = ∇f_i(x) − ∇f_i(x̃) + μ} and {@code x ← prox_{ητ}(x − η d)}.
 *
 * <p>For a {@link LinearModel} the snapshot also keeps {@code φ_i'(a_iᵀx̃)} for every i (computed
 * with μ at no extra cost), so a step needs one row dot product, not two.
 */
public final class Svrg extends VarianceReduced {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private final int period;
    private final Vec snapshot;
    private final Vec mu;
    private final MemorySegment scalars;
    private final Vec grad;

    /**
     * @param f       the finite sum
     * @param prox    the penalty τ, or null for none
     * @param options step (default 1/(4L)), sampling, seed, period (default 2n)
     * @param ws      owns the iterate, the snapshot and the tables
     */
    public Svrg(FiniteSum f, Prox prox, StochasticOptions options, Workspace ws) {
        super(f, prox, options, ws, 1 / (4 * f.smoothness()));
        this.period = options.period() == 0 ? (int) Math.min(Integer.MAX_VALUE, 2L * f.samples()) : options.period();
        int d = f.dimension();
        this.mu = ws.vector(DType.F64, d);
        if (linear != null) {
            this.scalars = ws.segment((long) n * Double.BYTES);
            this.snapshot = null;
            this.grad = null;
        } else {
            this.scalars = null;
            this.snapshot = ws.vector(DType.F64, d);
            this.grad = ws.vector(DType.F64, d);
        }
        restart();
    }

    @Override
    void restart() {
        if (linear != null) {
            // μ holds the data part (1/n) Σ φ_i'(a_iᵀx̃) a_i; the ridge term is applied at x.
            Blas.zero(mu);
            for (int i = 0; i < n; i++) {
                double g = linear.derivative(i, linear.margin(x, i));
                scalars.setAtIndex(D, i, g);
                linear.addRow(i, g / n, mu);
            }
        } else {
            Blas.copy(x, snapshot);
            f.fullGradient(x, mu);
        }
        evaluations += n;
    }

    @Override
    public void step() {
        if (iterations > 0 && iterations % period == 0) {
            restart();
        }
        int i = sampler.next();
        if (linear != null) {
            double c = linear.derivative(i, linear.margin(x, i)) - scalars.getAtIndex(D, i);
            Blas.axpby(-eta, mu, 1 - eta * lambda, x);
            linear.addRow(i, -eta * c, x);
            evaluations++;
        } else {
            f.gradient(x, i, grad);
            f.addGradient(snapshot, i, -1, grad);
            Blas.axpy(1, mu, grad);
            Blas.axpy(-eta, grad, x);
            evaluations += 2;
        }
        applyProx();
        iterations++;
    }
}
