package org.panopt.core.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AllocationMeterTest {
    static volatile Object sink;

    @Test
    void seesAllocationAndItsAbsence() {
        assertTrue(AllocationMeter.bytes(() -> sink = new long[128], 10) >= 10 * 128 * 8);
        AllocationMeter.Result always = AllocationMeter.untilQuiet(() -> sink = new byte[64], 100, 5, 0);
        assertFalse(always.quiet());
        assertEquals(5, always.rounds());
        assertEquals(5, always.history().split(" ").length);
        int[] counter = {0};
        AllocationMeter.Result never = AllocationMeter.untilQuiet(() -> counter[0]++, 1000);
        assertTrue(never.quiet(), never.history());
    }
}
