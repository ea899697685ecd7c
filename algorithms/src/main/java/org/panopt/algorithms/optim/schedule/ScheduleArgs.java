package org.panopt.algorithms.optim.schedule;

/** Field and step checks shared by the schedule records, and the cosine formula they share. */
final class ScheduleArgs {
    private ScheduleArgs() {
    }

    /** Shared check of a step index. */
    static long checkStep(long t) {
        if (t < 0) {
            throw new IllegalArgumentException("schedule step must be >= 0, got " + t);
        }
        return t;
    }

    /** Shared check of a learning-rate field: finite and ≥ 0. */
    static double checkRate(String name, double v) {
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
        }
        return v;
    }

    /** Shared check of an annealing range: both rates valid and {@code minLr ≤ lr}. */
    static void checkRange(double lr, double minLr) {
        checkRate("lr", lr);
        checkRate("minLr", minLr);
        if (minLr > lr) {
            throw new IllegalArgumentException("minLr " + minLr + " is larger than lr " + lr);
        }
    }

    /** Shared check of a length field: ≥ 1. */
    static long checkLength(String name, long v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
        return v;
    }

    /** The cosine annealing value between {@code max} and {@code min} at fraction {@code cur / len} of a cycle. */
    static double cosine(double max, double min, double cur, double len) {
        return min + (max - min) * (1 + Math.cos(Math.PI * cur / len)) / 2;
    }
}
