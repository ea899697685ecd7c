package org.panopt.algorithms.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FixedPoolTest {
    @Test
    void everyPartRunsOncePerRun() {
        try (FixedPool pool = FixedPool.create(3)) {
            int[] hits = new int[3];
            for (int r = 0; r < 1000; r++) {
                pool.run((part, parts) -> {
                    assertEquals(3, parts);
                    hits[part]++;
                });
            }
            assertArrayEquals(new int[]{1000, 1000, 1000}, hits);
        }
    }

    @Test
    void failuresReachTheCaller() {
        try (FixedPool pool = FixedPool.create(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run((part, parts) -> {
                if (part == 1) {
                    throw new IllegalStateException("worker failed");
                }
            }));
            assertEquals("worker failed", e.getMessage());
            int[] ok = new int[1];
            pool.run((part, parts) -> {
                if (part == 1) {
                    ok[0]++;
                }
            });
            assertEquals(1, ok[0]); // the pool still works
        }
        assertThrows(IllegalArgumentException.class, () -> FixedPool.create(0));
    }

    @Test
    void rangesCoverEverything() {
        assertEquals(0, FixedPool.start(0, 3, 10));
        assertEquals(3, FixedPool.start(1, 3, 10));
        assertEquals(10, FixedPool.start(3, 3, 10));
    }
}
