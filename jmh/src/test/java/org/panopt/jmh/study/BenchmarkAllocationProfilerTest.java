package org.panopt.jmh.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.IterationResultMetaData;
import org.openjdk.jmh.results.Result;

class BenchmarkAllocationProfilerTest {
    static volatile Object sink;

    private static void allocate(int arrays) {
        for (int i = 0; i < arrays; i++) {
            sink = new byte[1024];
        }
    }

    @Test
    void countsOtherThreadsAndLeavesOutTheRunnerThread() throws Exception {
        BenchmarkAllocationProfiler p = new BenchmarkAllocationProfiler();
        p.beforeIteration(null, null);
        Thread worker = new Thread(() -> allocate(1000), "test-jmh-worker-1");
        worker.start();
        worker.join();
        allocate(5000); // the "runner" (this thread): not counted
        List<Result> r = new ArrayList<>(p.afterIteration(null, null,
                new IterationResult(null, null, new IterationResultMetaData(1000, 1000))));
        assertEquals(1, r.size());
        assertEquals(BenchmarkAllocationProfiler.METRIC, r.getFirst().getLabel());
        double perOp = r.getFirst().getScore();
        // 1000 arrays of 1 KiB (plus headers) over 1000 operations, the thread's own start-up on top.
        assertTrue(perOp >= 1024 && perOp < 1024 + 200, "B/op " + perOp);
        assertEquals("B/op", r.getFirst().getScoreUnit());
    }
}
