package org.panopt.algorithms.prox;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.panopt.core.array.Vec;
import org.panopt.kernels.level1.Level1;

/**
 * Half the squared k-overlap norm (the k-support norm of Argyriou, Foygel &amp; Srebro, <i>Sparse
 * prediction with the k-support norm</i>, NIPS 2012), {@code τ(z) = ½(‖z‖^{sp}_k)²}: the penalty of
 * OTT-JAX's {@code ElasticSqKOverlap}. It interpolates between {@code ½‖z‖₁²} (k = 1) and
 * {@code ½‖z‖₂²} (k = d), and favours displacements with about k large coordinates.
 *
 * <p>With {@code z_1 ≥ … ≥ z_d} the sorted {@code |z_i|} (and {@code z_0 = +∞}):
 * <ul>
 *   <li><b>value</b> (their Proposition 2.1): the unique {@code r ∈ {0, …, k−1}} with
 *       {@code z_{k−r−1} > T_r/(r+1) ≥ z_{k−r}}, {@code T_r = Σ_{i ≥ k−r} z_i}, gives
 *       {@code (‖z‖^{sp}_k)² = Σ_{i<k−r} z_i² + T_r²/(r+1)};</li>
 *   <li><b>gradient</b>: {@code z_i} on the {@code k−r−1} largest coordinates, {@code sign(z_i)·T_r/(r+1)}
 *       on the others (0 at zeros: the least-norm subgradient);</li>
 *   <li><b>prox</b> {@code prox_{tτ}} (their Algorithm 1 with β = 1/t): find {@code r ∈ {0, …, k−1}} and
 *       {@code ℓ ∈ {k, …, d}} with
 *       {@code z_{k−r−1}/(β+1) > T_{r,ℓ}/(ℓ − k + (β+1)r + β + 1) ≥ z_{k−r}/(β+1)} and
 *       {@code z_ℓ > T_{r,ℓ}/(ℓ − k + (β+1)r + β + 1) ≥ z_{ℓ+1}}, {@code T_{r,ℓ} = Σ_{i=k−r}^{ℓ} z_i};
 *       then {@code q_i = β z_i/(β+1)} for {@code i < k−r}, {@code z_i − T_{r,ℓ}/(…)} for
 *       {@code k−r ≤ i ≤ ℓ}, 0 beyond, with the signs of v. The condition is the paper's, with
 *       {@code z/(β+1)}; OTT-JAX evaluates {@code z/β + 1} there (an operator-precedence slip).</li>
 * </ul>
 * Because both conditions are strict gaps in the sorted values, the regime of a coordinate follows
 * from its magnitude alone ({@code |v_i| > z_{k−r}}: scaled; else soft-thresholded at
 * {@code T_{r,ℓ}/(…)}), so the output is written by one vectorised pass with no argsort. For each r
 * the admissible ℓ is found by bisection ({@code z_ℓ·(ℓ − k + (β+1)(r+1)) − T_{r,ℓ}} is
 * non-increasing in ℓ), so after the O(d log d) sort the search costs O(k log d). Should rounding
 * leave no pair satisfying the conditions exactly, the pair that violates them least is used.
 *
 * <p>Immutable and thread-safe: the sort buffer and prefix sums are per thread (made on a thread's
 * first call; nothing is allocated after that). A non-finite input makes the output NaN.
 */
public final class SquaredKOverlap implements Prox {
    private final int k;
    private final int dimension;
    private final ThreadLocal<Scratch> scratch;

    /**
     * @param k         the sparsity level, {@code 1 ≤ k ≤ dimension}
     * @param dimension d, the length of the vectors
     */
    public SquaredKOverlap(int k, int dimension) {
        if (dimension < 1 || k < 1 || k > dimension) {
            throw new IllegalArgumentException("the k-overlap norm needs 1 <= k <= d, got k = " + k + ", d = "
                    + dimension);
        }
        this.k = k;
        this.dimension = dimension;
        // off-heap: |v|; array [0, d): |v| sorted ascending, [d, 2d + 1): prefix sums P[i] = z_1 + … + z_i
        this.scratch = Scratch.perThread(dimension, 2 * dimension + 1);
    }

    public int k() {
        return k;
    }

    public int dimension() {
        return dimension;
    }

    /** The i-th largest magnitude, 1-based ({@code z_0 = +∞}). */
    private double z(double[] a, int i) {
        return i == 0 ? Double.POSITIVE_INFINITY : a[dimension - i];
    }

    /** {@code P[i] = z_1 + … + z_i}. */
    private double prefix(double[] a, int i) {
        return a[dimension + i];
    }

    /** Sorts |v| and fills the prefix sums; false (nothing filled) if v holds a non-finite value. */
    private boolean sortMagnitudes(Vec v, Scratch s) {
        int d = dimension;
        if (!VectorLoops.finite(d, v.segment(), v.offset())) {
            return false;
        }
        double[] a = s.array;
        VectorLoops.abs(d, v.segment(), v.offset(), s.segment, 0);
        MemorySegment.copy(s.segment, ValueLayout.JAVA_DOUBLE_UNALIGNED, 0, a, 0, d);
        DoubleSort.sort(a, d);
        a[d] = 0;
        for (int i = 1; i <= d; i++) {
            a[d + i] = a[d + i - 1] + a[d - i];
        }
        return true;
    }

