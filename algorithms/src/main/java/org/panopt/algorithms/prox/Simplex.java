package org.panopt.algorithms.prox;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.panopt.core.array.Vec;
import org.panopt.kernels.level1.Level1;

/**
 * The indicator of the simplex {@code {z ≥ 0, Σ z = r}} (0 inside, +∞ outside); its prox, for every
 * step t, is the Euclidean projection {@code max(v − θ, 0)} with the θ that makes the sum r, found by
 * sorting (Held, Wolfe &amp; Crowder 1974; Duchi et al. 2008, Fig. 1):
 * {@code ρ = max{j : u_j − (Σ_{i≤j} u_i − r)/j > 0}} over the sorted-descending u,
 * {@code θ = (Σ_{i≤ρ} u_i − r)/ρ}. O(d log d); no gradient.
 *
 * <p>Immutable and thread-safe: the sort buffer is per thread (made on a thread's first call; no
 * allocation after that). A non-finite input coordinate makes the whole output NaN.
 */
public final class Simplex implements Prox {
    private final double radius;
    private final int dimension;
    private final ThreadLocal<Scratch> scratch;

    /**
     * @param radius    r &gt; 0 (1: the probability simplex)
     * @param dimension d, the length of the vectors
     */
    public Simplex(double radius, int dimension) {
        if (!(radius > 0 && radius <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("simplex radius must be finite and > 0, got " + radius);
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        this.radius = radius;
        this.dimension = dimension;
        this.scratch = Scratch.perThread(0, dimension);
    }

    /** The probability simplex in dimension d. */
    public static Simplex probability(int dimension) {
        return new Simplex(1, dimension);
    }

    public double radius() {
        return radius;
    }

    public int dimension() {
        return dimension;
    }

    @Override
    public void prox(Vec v, double t, Vec out) {
        ProxArgs.prox(v, t, out);
        ProxArgs.dimension("this simplex", dimension, v);
        int n = dimension;
        if (!VectorLoops.finite(n, v.segment(), v.offset())) {
            VectorLoops.fillNaN(n, out.segment(), out.offset());
            return;
        }
        Scratch s = scratch.get();
        double[] u = s.array;
        MemorySegment.copy(v.segment(), ValueLayout.JAVA_DOUBLE_UNALIGNED, v.offset() * 8, u, 0, n);
        DoubleSort.sort(u, n);
        // walk from the largest: the condition holds for a prefix of j, so the last j where it holds is ρ
        double cumulative = 0;
        double theta = 0;
        for (int j = 1; j <= n; j++) {
            double uj = u[n - j];
            cumulative += uj;
            double candidate = (cumulative - radius) / j;
            if (uj - candidate > 0) {
                theta = candidate;
            } else {
                break;
            }
        }
        VectorLoops.shiftedRelu(n, theta, v.segment(), v.offset(), out.segment(), out.offset());
    }

    /**
     * 0 if z is in the simplex, else +∞: every coordinate ≥ 0 and {@code |Σ z − r| ≤ 4·d·2⁻⁵²·r}
     * (the rounding of a projection's sum).
     */
    @Override
    public double value(Vec z) {
        ProxArgs.contiguous("input", z);
        ProxArgs.dimension("this simplex", dimension, z);
        if (VectorLoops.outside(dimension, 0, Double.MAX_VALUE, z.segment(), z.offset())) {
            return Double.POSITIVE_INFINITY;
        }
        double sum = Level1.dsum(dimension, z.segment(), z.offset(), 1);
        return Math.abs(sum - radius) <= 4.0 * dimension * Math.ulp(1.0) * radius ? 0 : Double.POSITIVE_INFINITY;
    }

    @Override
    public String toString() {
        return "Simplex[radius=" + radius + ", dimension=" + dimension + "]";
    }
}
