package org.panopt.algorithms.geometry;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.panopt.core.array.Matrix;

/**
 * Summary statistics of the entries of a cost matrix, used for cost rescaling (mean, max, median)
 * and the default ε ({@code 0.05·std(C)}, OTT's convention).
 *
 * <p>Exact when C has at most {@link #EXACT_LIMIT} entries; beyond that (e.g. 10⁵ × 10⁵ points) they
 * are estimated from {@link #EXACT_LIMIT} entries drawn uniformly with a fixed seed, so results are
 * reproducible.
 *
 * @param mean    mean entry
 * @param std     population standard deviation of the entries
 * @param max     largest entry seen
 * @param median  median entry (the lower median for an even count)
 * @param sampled whether the figures come from a sample
 */
public record CostStatistics(double mean, double std, double max, double median, boolean sampled) {
    /** Entries read exactly before sampling takes over: 2²² (32 MiB of doubles for the median). */
    public static final int EXACT_LIMIT = 1 << 22;

    /** The statistics of {@code geometry}'s cost entries. */
    public static CostStatistics of(Geometry geometry) {
        int n = geometry.n();
        int m = geometry.m();
        long total = (long) n * m;
        boolean sample = total > EXACT_LIMIT;
        int count = (int) Math.min(total, EXACT_LIMIT);
        double[] v = new double[count];
        Entry e = entryReader(geometry);
        if (sample) {
            SplittableRandom rnd = new SplittableRandom(0x5EED5EEDL);
            for (int k = 0; k < count; k++) {
                v[k] = e.at(rnd.nextInt(n), rnd.nextInt(m));
            }
        } else {
            int k = 0;
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < n; i++) {
                    v[k++] = e.at(i, j);
                }
            }
        }
        double mean = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            mean += x;
            max = Math.max(max, x);
        }
        mean /= count;
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean);
        }
        Arrays.sort(v);
        return new CostStatistics(mean, Math.sqrt(var / count), max, v[(count - 1) / 2], sample);
    }

    private interface Entry {
        double at(int i, int j);
    }

    private static Entry entryReader(Geometry geometry) {
        return switch (geometry) {
            case CostMatrix cm -> cm.c()::get;
            case PointCloud pc -> {
                Matrix x = pc.x();
                Matrix y = pc.y();
                double[] z = new double[pc.dim()];
                yield (i, j) -> {
                    for (int k = 0; k < z.length; k++) {
                        z[k] = x.get(i, k) - y.get(j, k);
                    }
                    return pc.cost().value(z);
                };
            }
        };
    }
}