    @Override
    public void prox(Vec v, double t, Vec out) {
        ProxArgs.prox(v, t, out);
        ProxArgs.dimension("this k-overlap norm", dimension, v);
        int d = dimension;
        if (t == 0) {
            Level1.dcopy(d, v.segment(), v.offset(), 1, out.segment(), out.offset(), 1);
            return;
        }
        Scratch s = scratch.get();
        if (!sortMagnitudes(v, s)) {
            VectorLoops.fillNaN(d, out.segment(), out.offset());
            return;
        }
        double[] a = s.array;
        double scaled = 1 / (1 + t);         // β/(β+1)
        double q = t / (1 + t);              // 1/(β+1)
        double thr = 0;
        double res = 0;
        int first = 0;
        int last = 0;
        if (z(a, k) > 0) {
            double bestViolation = Double.POSITIVE_INFINITY;
            for (int r = 0; r < k; r++) {
                int from = k - r;                                   // first index of the averaged group
                double base = prefix(a, from - 1);
                double c = (1 + t) * (r + 1);                       // t·(β + 1)(r + 1)
                if (!(z(a, k) * c > t * (prefix(a, k) - base))) {
                    continue;                                       // no ℓ: the group would be empty
                }
                int lo = k;
                int hi = d;
                while (lo < hi) {                                   // last ℓ with z_ℓ > T/(…)
                    int mid = (lo + hi + 1) >>> 1;
                    if (z(a, mid) * (t * (mid - k) + c) > t * (prefix(a, mid) - base)) {
                        lo = mid;
                    } else {
                        hi = mid - 1;
                    }
                }
                double candidate = t * (prefix(a, lo) - base) / (t * (lo - k) + c);
                double upper = from == 1 ? Double.POSITIVE_INFINITY : q * z(a, from - 1);
                double lower = q * z(a, from);
                double violation = Math.max(0, Math.max(candidate - upper, lower - candidate));
                boolean admissible = candidate < upper && violation == 0;
                if (admissible || violation < bestViolation) {
                    bestViolation = violation;
                    thr = z(a, from);
                    first = from;
                    last = lo;
                }
                if (admissible) {
                    break;
                }
            }
        }
        if (thr > 0) {
            // the search compared prefix-sum differences; the group sum itself is summed directly, from
            // its smallest term (a difference of prefix sums loses ε·Σz when the group is small)
            res = t * groupSum(a, first, last) / (t * (last - k) + (1 + t) * (k - first + 1));
        }
        // fewer than k non-zeros: τ is ½‖·‖² near v, q = v/(1 + t) (thr = 0, and zeros stay 0)
        VectorLoops.splitShrink(d, thr, scaled, res, v.segment(), v.offset(), out.segment(), out.offset());
    }

    /** {@code z_first + … + z_last}, summed from the smallest. */
    private double groupSum(double[] a, int first, int last) {
        double s = 0;
        for (int i = last; i >= first; i--) {
            s += z(a, i);
        }
        return s;
    }

    /**
     * The r of Proposition 2.1 for the sorted magnitudes in {@code a} (or the least-violating one);
     * {@code T_r = P[d] − P[k−r−1]}.
     */
    private int normSplit(double[] a) {
        double total = prefix(a, dimension);
        int best = 0;
        double bestViolation = Double.POSITIVE_INFINITY;
        for (int r = 0; r < k; r++) {
            double mean = (total - prefix(a, k - r - 1)) / (r + 1);
            double violation = Math.max(0, Math.max(mean - z(a, k - r - 1), z(a, k - r) - mean));
            if (mean < z(a, k - r - 1) && violation == 0) {
                return r;
            }
            if (violation < bestViolation) {
                bestViolation = violation;
                best = r;
            }
        }
        return best;
    }

    @Override
    public double value(Vec z) {
        ProxArgs.contiguous("input", z);
        ProxArgs.dimension("this k-overlap norm", dimension, z);
        Scratch s = scratch.get();
        if (!sortMagnitudes(z, s)) {
            return Double.NaN;
        }
        double[] a = s.array;
        int r = normSplit(a);
        double top = 0;
        for (int i = 1; i < k - r; i++) {
            top += z(a, i) * z(a, i);
        }
        double tail = groupSum(a, k - r, dimension);
        return 0.5 * (top + tail * tail / (r + 1));
    }

    @Override
    public boolean hasGradient() {
        return true;
    }

    @Override
    public void gradient(Vec z, Vec out) {
        ProxArgs.pair(z, out);
        ProxArgs.dimension("this k-overlap norm", dimension, z);
        Scratch s = scratch.get();
        if (!sortMagnitudes(z, s)) {
            VectorLoops.fillNaN(dimension, out.segment(), out.offset());
            return;
        }
        double[] a = s.array;
        int r = normSplit(a);
        double tail = groupSum(a, k - r, dimension);
        VectorLoops.splitSign(dimension, z(a, k - r), tail / (r + 1), z.segment(), z.offset(), out.segment(),
                out.offset());
    }

    @Override
    public String toString() {
        return "SquaredKOverlap[k=" + k + ", dimension=" + dimension + "]";
    }
}
