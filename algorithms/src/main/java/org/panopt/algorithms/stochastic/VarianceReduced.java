package org.panopt.algorithms.stochastic;

import java.util.Objects;
import org.panopt.algorithms.linalg.Blas;
import org.panopt.algorithms.prox.Prox;
import org.panopt.algorithms.prox.Zero;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * What the variance-reduced loops share: the iterate, the step, the sampler, the optional prox
 * ({@code x ← prox_{ητ}(x − η·d)}, SPEC.md §4a) and the counters. Each loop is an iteration object:
 * every buffer comes from the {@link Workspace} given at construction and {@link #step()} allocates
 * nothing.
 *
 * <p>When the finite sum is a {@link LinearModel}, the loops use its structure: per-sample
 * gradients are a scalar times a row, so tables hold one scalar per sample and the ridge term is
 * applied in closed form; any other {@link FiniteSum} goes through d-vector gradients.
 */
public abstract sealed class VarianceReduced permits Saga, Svrg, Sarah {
    final FiniteSum f;
    /** The same object as {@link #f} when it is a linear model, else null. */
    final LinearModel linear;
    final Prox prox;
    private final boolean proximal;
    final Vec x;
    final double eta;
    final double lambda;
    final Sampler sampler;
    final int n;
    long iterations;
    long evaluations;

    VarianceReduced(FiniteSum f, Prox prox, StochasticOptions options, Workspace ws, double defaultStep) {
        this.f = Objects.requireNonNull(f, "finite sum");
        this.prox = prox == null ? new Zero() : prox;
        this.proximal = !(this.prox instanceof Zero);
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(ws, "workspace");
        this.linear = f instanceof LinearModel m ? m : null;
        this.lambda = linear != null ? linear.l2() : 0;
        this.n = f.samples();
        double step = Double.isNaN(options.step()) ? defaultStep : options.step();
        if (!(step > 0 && step < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no step given and the problem's "
                    + "smoothness constant is unknown (" + f.smoothness() + "): pass StochasticOptions.withStep");
        }
        this.eta = step;
        this.sampler = new Sampler(n, options.sampling(), options.seed());
        this.x = ws.vector(DType.F64, f.dimension());
    }

    /** One stochastic step (one sampled index). Allocates nothing. */
    public abstract void step();

    /** Re-initialises the tables/snapshots at the current iterate; called by {@link #reset}. */
    abstract void restart();

    /** {@code steps} calls of {@link #step()}. */
    public final void run(long steps) {
        for (long k = 0; k < steps; k++) {
            step();
        }
    }

    /** Starts again from {@code x0} (copied): counters to zero, tables rebuilt at x0. */
    public final void reset(Vec x0) {
        if (x0.length() != x.length()) {
            throw new IllegalArgumentException("starting point has " + x0.length() + " elements, expected "
                    + x.length());
        }
        Blas.copy(x0, x);
        iterations = 0;
        evaluations = 0;
        restart();
    }

    /** The current iterate (a live view into the workspace: read it, or copy it out). */
    public final Vec x() {
        return x;
    }

    /** {@code F(x) + τ(x)} at the current iterate. */
    public final double objective() {
        return f.value(x) + prox.value(x);
    }

    /** The step size η in use. */
    public final double stepSize() {
        return eta;
    }

    /** Steps taken since construction or the last {@link #reset}. */
    public final long iterations() {
        return iterations;
    }

    /** Per-sample gradient evaluations (a full gradient counts n), since the last reset. */
    public final long gradientEvaluations() {
        return evaluations;
    }

    final void applyProx() {
        if (proximal) {
            prox.prox(x, eta, x);
        }
    }

    /** The SAGA rule {@code 1/(2L + min(2nμ, L))}; NaN if L is unknown. */
    static double sagaStep(FiniteSum f) {
        double l = f.smoothness();
        return 1 / (2 * l + Math.min(2 * f.samples() * f.strongConvexity(), l));
    }
}
