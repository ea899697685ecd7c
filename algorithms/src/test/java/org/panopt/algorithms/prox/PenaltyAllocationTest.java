package org.panopt.algorithms.prox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.panopt.algorithms.WarmAllocation;
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
                    long bytes = WarmAllocation.bytesAfterWarmUp(() -> p.prox(v, t, out), 2_000, 500, 30);
                    assertEquals(0, bytes, p + " prox at t = " + t + " allocated " + bytes + " bytes in 500 calls");
                }
                long bytes = WarmAllocation.bytesAfterWarmUp(() -> sink[0] += p.value(v), 2_000, 500, 30);
                assertEquals(0, bytes, p + " value allocated " + bytes + " bytes in 500 calls");
                if (p.hasGradient()) {
                    bytes = WarmAllocation.bytesAfterWarmUp(() -> p.gradient(v, out), 2_000, 500, 30);
                    assertEquals(0, bytes, p + " gradient allocated " + bytes + " bytes in 500 calls");
                }
            }
        }
    }
}
