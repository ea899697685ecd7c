package org.panopt.algorithms.stochastic;

import org.panopt.algorithms.linalg.Blas;
import org.panopt.algorithms.prox.Prox;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * SARAH (Nguyen, Liu, Scheinberg &amp; Takáč, ICML 2017, Algorithm 1) and its proximal form
 * (ProxSARAH with γ = 1, Pham et al., JMLR 2020): at the start of every inner loop of m steps
 * {@code v = ∇F(x)}; then {@code v ← ∇f_i(x_t) − ∇f_i(x_{t−1}) + v} with the same i at both points,
 * and {@code x ← prox_{ητ}(x − η v)}. Each inner loop restarts from the last iterate.
 *
 * <p>For a {@link LinearModel}, {@code v = s + λx} where s (the data part) follows the recursion
 * {@code s ← s + (φ_i'(a_iᵀx_t) − φ_i'(a_iᵀx_{t−1}))·a_i}, so the ridge term needs no extra pass.
 */
public final class Sarah extends VarianceReduced {
    private final int period;
    private final Vec v;
    private final Vec previous;
    private final Vec grad;

    /**
     * @param f       the finite sum
     * @param prox    the penalty τ, or null for none
     * @param options step (default 1/(2L)), sampling, seed, period = inner-loop length (default n)
     * @param ws      owns the iterate and the recursive estimate
     */
    public Sarah(FiniteSum f, Prox prox, StochasticOptions options, Workspace ws) {
        super(f, prox, options, ws, 1 / (2 * f.smoothness()));
        this.period = options.period() == 0 ? f.samples() : options.period();
        int d = f.dimension();
        this.v = ws.vector(DType.F64, d);
        this.previous = ws.vector(DType.F64, d);
        this.grad = linear != null ? null : ws.vector(DType.F64, d);
    }

    @Override
    void restart() {
        // The full gradient is taken by the first step of every inner loop.
    }

    @Override
    public void step() {
        if (iterations % period == 0) {
            if (linear != null) {
                // s = data part of ∇F(x): the full gradient minus λx.
                linear.fullGradient(x, v);
                if (lambda != 0) {
                    Blas.axpy(-lambda, x, v);
                }
            } else {
                f.fullGradient(x, v);
            }
            evaluations += n;
        } else {
            int i = sampler.next();
            if (linear != null) {
                double c = linear.derivative(i, linear.margin(x, i)) - linear.derivative(i, linear.margin(previous, i));
                linear.addRow(i, c, v);
            } else {
                f.gradient(x, i, grad);
                f.addGradient(previous, i, -1, grad);
                Blas.axpy(1, grad, v);
            }
            evaluations += 2;
        }
        Blas.copy(x, previous);
        if (linear != null) {
            Blas.axpby(-eta, v, 1 - eta * lambda, x);
        } else {
            Blas.axpy(-eta, v, x);
        }
        applyProx();
        iterations++;
    }
}
