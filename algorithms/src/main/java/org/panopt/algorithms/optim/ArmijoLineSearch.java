package org.panopt.algorithms.optim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * Backtracking line search with the Armijo sufficient-decrease condition (Armijo 1966; Nocedal &amp;
 * Wright, Numerical Optimization, Algorithm 3.1) for deterministic objectives: from t = t₀, shrink
 * t ← ρ t until
 * <pre>
 *   f(x + t d) ≤ f(x) + c t ⟨∇f(x), d⟩
 * </pre>
 * then move x ← x + t d. {@link #step} is gradient descent with this search (d = −∇f(x));
 * {@link #search} takes any descent direction.
 *
 * <p>Buffers (trial point, gradient) are allocated once at construction; a step allocates nothing
 * as long as the {@link Objective} does not. If no t within {@link Options#maxBacktracks()} halvings
 * satisfies the condition (round-off near a minimiser), x is left unchanged and
 * {@link #lastStatus()} says so.
 */
public final class ArmijoLineSearch {
    /**
     * @param initialStep   t₀ &gt; 0; default 1
     * @param shrink        ρ ∈ (0, 1); default 0.5
     * @param c             sufficient-decrease constant c ∈ (0, 1); default 1e-4
     * @param maxBacktracks how many shrinks at most, ≥ 0; default 60
     */
    public record Options(double initialStep, double shrink, double c, int maxBacktracks) {
        public Options {
            Validate.positive("initial step", initialStep);
            Validate.finite("shrink", shrink);
            if (shrink <= 0 || shrink >= 1) {
                throw new IllegalArgumentException("shrink must be in (0, 1), got " + shrink);
            }
            Validate.finite("c", c);
            if (c <= 0 || c >= 1) {
                throw new IllegalArgumentException("Armijo constant c must be in (0, 1), got " + c);
            }
            if (maxBacktracks < 0) {
                throw new IllegalArgumentException("maxBacktracks must be >= 0, got " + maxBacktracks);
            }
        }

        /** t₀ = 1, ρ = 0.5, c = 1e-4, at most 60 backtracks. */
        public static Options defaults() {
            return new Options(1.0, 0.5, 1e-4, 60);
        }

        public Options withInitialStep(double v) {
            return new Options(v, shrink, c, maxBacktracks);
        }
    }

    /** Outcome of the last search. */
    public enum Status {
        /** A step satisfying the Armijo condition was taken. */
        ACCEPTED,
        /** The gradient is zero (or d has no descent slope of size): nothing to do, x unchanged. */
        STATIONARY,
        /** No step within the backtracking budget decreased f enough: x unchanged. */
        NO_DECREASE
    }

    private final Options options;
    private final int n;
    private final Vec trial;
    private final Vec grad;
    private long iterations;
    private double lastStep = Double.NaN;
    private int lastBacktracks;
    private Status lastStatus;
    private double lastValue = Double.NaN;

    /** A line search over {@code n} float64 parameters with its buffers in {@code workspace}. */
    public ArmijoLineSearch(Workspace workspace, int n, Options options) {
        this(StateBuffers.of(workspace), n, options);
    }

    /** A line search with its buffers owned by {@code arena}. */
    public ArmijoLineSearch(Arena arena, int n, Options options) {
        this(StateBuffers.of(arena), n, options);
    }

    private ArmijoLineSearch(StateBuffers buffers, int n, Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.n = Validate.size(n);
        this.trial = buffers.vector(DType.F64, n);
        this.grad = buffers.vector(DType.F64, n);
    }

    /**
     * One gradient-descent step with backtracking: evaluates f and ∇f at x, searches along −∇f and
     * moves x.
     *
     * @return f at the new x (at the old x if the step was refused)
     */
    public double step(Objective f, Vec x) {
        Objects.requireNonNull(f, "objective");
        Validate.vector("x", x, DType.F64, n, true);
        double fx = f.valueAndGradient(x, grad);
        checkValue(fx, "f(x)");
        return run(f, x, fx, grad, -1.0);
    }

    /**
     * Backtracking along a given direction d from x, where {@code fx = f(x)} and
     * {@code gradient = ∇f(x)}; moves x ← x + t d.
     *
     * @return f at the new x (at the old x if no step was accepted)
     * @throws IllegalArgumentException if d is an ascent direction (⟨∇f, d⟩ &gt; 0)
     */
    public double search(Objective f, Vec x, double fx, Vec gradient, Vec direction) {
        Objects.requireNonNull(f, "objective");
        Validate.vector("x", x, DType.F64, n, true);
        Validate.vector("gradient", gradient, DType.F64, n, false);
        Validate.vector("direction", direction, DType.F64, n, false);
        checkValue(fx, "f(x)");
        double slope = FlatOps.dot(gradient.segment(), Validate.byteOffset(gradient), direction.segment(),
                Validate.byteOffset(direction), n);
        if (slope > 0) {
            throw new IllegalArgumentException("direction is not a descent direction: <grad f, d> = " + slope + " > 0");
        }
        return backtrack(f, x, fx, slope, direction, 1.0);
    }

    /** Gradient descent: the direction is sign·g with sign = −1, slope −‖g‖². */
    private double run(Objective f, Vec x, double fx, Vec g, double sign) {
        long gOff = Validate.byteOffset(g);
        double slope = sign * FlatOps.dot(g.segment(), gOff, g.segment(), gOff, n);
        return backtrack(f, x, fx, slope, g, sign);
    }

    private double backtrack(Objective f, Vec x, double fx, double slope, Vec d, double sign) {
        iterations++;
        lastBacktracks = 0;
        if (!(slope < 0)) {
            lastStatus = Status.STATIONARY;
            lastStep = 0;
            lastValue = fx;
            return fx;
        }
        MemorySegment xs = x.segment();
        long xOff = Validate.byteOffset(x);
        MemorySegment ds = d.segment();
        long dOff = Validate.byteOffset(d);
        double t = options.initialStep();
        for (int k = 0; k <= options.maxBacktracks(); k++) {
            FlatOps.axpy(trial.segment(), 0, xs, xOff, sign * t, ds, dOff, n);
            double ft = f.value(trial);
            if (ft <= fx + options.c() * t * slope) {
                // x + (sign·t)·d recomputed in place: the same bits as the accepted trial point.
                FlatOps.axpy(xs, xOff, xs, xOff, sign * t, ds, dOff, n);
                lastBacktracks = k;
                lastStep = t;
                lastStatus = Status.ACCEPTED;
                lastValue = ft;
                return ft;
            }
            t *= options.shrink();
        }
        lastBacktracks = options.maxBacktracks();
        lastStep = 0;
        lastStatus = Status.NO_DECREASE;
        lastValue = fx;
        return fx;
    }

    private static void checkValue(double v, String what) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be finite, the objective returned " + v);
        }
    }

    public Options options() {
        return options;
    }

    /** ∇f at the x of the last {@link #step} (before it moved). */
    public Vec gradient() {
        return grad;
    }

    /** The accepted step t of the last search (0 if none was accepted). */
    public double lastStepSize() {
        return lastStep;
    }

    /** How many times t was shrunk in the last search. */
    public int lastBacktracks() {
        return lastBacktracks;
    }

    /** The outcome of the last search (null before the first). */
    public Status lastStatus() {
        return lastStatus;
    }

    /** f at x after the last search. */
    public double lastValue() {
        return lastValue;
    }

    public int size() {
        return n;
    }

    public long iterations() {
        return iterations;
    }
}
