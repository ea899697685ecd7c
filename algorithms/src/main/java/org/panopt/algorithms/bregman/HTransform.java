package org.panopt.algorithms.bregman;

import java.lang.foreign.Arena;
import java.util.Objects;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.kernels.level1.Level1;

/**
 * The h-transform of a potential (SPEC §3b): {@code f^h(x) = min_z h(z) − f(x − z)} for
 * {@code h = ½‖·‖² + γτ}, which gives ground-truth maps for structured costs
 * ({@code T(x) = x − z*(x)}; Klein et al. 2023). Solved by proximal gradient on
 * {@code s(z) = −f(x − z)} (smooth, {@code ∇s(z) = ∇f(x − z)}) with h in the prox:
 * {@code z ← prox_{t h}(y − t∇s(y))}, {@code prox_{t h}(v) = prox_{(tγ/(1+t))τ}(v/(1 + t))}
 * ({@link RegularizedCost#proxOfH}), accelerated (FISTA: Beck &amp; Teboulle 2009) with
 * backtracking on the step and, by default, the gradient-based adaptive restart of O'Donoghue &amp;
 * Candès (2015), which keeps FISTA linearly convergent on this 1-strongly convex problem.
 *
 * <p>Backtracking (Beck &amp; Teboulle's): the step t shrinks by {@link Options#backtrack()} until
 * {@code s(z⁺) ≤ s(y) + ⟨∇s(y), z⁺ − y⟩ + ‖z⁺ − y‖²/(2t)}; it never grows back. The run stops when
 * the gradient mapping {@code ‖y − z⁺‖/t} is at most {@code tolerance · max(1, ‖x‖)} (SPEC: tolerance
 * 1e-3 relative to the scale of the query), or after {@code maxIterations} (500). The start is
 * {@code z = x} (the displacement of the identity map).
 *
 * <p>The object owns its d-vectors (sized once); a warmed-up {@link #solve} allocates nothing,
 * given an allocation-free potential. Not thread-safe.
 */
public final class HTransform {
    /**
     * Options.
     *
     * @param tolerance     relative tolerance on the gradient mapping (default 1e-3)
     * @param maxIterations iteration cap (default 500)
     * @param accelerated   FISTA momentum (default true); false is plain proximal gradient
     * @param restart       adaptive restart of the momentum (default true)
     * @param initialStep   first step t (default 1; backtracking shrinks it as needed)
     * @param backtrack     shrink factor of the step, in (0, 1) (default 0.5)
     */
    public record Options(double tolerance, int maxIterations, boolean accelerated, boolean restart,
                          double initialStep, double backtrack) {
        public Options {
            if (!(tolerance >= 0 && Double.isFinite(tolerance))) {
                throw new IllegalArgumentException("tolerance must be finite and >= 0, got " + tolerance);
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
            }
            if (!(initialStep > 0 && Double.isFinite(initialStep))) {
                throw new IllegalArgumentException("initialStep must be finite and > 0, got " + initialStep);
            }
            if (!(backtrack > 0 && backtrack < 1)) {
                throw new IllegalArgumentException("backtrack must be in (0, 1), got " + backtrack);
            }
        }

        /** SPEC §3b: FISTA with backtracking and restart, tolerance 1e-3, at most 500 iterations, first step 1. */
        public static Options defaults() {
            return new Options(1e-3, 500, true, true, 1, 0.5);
        }

        public Options withTolerance(double t) {
            return new Options(t, maxIterations, accelerated, restart, initialStep, backtrack);
        }

        public Options withMaxIterations(int n) {
            return new Options(tolerance, n, accelerated, restart, initialStep, backtrack);
        }

        public Options withAcceleration(boolean a, boolean r) {
            return new Options(tolerance, maxIterations, a, r, initialStep, backtrack);
        }
    }

    private final RegularizedCost h;
    private final Potential f;
    private final Options options;
    private final int d;
    private final Vec z;
    private final Vec zNext;
    private final Vec y;
    private final Vec grad;
    private final Vec u;
    private int iterations;
    private boolean converged;
    private double residual = Double.NaN;
    private double step;

    public HTransform(RegularizedCost h, Potential f, Options options) {
        this.h = Objects.requireNonNull(h, "h");
        this.f = Objects.requireNonNull(f, "f");
        this.options = Objects.requireNonNull(options, "options");
        this.d = h.dimension();
        if (f.dimension() != d) {
            throw new IllegalArgumentException("the cost acts on R^" + d + ", the potential on R^" + f.dimension());
        }
        Arena arena = Arena.ofAuto();
        z = Vec.allocate(arena, DType.F64, d);
        zNext = Vec.allocate(arena, DType.F64, d);
        y = Vec.allocate(arena, DType.F64, d);
        grad = Vec.allocate(arena, DType.F64, d);
        u = Vec.allocate(arena, DType.F64, d);
    }

