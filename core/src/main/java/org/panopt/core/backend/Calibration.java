package org.panopt.core.backend;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.util.Random;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;

/**
 * Measures, per operation family, the smallest size from which the native backend beats the Java
 * one on this machine: the thresholds of {@link DispatchingBackend}. Square float64 operands of
 * growing size n are timed on both backends (after a warm-up, as the median of several timed batches);
 * the threshold is the work at the smallest size from which native stays faster (one contrary point
 * tolerated, for noisy machines). Bounded in time: each of the four families gets a quarter of the
 * budget.
 */
public final class Calibration {
    private Calibration() {
    }

    private static final int[] SIZES = {2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128};

    private enum Family { GEMM, SYRK, ELEMENTWISE, REDUCTION }

    /**
     * @param java    the small-size backend
     * @param nat     the native backend
     * @param seconds total time budget (about; each family gets a quarter)
     * @param log     one line per measured size
     */
    public static Thresholds run(Backend<Matrix> java, Backend<Matrix> nat, double seconds, PrintStream log) {
        long[] found = new long[Family.values().length];
        long perPointNanos = (long) (seconds * 1e9 / Family.values().length / SIZES.length / 2);
        try (Arena arena = Arena.ofConfined()) {
            for (Family f : Family.values()) {
                boolean[] nativeWins = new boolean[SIZES.length];
                for (int idx = 0; idx < SIZES.length; idx++) {
                    int n = SIZES[idx];
                    Matrix a = random(arena, n, 1), b = random(arena, n, 2), c = random(arena, n, 3);
                    double tj = time(java, f, a, b, c, perPointNanos);
                    double tn = time(nat, f, a, b, c, perPointNanos);
                    nativeWins[idx] = tn < tj;
                    log.printf("%-11s n=%4d work=%9d  %s %10.1f ns  %s %10.1f ns  %s%n", f.name().toLowerCase(), n,
                            work(f, n), java.name(), tj, nat.name(), tn, nativeWins[idx] ? "native" : "java");
                }
                found[f.ordinal()] = crossover(f, nativeWins);
            }
        }
        return new Thresholds(found[0], found[1], found[2], found[3], "calibration");
    }

    /**
     * The work at the smallest size where native wins and keeps winning at every larger size but at
     * most one (one noisy point on a busy machine must not move the threshold to "never").
     */
    private static long crossover(Family f, boolean[] nativeWins) {
        long best = Long.MAX_VALUE;
        int lossesAbove = 0;
        for (int idx = SIZES.length - 1; idx >= 0; idx--) {
            if (nativeWins[idx]) {
                if (lossesAbove <= 1) {
                    best = work(f, SIZES[idx]);
                }
            } else {
                lossesAbove++;
            }
        }
        return best;
    }

    private static long work(Family f, int n) {
        return f == Family.GEMM || f == Family.SYRK ? (long) n * n * n : (long) n * n;
    }

    private static Matrix random(Arena arena, int n, long seed) {
        Matrix m = Matrix.allocate(arena, DType.F64, n, n);
        Random r = new Random(seed);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                m.set(i, j, r.nextDouble() - 0.5);
            }
        }
        return m;
    }

    private static double sink;

    /** Median nanoseconds per call over 5 batches, after a warm-up of the same length. */
    private static double time(Backend<Matrix> be, Family f, Matrix a, Matrix b, Matrix c, long budgetNanos) {
        long warmEnd = System.nanoTime() + budgetNanos / 2;
        int batch = 1;
        while (System.nanoTime() < warmEnd) {
            call(be, f, a, b, c);
            batch++;
        }
        batch = Math.max(1, batch / 10);
        double[] per = new double[5];
        for (int r = 0; r < per.length; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                call(be, f, a, b, c);
            }
            per[r] = (System.nanoTime() - t0) / (double) batch;
        }
        java.util.Arrays.sort(per);
        return per[per.length / 2];
    }

    private static void call(Backend<Matrix> be, Family f, Matrix a, Matrix b, Matrix c) {
        switch (f) {
            case GEMM -> be.gemm(1, a, b, 0, c);
            case SYRK -> be.syrk(1, a, 0, c);
            case ELEMENTWISE -> be.axpy(1e-9, a, c);
            case REDUCTION -> sink += be.dot(a, b);
        }
    }
}
