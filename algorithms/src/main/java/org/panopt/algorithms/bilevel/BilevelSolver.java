package org.panopt.algorithms.bilevel;

import java.util.Objects;
import org.panopt.algorithms.linalg.Blas;
import org.panopt.algorithms.stochastic.Sampler;
import org.panopt.algorithms.stochastic.Sampling;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * What the bilevel loops share (SPEC.md §4b): the three variables z (inner), v (adjoint) and x
 * (outer) move together along directions D_z, D_v, D_x,
 * <pre>
 *   z ← z − ρ D_z,   v ← v − ρ D_v,   x ← x − γ D_x,   γ = ρ / outer_ratio,
 * </pre>
 * where D_z estimates {@code ∇_z G}, D_v estimates {@code ∇²_zz G·v + ∇_z F} and D_x estimates
 * {@code ∇²_xz G·v + ∇_x F} (the hypergradient once z and v have converged). Subclasses differ only
 * in how they estimate the directions. Batches are contiguous sample ranges of the configured size,
 * visited in an order reshuffled every epoch (the first epoch too).
 *
 * <p>An iteration object: every buffer comes from the {@link Workspace} given at construction, and
 * {@link #step()} allocates nothing. The metrics ({@link #hypergradientNormSquared()},
 * {@link #innerErrorSquared()}) need a problem that is an {@link ExactSolution}; they cost a solve
 * each and are not part of a step. Not thread-safe.
 */
public abstract sealed class BilevelSolver permits Saba, Srba, Soba {
    final BilevelProblem problem;
    final BilevelOptions options;
    final int p;
    final int q;
    final int nIn;
    final int nOut;
    final int batchIn;
    final int batchOut;
    final Sampler innerOrder;
    final Sampler outerOrder;
    final Vec z;
    final Vec v;
    final Vec x;
    final Vec dz;
    final Vec dv;
    final Vec dx;
    private final double rho;
    private final double gamma;
    long iterations;
    long oracleCalls;

    private final ExactSolution exact;
    private final Vec zStar;
    private final Vec vStar;
    private final Vec hypergradient;
    private final Vec scratch;
    private long evaluatedAt = -1;
    private double hypergradientNormSquared = Double.NaN;
    private double innerErrorSquared = Double.NaN;
    private double adjointErrorSquared = Double.NaN;

    BilevelSolver(BilevelProblem problem, BilevelOptions options, Workspace ws) {
        this.problem = Objects.requireNonNull(problem, "problem");
        this.options = Objects.requireNonNull(options, "options");
        Objects.requireNonNull(ws, "workspace");
        this.p = problem.innerDimension();
        this.q = problem.outerDimension();
        this.nIn = problem.innerSamples();
        this.nOut = problem.outerSamples();
        if (p < 1 || q < 1 || nIn < 1 || nOut < 1) {
            throw new IllegalArgumentException("problem has dimensions p = " + p + ", q = " + q + " and samples n_in = "
                    + nIn + ", n_out = " + nOut + ": all must be >= 1");
        }
        this.batchIn = Math.min(options.batchSize(), nIn);
        this.batchOut = Math.min(options.batchSize(), nOut);
        this.innerOrder = new Sampler(batches(nIn, batchIn), Sampling.SHUFFLED, options.seed());
        this.outerOrder = new Sampler(batches(nOut, batchOut), Sampling.SHUFFLED, ~options.seed());
        this.rho = options.step();
        this.gamma = options.step() / options.outerRatio();
        this.z = ws.vector(DType.F64, p);
        this.v = ws.vector(DType.F64, p);
        this.x = ws.vector(DType.F64, q);
        this.dz = ws.vector(DType.F64, p);
        this.dv = ws.vector(DType.F64, p);
        this.dx = ws.vector(DType.F64, q);
        this.exact = problem instanceof ExactSolution e ? e : null;
        this.zStar = exact == null ? null : ws.vector(DType.F64, p);
        this.vStar = exact == null ? null : ws.vector(DType.F64, p);
        this.hypergradient = exact == null ? null : ws.vector(DType.F64, q);
        this.scratch = exact == null ? null : ws.vector(DType.F64, p);
    }

    static int batches(int n, int batch) {
        return (n + batch - 1) / batch;
    }

    /** Computes D_z, D_v, D_x at the current (z, v, x). */
    abstract void directions();

    /** Rebuilds the estimator's state at the current point; called by {@link #reset}. */
    abstract void restart();

    /**
     * One iteration: directions, then the joint update of z, v and x. Allocates nothing.
     *
     * @throws IllegalStateException if the iterates stop being finite (the steps are too large; detected
     *                               from one element of each variable, so within a few iterations)
     */
    public final void step() {
        directions();
        double t = iterations + 1;
        double r = options.innerDecay() == 0 ? rho : rho / Math.pow(t, options.innerDecay());
        double g = options.outerDecay() == 0 ? gamma : gamma / Math.pow(t, options.outerDecay());
        Blas.axpy(-r, dz, z);
        Blas.axpy(-r, dv, v);
        if (g != 0) {
            Blas.axpy(-g, dx, x);
            problem.projectOuter(x);
        }
        iterations++;
        // One element of each variable: the dense products mix coordinates, so a non-finite value
        // reaches these within an iteration or two; a full norm would add three kernel calls per step.
        if (!Double.isFinite(z.get(0) + v.get(0) + x.get(0))) {
            throw new IllegalStateException(getClass().getSimpleName() + " diverged at iteration " + iterations
                    + " (an iterate is no longer finite): reduce the step (" + options.step()
                    + ") or raise outer_ratio (" + options.outerRatio() + ")");
        }
    }

    /**
     * Runs {@code count} iterations, calling {@code listener} (if not null) after every
     * {@code every}-th one with the iteration, the oracle calls and the metrics.
     */
    public final void run(long count, int every, ProgressListener listener) {
        if (listener != null && every < 1) {
            throw new IllegalArgumentException("report interval must be >= 1, got " + every);
        }
        for (long k = 0; k < count; k++) {
            step();
            if (listener != null && iterations % every == 0) {
                listener.progress(iterations, oracleCalls, hypergradientNormSquared(), innerErrorSquared());
            }
        }
    }

    /** Starts again from {@code (z0, x0)} (copied) with v = 0: counters to zero, estimator rebuilt. */
    public final void reset(Vec z0, Vec x0) {
        if (z0.length() != p || x0.length() != q) {
            throw new IllegalArgumentException("starting point has dimensions " + z0.length() + " and " + x0.length()
                    + ", expected " + p + " and " + q);
        }
        Blas.copy(z0, z);
        Blas.copy(x0, x);
        problem.projectOuter(x);
        Blas.zero(v);
        iterations = 0;
        oracleCalls = 0;
        evaluatedAt = -1;
        restart();
    }

    /** The inner variable z (a live view: read it, or copy it out). */
    public final Vec z() {
        return z;
    }

    /** The adjoint variable v. */
    public final Vec v() {
        return v;
    }

    /** The outer variable x. */
    public final Vec x() {
        return x;
    }

    /** The last outer direction D_x: the loop's running estimate of the hypergradient. */
    public final Vec hypergradientEstimate() {
        return dx;
    }

    public final long iterations() {
        return iterations;
    }

    /** Per-sample oracle evaluations so far (inner and outer counted separately). */
    public final long oracleCalls() {
        return oracleCalls;
    }

    /** {@code ‖∇h(x)‖²} at the current x, or NaN if the problem has no {@link ExactSolution}. */
    public final double hypergradientNormSquared() {
        evaluate();
        return hypergradientNormSquared;
    }

    /** {@code ‖z − z*(x)‖²}, or NaN. */
    public final double innerErrorSquared() {
        evaluate();
        return innerErrorSquared;
    }

    /** {@code ‖v − v*(x)‖²}, or NaN. */
    public final double adjointErrorSquared() {
        evaluate();
        return adjointErrorSquared;
    }

    private void evaluate() {
        if (exact == null || evaluatedAt == iterations) {
            return;
        }
        exact.solve(x, zStar, vStar, hypergradient);
        double g = Blas.nrm2(hypergradient);
        hypergradientNormSquared = g * g;
        innerErrorSquared = Blas.distanceSquared(z, zStar, scratch);
        adjointErrorSquared = Blas.distanceSquared(v, vStar, scratch);
        evaluatedAt = iterations;
    }

    // ---- oracle calls on batch b (contiguous ranges), counted ----

    final int innerFrom(int b) {
        return b * batchIn;
    }

    final int innerTo(int b) {
        return Math.min(nIn, (b + 1) * batchIn);
    }

    final int outerFrom(int b) {
        return b * batchOut;
    }

    final int outerTo(int b) {
        return Math.min(nOut, (b + 1) * batchOut);
    }

    final void inner(Vec zz, Vec xx, Vec vv, int from, int to, Vec gradZ, Vec hvp, Vec cross) {
        problem.innerOracles(zz, xx, vv, from, to, gradZ, hvp, cross);
        oracleCalls += to - from;
    }

    final void outer(Vec zz, Vec xx, int from, int to, Vec gradZ, Vec gradX) {
        problem.outerOracles(zz, xx, from, to, gradZ, gradX);
        oracleCalls += to - from;
    }
}
