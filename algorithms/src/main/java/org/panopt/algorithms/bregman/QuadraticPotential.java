package org.panopt.algorithms.bregman;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.panopt.algorithms.linalg.SymmetricEigen;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.kernels.level1.Level1;
import org.panopt.kernels.level2.Level2;

/**
 * The concave quadratic potential {@code f(y) = c − ½⟨y − a, B(y − a)⟩} with B symmetric positive
 * semi-definite: gradient {@code −B(y − a)}. Its h-transform has a closed form for quadratic costs,
 * which makes it the reference of the h-transform tests. Immutable; the d-vector of scratch is per
 * thread, off-heap.
 */
public final class QuadraticPotential implements Potential {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private final int d;
    private final MemorySegment b;
    private final MemorySegment a;
    private final double c;
    private final ThreadLocal<MemorySegment> scratch;

    /**
     * @param b      the curvature B (d × d, symmetric positive semi-definite; copied)
     * @param center a (length d; copied)
     * @param c      the maximum value f(a)
     */
    public QuadraticPotential(Matrix b, double[] center, double c) {
        this.d = b.rows();
        if (d < 1 || b.cols() != d || center.length != d) {
            throw new IllegalArgumentException("B must be d x d and a of length d, got " + b.rows() + "x" + b.cols()
                    + " and " + center.length);
        }
        if (!Double.isFinite(c)) {
            throw new IllegalArgumentException("c must be finite, got " + c);
        }
        Arena arena = Arena.ofAuto();
        this.b = arena.allocate(8L * d * d, 64);
        this.a = arena.allocate(8L * d, 64);
        for (int j = 0; j < d; j++) {
            a.setAtIndex(D, j, center[j]);
            for (int i = 0; i < d; i++) {
                if (Math.abs(b.get(i, j) - b.get(j, i)) > 1e-12 * (Math.abs(b.get(i, j)) + 1)) {
                    throw new IllegalArgumentException("B is not symmetric at (" + i + ", " + j + ")");
                }
                this.b.setAtIndex(D, i + (long) j * d, b.get(i, j));
            }
        }
        double[] eig = SymmetricEigen.eigenvalues(b);
        if (eig[0] < -1e-10 * Math.max(1, Math.abs(eig[d - 1]))) {
            throw new IllegalArgumentException("B is not positive semi-definite (eigenvalue " + eig[0]
                    + "): f would not be concave");
        }
        this.c = c;
        this.scratch = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(8L * d, 64));
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public double evaluate(Vec y, Vec gradient) {
        Potential.checkArguments(d, y, gradient);
        MemorySegment u = scratch.get();
        // u = y − a, then the gradient −B u through the caller's vector (or the value from Bu directly)
        Level1.dcopy(d, y.segment(), y.offset(), 1, u, 0, 1);
        Level1.daxpy(d, -1, a, 0, 1, u, 0, 1);
        double quad;
        if (gradient != null) {
            Level2.dgemv(false, d, d, -1, b, 0, d, u, 0, 1, 0, gradient.segment(), gradient.offset(), 1);
            quad = -Level1.ddot(d, u, 0, 1, gradient.segment(), gradient.offset(), 1);
        } else {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += u.getAtIndex(D, j) * Level1.ddot(d, b, (long) j * d, 1, u, 0, 1);
            }
            quad = s;
        }
        return c - 0.5 * quad;
    }
}