    /** {@code u ← x − v}. */
    private void difference(Vec x, Vec v) {
        Level1.dcopy(d, x.segment(), x.offset(), 1, u.segment(), 0, 1);
        Level1.daxpy(d, -1, v.segment(), v.offset(), 1, u.segment(), 0, 1);
    }

    private static double sq(Vec v, int n) {
        return Level1.ddot(n, v.segment(), v.offset(), 1, v.segment(), v.offset(), 1);
    }

    /**
     * Solves for the query x.
     *
     * @param x         contiguous float64, length d
     * @param minimiser contiguous float64, length d: receives z* (may be null)
     * @return {@code f^h(x) = h(z*) − f(x − z*)}
     */
    public double solve(Vec x, Vec minimiser) {
        if (x.dtype() != DType.F64 || x.stride() != 1 || x.length() != d) {
            throw new IllegalArgumentException("x must be a contiguous float64 vector of length " + d + ", got " + x);
        }
        if (minimiser != null && (minimiser.dtype() != DType.F64 || minimiser.stride() != 1 || minimiser.length() != d)) {
            throw new IllegalArgumentException("the minimiser must be a contiguous float64 vector of length " + d);
        }
        double scale = Math.max(1, Math.sqrt(sq(x, d)));
        double t = options.initialStep();
        Level1.dcopy(d, x.segment(), x.offset(), 1, z.segment(), 0, 1);
        Level1.dcopy(d, x.segment(), x.offset(), 1, y.segment(), 0, 1);
        double theta = 1;
        converged = false;
        residual = Double.NaN;
        int k = 0;
        while (k < options.maxIterations()) {
            k++;
            difference(x, y);
            double sy = -f.evaluate(u, grad);             // s(y) = −f(x − y), ∇s(y) = ∇f(x − y)
            double gap;
            double dist2;
            while (true) {
                // zNext = prox_{t h}(y − t ∇s(y))
                Level1.dcopy(d, y.segment(), 0, 1, zNext.segment(), 0, 1);
                Level1.daxpy(d, -t, grad.segment(), 0, 1, zNext.segment(), 0, 1);
                h.proxOfH(zNext, t, zNext);
                difference(x, zNext);
                double sNext = -f.evaluate(u, null);
                // u ← zNext − y (the step), reused for the model
                Level1.dcopy(d, zNext.segment(), 0, 1, u.segment(), 0, 1);
                Level1.daxpy(d, -1, y.segment(), 0, 1, u.segment(), 0, 1);
                dist2 = sq(u, d);
                double model = sy + Level1.ddot(d, grad.segment(), 0, 1, u.segment(), 0, 1) + dist2 / (2 * t);
                gap = sNext - model;
                if (gap <= 1e-12 * (Math.abs(sy) + Math.abs(sNext)) || t < 1e-300) {
                    break;
                }
                t *= options.backtrack();
            }
            residual = Math.sqrt(dist2) / t;
            if (residual <= options.tolerance() * scale) {
                Level1.dcopy(d, zNext.segment(), 0, 1, z.segment(), 0, 1);
                converged = true;
                break;
            }
            if (options.accelerated()) {
                // restart when the momentum points against the descent: ⟨y − zNext, zNext − z⟩ > 0
                Level1.dcopy(d, zNext.segment(), 0, 1, grad.segment(), 0, 1);
                Level1.daxpy(d, -1, z.segment(), 0, 1, grad.segment(), 0, 1);       // grad ← zNext − z
                if (options.restart() && -Level1.ddot(d, u.segment(), 0, 1, grad.segment(), 0, 1) > 0) {
                    theta = 1;
                }
                double thetaNext = (1 + Math.sqrt(1 + 4 * theta * theta)) / 2;
                double beta = (theta - 1) / thetaNext;
                // y ← zNext + β (zNext − z)
                Level1.dcopy(d, zNext.segment(), 0, 1, y.segment(), 0, 1);
                Level1.daxpy(d, beta, grad.segment(), 0, 1, y.segment(), 0, 1);
                theta = thetaNext;
            } else {
                Level1.dcopy(d, zNext.segment(), 0, 1, y.segment(), 0, 1);
            }
            Level1.dcopy(d, zNext.segment(), 0, 1, z.segment(), 0, 1);
        }
        iterations = k;
        step = t;
        if (minimiser != null) {
            Level1.dcopy(d, z.segment(), 0, 1, minimiser.segment(), minimiser.offset(), 1);
        }
        difference(x, z);
        return h.value(z) - f.evaluate(u, null);
    }

    /** Iterations of the last {@link #solve}. */
    public int iterations() {
        return iterations;
    }

    /** Whether the last {@link #solve} met the tolerance. */
    public boolean converged() {
        return converged;
    }

    /** The gradient-mapping norm {@code ‖y − z⁺‖/t} at the last iteration. */
    public double residual() {
        return residual;
    }

    /** The step t the last {@link #solve} ended with. */
    public double step() {
        return step;
    }
}
