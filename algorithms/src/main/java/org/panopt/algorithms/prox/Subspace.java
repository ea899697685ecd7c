package org.panopt.algorithms.prox;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.kernels.level1.Level1;
import org.panopt.kernels.level2.Level2;

/**
 * The subspace penalty {@code τ(z) = ½‖A⊥z‖²} with {@code A ∈ R^{k×d}} of orthonormal rows
 * ({@code AAᵀ = I}) and {@code A⊥ = I − AᵀA} (Klein et al., <i>Learning costs for structured Monge
 * displacements</i>, 2023): it charges only the part of a displacement outside {@code span(Aᵀ)}, so a
 * cost {@code ½‖·‖² + γτ} favours displacements inside it. Gradient {@code A⊥z}; prox
 * {@code prox_{tτ}(v) = AᵀAv + A⊥v/(1 + t) = (v + t·AᵀAv)/(1 + t)} (SPEC §3a): two matrix–vector
 * products with A, O(kd).
 *
 * <p>Immutable and thread-safe (A is copied; the k + d doubles of scratch are per thread). Vectors
 * must be contiguous float64 of length d.
 */
public final class Subspace implements Prox {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    /** Largest {@code |AAᵀ − I|} entry accepted as orthonormal. */
    public static final double ORTHONORMALITY_TOLERANCE = 1e-8;
    private final int k;
    private final int d;
    private final MemorySegment a;      // k × d, column-major (ld = k)
    private final ThreadLocal<Scratch> scratch;

    private Subspace(Matrix basis) {
        this.k = basis.rows();
        this.d = basis.cols();
        if (k < 1 || k > d) {
            throw new IllegalArgumentException("the subspace basis must be k x d with 1 <= k <= d, got " + k + "x" + d);
        }
        this.a = Arena.ofAuto().allocate(8L * k * d, 64);
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < k; i++) {
                double x = basis.get(i, j);
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("A(" + i + ", " + j + ") = " + x + " is not finite");
                }
                a.setAtIndex(D, i + (long) j * k, x);
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double g = Level1.ddot(d, a, i, k, a, j, k);
                if (Math.abs(g - (i == j ? 1 : 0)) > ORTHONORMALITY_TOLERANCE) {
                    throw new IllegalArgumentException("the rows of A must be orthonormal (A Aᵀ = I), but (A Aᵀ)(" + i
                            + ", " + j + ") = " + g);
                }
            }
        }
        // [0, k): u = A v; [k, k + d): a d-vector
        this.scratch = Scratch.perThread(k + d, 0);
    }

    /** τ for the k × d basis {@code a} with orthonormal rows (any layout; copied). */
    public static Subspace of(Matrix a) {
        return new Subspace(a);
    }

    /** The subspace dimension k. */
    public int rank() {
        return k;
    }

    public int dimension() {
        return d;
    }

    /** A copy of the basis, {@code k × d}, as a row-major array. */
    public double[][] basis() {
        double[][] out = new double[k][d];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = a.getAtIndex(D, i + (long) j * k);
            }
        }
        return out;
    }

    /** {@code u ← A·v} into the scratch's first k doubles. */
    private void project(Vec v, Scratch s) {
        Level2.dgemv(false, k, d, 1, a, 0, k, v.segment(), v.offset(), 1, 0, s.segment, 0, 1);
    }

    @Override
    public void prox(Vec v, double t, Vec out) {
        ProxArgs.prox(v, t, out);
        ProxArgs.dimension("this subspace penalty", d, v);
        Scratch s = scratch.get();
        project(v, s);
        double shrink = 1 / (1 + t);
        Level1.daxpby(d, shrink, v.segment(), v.offset(), 1, 0, out.segment(), out.offset(), 1);
        Level2.dgemv(true, k, d, t * shrink, a, 0, k, s.segment, 0, 1, 1, out.segment(), out.offset(), 1);
    }

    @Override
    public double value(Vec z) {
        ProxArgs.contiguous("input", z);
        ProxArgs.dimension("this subspace penalty", d, z);
        Scratch s = scratch.get();
        project(z, s);
        // r = z − Aᵀ(Az), formed explicitly (‖z‖² − ‖Az‖² would cancel for z near the subspace)
        Level1.dcopy(d, z.segment(), z.offset(), 1, s.segment, k, 1);
        Level2.dgemv(true, k, d, -1, a, 0, k, s.segment, 0, 1, 1, s.segment, k, 1);
        double n = Level1.dnrm2(d, s.segment, k, 1);
        return 0.5 * n * n;
    }

    @Override
    public boolean hasGradient() {
        return true;
    }

    @Override
    public void gradient(Vec z, Vec out) {
        ProxArgs.pair(z, out);
        ProxArgs.dimension("this subspace penalty", d, z);
        Scratch s = scratch.get();
        project(z, s);
        Level1.dcopy(d, z.segment(), z.offset(), 1, out.segment(), out.offset(), 1);
        Level2.dgemv(true, k, d, -1, a, 0, k, s.segment, 0, 1, 1, out.segment(), out.offset(), 1);
    }

    @Override
    public String toString() {
        return "Subspace[k=" + k + ", d=" + d + "]";
    }
}
