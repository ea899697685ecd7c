package org.panopt.algorithms.bregman;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import org.panopt.algorithms.geometry.TranslationInvariantCost;
import org.panopt.algorithms.prox.Prox;
import org.panopt.algorithms.prox.Zero;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.kernels.level1.Level1;

/**
 * The translation-invariant cost {@code c(x, y) = h(x − y)} with {@code h(z) = ½‖z‖² + γτ(z)} for a
 * penalty τ from {@code org.panopt.algorithms.prox} (SPEC §3; OTT-JAX's {@code RegTICost}):
 * <ul>
 *   <li>{@link #value}: {@code h(z)};</li>
 *   <li>{@link #gradient}: {@code ∇h(z) = z + γ∇τ(z)} (with the penalty's documented subgradient at kinks);</li>
 *   <li>{@link #conjugateGradient}: {@code ∇h*(w) = prox_{γτ}(w)} (h is 1-strongly convex for convex τ,
 *       so ∇h* is single-valued: {@code w = z + γ∂τ(z)} ⟺ {@code z = prox_{γτ}(w)});</li>
 *   <li>{@link #proxOfH}: {@code prox_{th}(v) = prox_{(tγ/(1+t))τ}(v/(1 + t))}, the step of the h-transform.</li>
 * </ul>
 * As a {@link TranslationInvariantCost} it is a Sinkhorn geometry: {@code PointCloud.of(x, y, cost)}
 * streams {@code C_ij = h(x_i − y_j)} tile by tile, calling {@link #value(double[])} from every solver
 * thread; that path copies z into per-thread off-heap scratch (the kernels run on off-heap memory
 * only), so after a thread's first call it allocates nothing.
 *
 * <p>Immutable and thread-safe when the penalty is (all of {@code org.panopt.algorithms.prox} are).
 * Vectors given to the {@link Vec} methods are contiguous float64 of length d.
 */
public final class RegularizedCost implements TranslationInvariantCost {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private final Prox penalty;
    private final double gamma;
    private final int dimension;
    private final boolean plain;
    private final ThreadLocal<Buffers> buffers;

    /** Per-thread off-heap vectors: a copy of z and a gradient. */
    private static final class Buffers {
        final Vec z;
        final Vec g;

        Buffers(int d) {
            Arena arena = Arena.ofAuto();
            z = Vec.allocate(arena, DType.F64, d);
            g = Vec.allocate(arena, DType.F64, d);
        }
    }

    private RegularizedCost(Prox penalty, double gamma, int dimension) {
        this.penalty = Objects.requireNonNull(penalty, "penalty");
        if (!(gamma >= 0 && gamma <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("gamma must be finite and >= 0, got " + gamma);
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        this.gamma = gamma;
        this.dimension = dimension;
        this.plain = gamma == 0 || penalty instanceof Zero;
        this.buffers = ThreadLocal.withInitial(() -> new Buffers(dimension));
    }

    /** {@code h = ½‖·‖² + γτ} on {@code R^d}. */
    public static RegularizedCost of(Prox penalty, double gamma, int dimension) {
        return new RegularizedCost(penalty, gamma, dimension);
    }

    /** {@code h = ½‖·‖²}: the squared-Euclidean cost with the ½ (SPEC §2's cost has none). */
    public static RegularizedCost halfSquaredEuclidean(int dimension) {
        return new RegularizedCost(new Zero(), 0, dimension);
    }

    public Prox penalty() {
        return penalty;
    }

    public double gamma() {
        return gamma;
    }

    public int dimension() {
        return dimension;
    }

    /** Whether h is {@code ½‖·‖²} (γ = 0 or τ = 0): then ∇h and ∇h* are the identity. */
    public boolean isHalfSquaredEuclidean() {
        return plain;
    }

    private void check(String name, Vec v) {
        if (v.dtype() != DType.F64 || v.stride() != 1 || v.length() != dimension) {
            throw new IllegalArgumentException(name + " must be a contiguous float64 vector of length " + dimension
                    + ", got " + v);
        }
    }

    /** {@code h(z) = ½‖z‖² + γτ(z)}. */
    public double value(Vec z) {
        check("z", z);
        double sq = Level1.ddot(dimension, z.segment(), z.offset(), 1, z.segment(), z.offset(), 1);
        return plain ? 0.5 * sq : 0.5 * sq + gamma * penalty.value(z);
    }

    /** {@code out ← ∇h(z) = z + γ∇τ(z)}; {@code out} may be z. */
    public void gradient(Vec z, Vec out) {
        check("z", z);
        check("out", out);
        if (plain) {
            Level1.dcopy(dimension, z.segment(), z.offset(), 1, out.segment(), out.offset(), 1);
            return;
        }
        Vec g = buffers.get().g;
        penalty.gradient(z, g);
        Level1.dcopy(dimension, z.segment(), z.offset(), 1, out.segment(), out.offset(), 1);
        Level1.daxpy(dimension, gamma, g.segment(), 0, 1, out.segment(), out.offset(), 1);
    }

    /** {@code out ← ∇h*(w) = prox_{γτ}(w)}; {@code out} may be w. */
    public void conjugateGradient(Vec w, Vec out) {
        check("w", w);
        check("out", out);
        penalty.prox(w, gamma, out);
    }

    /** {@code h*(w) = ⟨w, p⟩ − h(p)} with {@code p = ∇h*(w)} (the Legendre transform, as OTT-JAX's {@code h_legendre}). */
    public double conjugate(Vec w) {
        check("w", w);
        Vec p = buffers.get().g;
        penalty.prox(w, gamma, p);
        return Level1.ddot(dimension, w.segment(), w.offset(), 1, p.segment(), 0, 1) - value(p);
    }

    /**
     * {@code out ← prox_{th}(v) = argmin_z ½‖z − v‖² + t·h(z) = prox_{(tγ/(1+t))τ}(v/(1 + t))} (completing
     * the square of the ½‖z‖² part); {@code out} may be v.
     */
    public void proxOfH(Vec v, double t, Vec out) {
        check("v", v);
        check("out", out);
        if (!(t >= 0 && t <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("step t must be finite and >= 0, got " + t);
        }
        Level1.daxpby(dimension, 1 / (1 + t), v.segment(), v.offset(), 1, 0, out.segment(), out.offset(), 1);
        if (!plain) {
            penalty.prox(out, t * gamma / (1 + t), out);
        }
    }

    // ---- TranslationInvariantCost: the Sinkhorn geometry's interface, on Java arrays

    @Override
    public double value(double[] z) {
        Vec v = load(z);
        return value(v);
    }

    @Override
    public boolean hasGradient() {
        return plain || penalty.hasGradient();
    }

    @Override
    public void gradient(double[] z, double[] out) {
        if (out.length != dimension) {
            throw new IllegalArgumentException("out has length " + out.length + ", expected " + dimension);
        }
        Vec v = load(z);
        gradient(v, v);
        MemorySegment.copy(v.segment(), D, 0, out, 0, dimension);
    }

    private Vec load(double[] z) {
        if (z.length != dimension) {
            throw new IllegalArgumentException("z has length " + z.length + ", expected " + dimension);
        }
        Vec v = buffers.get().z;
        MemorySegment.copy(z, 0, v.segment(), D, 0, dimension);
        return v;
    }

    @Override
    public String toString() {
        return plain ? "½‖z‖²" : "½‖z‖² + " + gamma + "·" + penalty;
    }
}
