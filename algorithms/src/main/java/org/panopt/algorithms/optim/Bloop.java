package org.panopt.algorithms.optim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * Bloop gradient surgery with an EMA (Hsieh, Thornton, Ndiaye, Klein, Cuturi &amp; Ablin, "Careful
 * with that Scalpel: Improving Gradient Surgery with an EMA", ICML 2024, arXiv 2402.02998): blends
 * the gradient of a main loss with the gradient of an auxiliary loss so that, to first order, the
 * step still descends the main loss. The auxiliary gradient is projected onto the orthogonal
 * complement of an EMA e of the main gradients (a mini-batch main gradient is too noisy to project
 * against). Per call:
 * <pre>
 *   e ← e + β (g_main − e)                     (e starts at the first g_main)
 *   r = ⟨e, g_aux⟩ / (‖e‖² + 1e-7)
 *   d = g_main + λ (g_aux − r e)               ({@link Variant#STANDARD})
 * </pre>
 * so that ⟨d, e⟩ = ⟨g_main, e⟩ up to the 1e-7 guard. Defaults (SPEC §5, and the authors' code):
 * β = 0.1, λ = 0.1. The direction is then handed to any optimiser ({@link Sgd}, {@link Adam}, …).
 *
 * <p>{@link Variant} lists the two variants that the authors' reference implementation
 * ({@code apple/ml-bloop}, {@code src/bloop/optim.py}) offers next to the standard direction; see
 * there for their exact formulas. Optionally ({@link Options#rescale()}) the direction is divided by
 * 1 + λ, and the EMA may start at zero instead of the first main gradient ({@link Init}), as in that
 * code.
 *
 * <p>Two passes per call over contiguous float64 vectors: the EMA update fused with both
 * reductions (several independent accumulators), then the direction. Allocation-free.
 */
public final class Bloop {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    /** The guard added to ‖e‖² in the projection ratio (SPEC §5; the reference code's default). */
    public static final double EPS = 1e-7;

    /** How the projection enters the direction. */
    public enum Variant {
        /** {@code d = g_main + λ (g_aux − r e)}: the auxiliary gradient projected orthogonally to e. */
        STANDARD,
        /**
         * {@code d = (1 − λ r) g_main + λ g_aux}: the EMA only supplies the ratio r and the current
         * main gradient is subtracted instead of e (the reference code's {@code use_ratio_only}).
         */
        RATIO_ONLY,
        /**
         * {@link #STANDARD} with r clipped to at most 1/λ (the reference code's
         * {@code dynamic_barrier_direction}, after the dynamic barrier of Gong et al. 2021), which
         * bounds how much of e can be subtracted.
         */
        DYNAMIC_BARRIER
    }

    /** Initial value of the EMA e. */
    public enum Init {
        /** e starts at the first main gradient (SPEC §5 and the reference code's {@code init="grad"}). */
        FIRST_GRADIENT,
        /** e starts at 0, so after the first call e = β g_main (the reference code's {@code init="zeros"}). */
        ZEROS
    }

    /**
     * @param beta    EMA weight β ∈ (0, 1] of the new main gradient; default 0.1
     * @param lambda  weight λ ≥ 0 of the auxiliary gradient; default 0.1
     * @param variant see {@link Variant}; default {@link Variant#STANDARD}
     * @param init    see {@link Init}; default {@link Init#FIRST_GRADIENT}
     * @param rescale divide the direction by 1 + λ; default false
     */
    public record Options(double beta, double lambda, Variant variant, Init init, boolean rescale) {
        public Options {
            Validate.finite("beta", beta);
            if (beta <= 0 || beta > 1) {
                throw new IllegalArgumentException("beta must be in (0, 1], got " + beta);
            }
            Validate.nonNegative("lambda", lambda);
            Objects.requireNonNull(variant, "variant");
            Objects.requireNonNull(init, "init");
            if (variant == Variant.DYNAMIC_BARRIER && lambda == 0) {
                throw new IllegalArgumentException("the dynamic barrier clips r at 1/lambda: lambda must be > 0");
            }
        }

        /** β = 0.1, λ = 0.1, standard direction, e starts at the first main gradient, no rescaling. */
        public static Options defaults() {
            return new Options(0.1, 0.1, Variant.STANDARD, Init.FIRST_GRADIENT, false);
        }

        public Options withBeta(double v) {
            return new Options(v, lambda, variant, init, rescale);
        }

        public Options withLambda(double v) {
            return new Options(beta, v, variant, init, rescale);
        }

        public Options withVariant(Variant v) {
            return new Options(beta, lambda, v, init, rescale);
        }

        public Options withInit(Init v) {
            return new Options(beta, lambda, variant, v, rescale);
        }

        public Options withRescale(boolean v) {
            return new Options(beta, lambda, variant, init, v);
        }
    }

    private final Options options;
    private final Vec ema;
    private final int n;
    private long iterations;
    private double ratio = Double.NaN;

    /** Bloop over {@code n} float64 parameters with its EMA in {@code workspace}. */
    public Bloop(Workspace workspace, int n, Options options) {
        this(StateBuffers.of(workspace), n, options);
    }

    /** Bloop with its EMA owned by {@code arena}. */
    public Bloop(Arena arena, int n, Options options) {
        this(StateBuffers.of(arena), n, options);
    }

    private Bloop(StateBuffers buffers, int n, Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.n = Validate.size(n);
        this.ema = buffers.vector(DType.F64, n);
    }

    /**
     * Updates the EMA with {@code gMain} and writes the blended direction into {@code out}.
     * {@code out} may be the very same view as {@code gMain} or {@code gAux} (the direction then
     * replaces it) but must not partially overlap either.
     *
     * @return the projection ratio r used (after clipping for the dynamic barrier)
     */
    public double direction(Vec gMain, Vec gAux, Vec out) {
        Validate.vector("gMain", gMain, DType.F64, n, false);
        Validate.vector("gAux", gAux, DType.F64, n, false);
        Validate.vector("out", out, DType.F64, n, true);
        Validate.sameOrDisjoint("out", out, "gMain", gMain);
        Validate.sameOrDisjoint("out", out, "gAux", gAux);
        MemorySegment gm = gMain.segment();
        MemorySegment ga = gAux.segment();
        long gmOff = Validate.byteOffset(gMain);
        long gaOff = Validate.byteOffset(gAux);
        // e is zero-filled at construction, so e + 1·(g − e) is exactly g on the first call.
        double beta = iterations == 0 && options.init() == Init.FIRST_GRADIENT ? 1.0 : options.beta();
        double r = emaAndRatio(ema.segment(), gm, gmOff, ga, gaOff, n, beta);
        double lambda = options.lambda();
        if (options.variant() == Variant.DYNAMIC_BARRIER) {
            r = Math.min(r, 1.0 / lambda);
        }
        double scale = options.rescale() ? 1.0 / (1.0 + lambda) : 1.0;
        if (options.variant() == Variant.RATIO_ONLY) {
            // d = (1 − λr) g_main + λ g_aux + 0·e
            combine(out.segment(), Validate.byteOffset(out), gm, gmOff, ga, gaOff, ema.segment(), n,
                    scale * (1.0 - lambda * r), scale * lambda, 0.0);
        } else {
            // d = g_main + λ g_aux − λ r e  (the same as g_main + λ (g_aux − r e) up to round-off)
            combine(out.segment(), Validate.byteOffset(out), gm, gmOff, ga, gaOff, ema.segment(), n,
                    scale, scale * lambda, -scale * lambda * r);
        }
        ratio = r;
        iterations++;
        return r;
    }

    /** e ← e + β(g_main − e), then ⟨e, g_aux⟩ / (‖e‖² + EPS) over the new e, in one pass. */
    private static double emaAndRatio(MemorySegment e, MemorySegment gm, long gmOff, MemorySegment ga, long gaOff,
                                      int n, double beta) {
        int lanes = S.length();
        int upper2 = n - n % (2 * lanes);
        DoubleVector dot0 = DoubleVector.zero(S);
        DoubleVector dot1 = DoubleVector.zero(S);
        DoubleVector sq0 = DoubleVector.zero(S);
        DoubleVector sq1 = DoubleVector.zero(S);
        int i = 0;
        for (; i < upper2; i += 2 * lanes) {
            long b0 = (long) i << 3;
            long b1 = b0 + ((long) lanes << 3);
            DoubleVector e0 = DoubleVector.fromMemorySegment(S, e, b0, ORDER);
            DoubleVector e1 = DoubleVector.fromMemorySegment(S, e, b1, ORDER);
            e0 = e0.add(DoubleVector.fromMemorySegment(S, gm, gmOff + b0, ORDER).sub(e0).mul(beta));
            e1 = e1.add(DoubleVector.fromMemorySegment(S, gm, gmOff + b1, ORDER).sub(e1).mul(beta));
            e0.intoMemorySegment(e, b0, ORDER);
            e1.intoMemorySegment(e, b1, ORDER);
            dot0 = e0.fma(DoubleVector.fromMemorySegment(S, ga, gaOff + b0, ORDER), dot0);
            dot1 = e1.fma(DoubleVector.fromMemorySegment(S, ga, gaOff + b1, ORDER), dot1);
            sq0 = e0.fma(e0, sq0);
            sq1 = e1.fma(e1, sq1);
        }
        int upper = S.loopBound(n);
        for (; i < upper; i += lanes) {
            long b0 = (long) i << 3;
            DoubleVector e0 = DoubleVector.fromMemorySegment(S, e, b0, ORDER);
            e0 = e0.add(DoubleVector.fromMemorySegment(S, gm, gmOff + b0, ORDER).sub(e0).mul(beta));
            e0.intoMemorySegment(e, b0, ORDER);
            dot0 = e0.fma(DoubleVector.fromMemorySegment(S, ga, gaOff + b0, ORDER), dot0);
            sq0 = e0.fma(e0, sq0);
        }
        double dot = dot0.add(dot1).reduceLanes(VectorOperators.ADD);
        double sq = sq0.add(sq1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            long b = (long) i << 3;
            double ei = e.get(F64, b);
            ei = ei + beta * (gm.get(F64, gmOff + b) - ei);
            e.set(F64, b, ei);
            dot = Math.fma(ei, ga.get(F64, gaOff + b), dot);
            sq = Math.fma(ei, ei, sq);
        }
        return dot / (sq + EPS);
    }

    /** out ← a·g_main + c·g_aux + k·e, element-wise (out may be g_main or g_aux itself). */
    private static void combine(MemorySegment out, long oOff, MemorySegment gm, long gmOff, MemorySegment ga,
                                long gaOff, MemorySegment e, int n, double a, double c, double k) {
        int upper = S.loopBound(n);
        int i = 0;
        for (; i < upper; i += S.length()) {
            long b = (long) i << 3;
            DoubleVector x = DoubleVector.fromMemorySegment(S, gm, gmOff + b, ORDER).mul(a)
                    .add(DoubleVector.fromMemorySegment(S, ga, gaOff + b, ORDER).mul(c))
                    .add(DoubleVector.fromMemorySegment(S, e, b, ORDER).mul(k));
            x.intoMemorySegment(out, oOff + b, ORDER);
        }
        for (; i < n; i++) {
            long b = (long) i << 3;
            out.set(F64, oOff + b, a * gm.get(F64, gmOff + b) + c * ga.get(F64, gaOff + b) + k * e.get(F64, b));
        }
    }

    public Options options() {
        return options;
    }

    /** The EMA e of the main gradients (this object's buffer: read, do not write). */
    public Vec ema() {
        return ema;
    }

    /** The projection ratio r of the last call (NaN before the first). */
    public double lastRatio() {
        return ratio;
    }

    public int size() {
        return n;
    }

    public long iterations() {
        return iterations;
    }
}
