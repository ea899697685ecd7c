package org.panopt.algorithms.prox;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.panopt.algorithms.linalg.SymmetricEigen;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.kernels.level1.Level1;
import org.panopt.kernels.level2.Level2;

/**
 * The quadratic penalty {@code τ(z) = ½⟨z, Qz⟩} for a symmetric positive semi-definite Q (d × d):
 * gradient {@code Qz}, prox {@code prox_{tτ}(v) = (I + tQ)⁻¹v}. Q is factorised once, when the
 * penalty is built, as {@code Q = V diag(λ) Vᵀ} (LAPACK {@code dsyevd}, or Jacobi in Java without
 * OpenBLAS), so that a prox at any step t costs two matrix–vector products:
 * {@code (I + tQ)⁻¹v = V diag(1/(1 + tλ)) Vᵀv}.
 *
 * <p>Immutable and thread-safe (Q, V and λ are copied into memory the penalty owns; the d-vector of
 * scratch is per thread). Vectors must be contiguous float64 of length d.
 */
public final class Quadratic implements Prox {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private final int d;
    private final MemorySegment q;
    private final MemorySegment vectors;
    private final MemorySegment values;
    private final ThreadLocal<Scratch> scratch;

    private Quadratic(Matrix qIn, boolean useLapack) {
        int n = qIn.rows();
        if (n < 1 || qIn.cols() != n) {
            throw new IllegalArgumentException("Q must be square and non-empty, got " + qIn.rows() + "x" + qIn.cols());
        }
        this.d = n;
        Arena arena = Arena.ofAuto();
        this.q = arena.allocate(8L * n * n, 64);
        this.vectors = arena.allocate(8L * n * n, 64);
        this.values = arena.allocate(8L * n, 64);
        double scale = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double x = qIn.get(i, j);
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("Q(" + i + ", " + j + ") = " + x + " is not finite");
                }
                scale = Math.max(scale, Math.abs(x));
            }
        }
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double x = qIn.get(i, j);
                if (Math.abs(x - qIn.get(j, i)) > 1e-12 * scale) {
                    throw new IllegalArgumentException("Q is not symmetric: Q(" + i + ", " + j + ") = " + x + ", Q(" + j
                            + ", " + i + ") = " + qIn.get(j, i));
                }
                double sym = 0.5 * (x + qIn.get(j, i));
                q.setAtIndex(D, i + (long) j * n, sym);
                vectors.setAtIndex(D, i + (long) j * n, sym);
            }
        }
        SymmetricEigen.decompose(n, vectors, values, useLapack);
        double top = Math.max(values.getAtIndex(D, n - 1), 0);
        for (int i = 0; i < n; i++) {
            double lambda = values.getAtIndex(D, i);
            if (lambda < -1e-10 * Math.max(top, Double.MIN_NORMAL) * n) {
                throw new IllegalArgumentException("Q is not positive semi-definite: it has the eigenvalue " + lambda
                        + " (the largest is " + top + ")");
            }
            values.setAtIndex(D, i, Math.max(lambda, 0));   // rounding noise below zero
        }
        this.scratch = Scratch.perThread(n, 0);
    }

    /** ½⟨z, Qz⟩ for the symmetric positive semi-definite Q (any layout; copied). */
    public static Quadratic of(Matrix q) {
        return new Quadratic(q, true);
    }

    /** As {@link #of}, factorised by the Java Jacobi method even when LAPACK is there (tests compare the two). */
    static Quadratic withJavaEigen(Matrix q) {
        return new Quadratic(q, false);
    }

    public int dimension() {
        return d;
    }

    /** The i-th eigenvalue of Q, ascending (negative rounding noise set to 0). */
    public double eigenvalue(int i) {
        java.util.Objects.checkIndex(i, d);
        return values.getAtIndex(D, i);
    }

    @Override
    public void prox(Vec v, double t, Vec out) {
        ProxArgs.prox(v, t, out);
        ProxArgs.dimension("this quadratic", d, v);
        if (t == 0) {
            Level1.dcopy(d, v.segment(), v.offset(), 1, out.segment(), out.offset(), 1);
            return;
        }
        Scratch s = scratch.get();
        MemorySegment u = s.segment;
        Level2.dgemv(true, d, d, 1, vectors, 0, d, v.segment(), v.offset(), 1, 0, u, 0, 1);  // u = Vᵀv
        for (int i = 0; i < d; i++) {
            u.setAtIndex(D, i, u.getAtIndex(D, i) / (1 + t * values.getAtIndex(D, i)));
        }
        Level2.dgemv(false, d, d, 1, vectors, 0, d, s.segment, 0, 1, 0, out.segment(), out.offset(), 1);
    }

    @Override
    public double value(Vec z) {
        ProxArgs.contiguous("input", z);
        ProxArgs.dimension("this quadratic", d, z);
        Scratch s = scratch.get();
        Level2.dgemv(false, d, d, 1, q, 0, d, z.segment(), z.offset(), 1, 0, s.segment, 0, 1);
        return 0.5 * Level1.ddot(d, z.segment(), z.offset(), 1, s.segment, 0, 1);
    }

    @Override
    public boolean hasGradient() {
        return true;
    }

    @Override
    public void gradient(Vec z, Vec out) {
        ProxArgs.pair(z, out);
        ProxArgs.dimension("this quadratic", d, z);
        Scratch s = scratch.get();
        // through the scratch so that out may be z
        Level2.dgemv(false, d, d, 1, q, 0, d, z.segment(), z.offset(), 1, 0, s.segment, 0, 1);
        Level1.dcopy(d, s.segment, 0, 1, out.segment(), out.offset(), 1);
    }

    @Override
    public String toString() {
        return "Quadratic[d=" + d + "]";
    }
}
