package org.panopt.algorithms.prox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.panopt.core.diagnostics.AllocationMeter;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;

/** 0 bytes allocated by warmed-up prox, value and gradient calls of every penalty (the thread's counter). */
class PenaltyAllocationTest {

    @Test
    void warmedUpCallsAllocateNothing() {
        int d = 203;     // not a multiple of the vector length: the scalar tails run too
        try (Arena arena = Arena.ofShared()) {
            SplittableRandom r = new SplittableRandom(3);
            Vec v = Vec.allocate(arena, DType.F64, d);
            Vec out = Vec.allocate(arena, DType.F64, d);
            for (int i = 0; i < d; i++) {
                v.set(i, 3 * r.nextGaussian());
            }
            double[] sink = new double[1];
            for (Prox p : PenaltyTest.all(arena, d)) {
                for (double t : new double[]{1, 0.6, 2.5}) {
                    quiet(p + " prox at t = " + t, AllocationMeter.untilQuiet(() -> p.prox(v, t, out), 2_000));
                }
                quiet(p + " value", AllocationMeter.untilQuiet(() -> sink[0] += p.value(v), 2_000));
                if (p.hasGradient()) {
                    quiet(p + " gradient", AllocationMeter.untilQuiet(() -> p.gradient(v, out), 2_000));
                }
            }
        }
    }

    static void quiet(String what, AllocationMeter.Result r) {
        assertTrue(r.quiet(), what + ": no round of calls was free of allocation; bytes per round: " + r.history());
    }
}
