package org.panopt.algorithms.optim;

import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;

/**
 * Gradient descent with the Polyak step size (Polyak 1987), capped as in the stochastic Polyak
 * step SPS_max (Loizou, Vaswani, Laradji &amp; Lacoste-Julien, AISTATS 2021):
 * <pre>
 *   η = min( (f(θ) − f*) / (c ‖g‖²), η_max ),   θ ← θ − η g
 * </pre>
 * with f* the optimal value (or a lower bound of it). η is 0 where f(θ) ≤ f* or g = 0. With
 * c = 1 and η_max = ∞ it is Polyak's original step, which needs f* exactly and converges on convex
 * Lipschitz (and linearly on strongly convex smooth) objectives without knowing their constants.
 *
 * <p>Two passes over contiguous float64 vectors (‖g‖², then the update); allocation-free. Has no
 * state buffers.
 */
public final class PolyakStep {
    /**
     * @param fStar   the optimal value f* (or a lower bound); default 0 (e.g. interpolating models)
     * @param c       the SPS constant c &gt; 0; default 1 (Polyak's step)
     * @param maxStep the cap η_max &gt; 0, may be +∞; default +∞
     */
    public record Options(double fStar, double c, double maxStep) {
        public Options {
            Validate.finite("f*", fStar);
            Validate.positive("c", c);
            if (Double.isNaN(maxStep) || maxStep <= 0) {
                throw new IllegalArgumentException("maxStep must be > 0 (it may be +Infinity), got " + maxStep);
            }
        }

        /** f* = 0, c = 1, no cap. */
        public static Options defaults() {
            return new Options(0, 1, Double.POSITIVE_INFINITY);
        }

        public static Options withOptimum(double fStar) {
            return new Options(fStar, 1, Double.POSITIVE_INFINITY);
        }
    }

    private final Options options;
    private final int n;
    private long iterations;
    private double lastStep = Double.NaN;

    public PolyakStep(int n, Options options) {
        this.options = java.util.Objects.requireNonNull(options, "options");
        this.n = Validate.size(n);
    }

    /**
     * One step {@code θ ← θ − η g} with {@code value = f(θ)} and {@code grad = ∇f(θ)}.
     *
     * @return the step size η used
     * @throws IllegalArgumentException if {@code value} is NaN or infinite, or on a vector mismatch
     */
    public double step(Vec params, Vec grad, double value) {
        Validate.finite("objective value", value);
        Validate.vector("params", params, DType.F64, n, true);
        Validate.vector("grad", grad, DType.F64, n, false);
        long pOff = Validate.byteOffset(params);
        long gOff = Validate.byteOffset(grad);
        double gg = FlatOps.dot(grad.segment(), gOff, grad.segment(), gOff, n);
        double gap = value - options.fStar();
        double eta = gap > 0 && gg > 0 ? Math.min(gap / (options.c() * gg), options.maxStep()) : 0.0;
        if (eta > 0) {
            FlatOps.axpy(params.segment(), pOff, params.segment(), pOff, -eta, grad.segment(), gOff, n);
        }
        lastStep = eta;
        iterations++;
        return eta;
    }

    public Options options() {
        return options;
    }

    /** η of the last step (NaN before the first). */
    public double lastStepSize() {
        return lastStep;
    }

    public int size() {
        return n;
    }

    public long iterations() {
        return iterations;
    }
}
