package org.panopt.algorithms.stochastic;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.panopt.algorithms.linalg.Blas;
import org.panopt.algorithms.prox.Prox;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * SAGA (Defazio, Bach &amp; Lacoste-Julien, NeurIPS 2014, Algorithm 1), with an optional prox:
 * draw i, {@code d = ∇f_i(x) − α_i + ᾱ}, {@code x ← prox_{ητ}(x − η d)}, then
 * {@code ᾱ += (∇f_i(x) − α_i)/n}, {@code α_i = ∇f_i(x)}.
 *
 * <p>The table starts with one full pass at the starting point (n gradient evaluations), as in the
 * paper. For a {@link LinearModel} the table holds the scalar {@code φ_i'} per sample (n doubles, not
 * n·d) and ᾱ holds the data part only; a step is one row dot product, an axpby and two row axpys.
 * For any other {@link FiniteSum} it holds the n gradients (an n × d matrix).
 */
public final class Saga extends VarianceReduced {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private final MemorySegment scalars;
    private final Matrix table;
    private final Vec average;
    private final Vec grad;

    /**
     * @param f       the finite sum
     * @param prox    the penalty τ, or null for none
     * @param options step (default: the SAGA rule), sampling, seed
     * @param ws      owns the iterate and the tables
     */
    public Saga(FiniteSum f, Prox prox, StochasticOptions options, Workspace ws) {
        super(f, prox, options, ws, sagaStep(f));
        int d = f.dimension();
        this.average = ws.vector(DType.F64, d);
        if (linear != null) {
            this.scalars = ws.segment((long) n * Double.BYTES);
            this.table = null;
            this.grad = null;
        } else {
            this.scalars = null;
            this.table = ws.matrix(DType.F64, d, n).t();
            this.grad = ws.vector(DType.F64, d);
        }
        restart();
    }

    @Override
    void restart() {
        Blas.zero(average);
        if (linear != null) {
            for (int i = 0; i < n; i++) {
                double g = linear.derivative(i, linear.margin(x, i));
                scalars.setAtIndex(D, i, g);
                linear.addRow(i, g / n, average);
            }
        } else {
            for (int i = 0; i < n; i++) {
                f.gradient(x, i, grad);
                Blas.copyToRow(grad, table, i);
                Blas.axpy(1.0 / n, grad, average);
            }
        }
        evaluations += n;
    }

    @Override
    public void step() {
        int i = sampler.next();
        if (linear != null) {
            double g = linear.derivative(i, linear.margin(x, i));
            double c = g - scalars.getAtIndex(D, i);
            scalars.setAtIndex(D, i, g);
            // d = c·a_i + ᾱ + λx, so x − ηd = (1 − ηλ)x − ηᾱ − ηc·a_i; then ᾱ += (c/n)·a_i (one fused pass).
            linear.sagaUpdate(i, 1 - eta * lambda, -eta, average, -eta * c, c / n, x);
        } else {
            f.gradient(x, i, grad);
            Blas.rowAxpy(-1, table, i, grad);    // grad = ∇f_i(x) − α_i
            Blas.axpyToRow(1, grad, table, i);   // α_i = ∇f_i(x)
            Blas.axpy(-eta, grad, x);
            Blas.axpy(-eta, average, x);
            Blas.axpy(1.0 / n, grad, average);
        }
        applyProx();
        evaluations++;
        iterations++;
    }
}
