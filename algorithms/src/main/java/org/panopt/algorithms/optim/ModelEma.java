package org.panopt.algorithms.optim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * Model EMA: a functional copy ζ of the parameters θ that follows them with momentum ρ,
 * {@code ζ ← ρ ζ + (1 − ρ) θ} (Busbridge et al. 2023, "How to Scale Your EMA", arXiv 2307.13813). ζ starts at the parameters given at construction (ζ₀ = θ₀).
 *
 * <p>When the batch size is multiplied by κ, use {@code ρ^κ} ({@link EmaScaling}): with θ held
 * fixed, κ steps at ρ and one step at ρ^κ give the same ζ exactly (up to round-off).
 *
 * <p>Works on contiguous float64 or float32 vectors (ζ has the parameters' dtype and the update is
 * done in that precision). One fused pass per step; nothing is allocated after construction.
 */
public final class ModelEma {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /**
     * @param rho the EMA momentum ρ ∈ [0, 1); no default (it is the one hyperparameter). Typical
     *            values are 0.99–0.9999.
     */
    public record Options(double rho) {
        public Options {
            Validate.unitInterval("EMA momentum rho", rho);
        }
    }

    private final Vec ema;
    private final int n;
    private double rho;
    private long iterations;

    /** A model EMA of {@code initialParams}' dtype and length, ζ₀ = θ₀, with its buffer in {@code workspace}. */
    public ModelEma(Workspace workspace, Vec initialParams, Options options) {
        this(StateBuffers.of(workspace), initialParams, options);
    }

    /** A model EMA with its buffer owned by {@code arena}. */
    public ModelEma(Arena arena, Vec initialParams, Options options) {
        this(StateBuffers.of(arena), initialParams, options);
    }

    private ModelEma(StateBuffers buffers, Vec initialParams, Options options) {
        if (initialParams == null) {
            throw new NullPointerException("initialParams is null");
        }
        this.rho = options.rho();
        this.n = initialParams.length();
        Validate.vector("initialParams", initialParams, initialParams.dtype(), n, false);
        this.ema = buffers.vector(initialParams.dtype(), n);
        ema.copyFrom(initialParams);
    }

    /**
     * One EMA update {@code ζ ← ρ ζ + (1 − ρ) θ}.
     *
     * @throws IllegalArgumentException on a length, dtype or stride mismatch (nothing is written)
     */
    public void step(Vec params) {
        Validate.vector("params", params, ema.dtype(), n, false);
        if (ema.dtype() == DType.F64) {
            update64(ema.segment(), params.segment(), Validate.byteOffset(params), n, rho);
        } else {
            update32(ema.segment(), params.segment(), Validate.byteOffset(params), n, (float) rho);
        }
        iterations++;
    }

    private static void update64(MemorySegment z, MemorySegment t, long tOff, int n, double rho) {
        double c = 1.0 - rho;
        int upper = D.loopBound(n);
        int i = 0;
        for (; i < upper; i += D.length()) {
            long b = (long) i << 3;
            DoubleVector zv = DoubleVector.fromMemorySegment(D, z, b, ORDER);
            DoubleVector tv = DoubleVector.fromMemorySegment(D, t, tOff + b, ORDER);
            zv.mul(rho).add(tv.mul(c)).intoMemorySegment(z, b, ORDER);
        }
        for (; i < n; i++) {
            long b = (long) i << 3;
            double zi = z.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, b);
            double ti = t.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, tOff + b);
            z.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, b, rho * zi + c * ti);
        }
    }

    private static void update32(MemorySegment z, MemorySegment t, long tOff, int n, float rho) {
        float c = 1.0f - rho;
        int upper = F.loopBound(n);
        int i = 0;
        for (; i < upper; i += F.length()) {
            long b = (long) i << 2;
            FloatVector zv = FloatVector.fromMemorySegment(F, z, b, ORDER);
            FloatVector tv = FloatVector.fromMemorySegment(F, t, tOff + b, ORDER);
            zv.mul(rho).add(tv.mul(c)).intoMemorySegment(z, b, ORDER);
        }
        for (; i < n; i++) {
            long b = (long) i << 2;
            float zi = z.get(ValueLayout.JAVA_FLOAT_UNALIGNED, b);
            float ti = t.get(ValueLayout.JAVA_FLOAT_UNALIGNED, tOff + b);
            z.set(ValueLayout.JAVA_FLOAT_UNALIGNED, b, rho * zi + c * ti);
        }
    }

    /** The EMA ζ (a view of this object's buffer: read it, do not keep writing it). */
    public Vec ema() {
        return ema;
    }

    /** Overwrites ζ with {@code params} (e.g. after loading a checkpoint); the step count is kept. */
    public void reset(Vec params) {
        Validate.vector("params", params, ema.dtype(), n, false);
        ema.copyFrom(params);
    }

    public double rho() {
        return rho;
    }

    /**
     * Changes ρ for the following steps (e.g. a momentum schedule).
     *
     * @throws IllegalArgumentException if {@code rho ∉ [0, 1)} or NaN
     */
    public void setRho(double rho) {
        this.rho = Validate.unitInterval("EMA momentum rho", rho);
    }

    public int size() {
        return n;
    }

    public long iterations() {
        return iterations;
    }
}
