package org.panopt.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocationGateTest {
    private static final String STEP = "org.panopt.jmh.optim.AdamBench.step";

    private static Map<String, Object> metric(double... iterations) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("score", Arrays.stream(iterations).average().orElse(Double.NaN));
        m.put("scoreError", "NaN");
        m.put("scoreUnit", "B/op");
        m.put("rawData", List.of(Arrays.stream(iterations).boxed().toList()));
        return m;
    }

    /**
     * One gate result in JMH's JSON shape, 500 ms iterations.
     *
     * @param gc    per-iteration gc.alloc.rate.norm
     * @param bench per-iteration alloc.benchmark.norm (none: not profiled)
     */
    static String result(String benchmark, double secondsPerOp, double[] gc, double... bench) {
        Map<String, Object> secondary = new LinkedHashMap<>();
        secondary.put("gc.alloc.rate", Map.of("score", 1.0));
        if (gc.length > 0) {
            secondary.put("gc.alloc.rate.norm", metric(gc));
        }
        if (bench.length > 0) {
            secondary.put("alloc.benchmark.norm", metric(bench));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", benchmark);
        r.put("mode", "avgt");
        r.put("measurementTime", "500 ms");
        r.put("params", Map.of("size", "1000"));
        r.put("primaryMetric", Map.of("score", secondsPerOp * 1e6, "scoreError", 0.0, "scoreUnit", "us/op"));
        r.put("secondaryMetrics", secondary);
        return Json.write(List.of(r));
    }

    private static double[] each(double v) {
        return new double[]{v, v};
    }

    private static List<AllocationGate.Verdict> gate(String json) throws IOException {
        return AllocationGate.check(Measurement.parseAll(json, "jmh"), RunPlanTest.catalogue(), List.of(STEP));
    }

    @Test
    void aKilobytePerStepFailsNamingTheBenchmark() throws IOException {
        List<AllocationGate.Verdict> v = gate(result(STEP, 1e-6, each(1024), each(1024)));
        assertFalse(AllocationGate.passed(v));
        assertEquals(1, v.size());
        assertTrue(v.getFirst().describe().startsWith("FAIL  " + STEP + " size=1000"), v.getFirst().describe());
        assertTrue(v.getFirst().problem().contains("1024.0 B/op"), v.getFirst().problem());
        // The same from JMH's metric alone.
        assertFalse(AllocationGate.passed(gate(result(STEP, 1e-6, each(1024)))));
    }

    @Test
    void zeroPasses() throws IOException {
        List<AllocationGate.Verdict> v = gate(result(STEP, 1e-6, each(0), each(0)));
        assertTrue(AllocationGate.passed(v), v.toString());
        assertTrue(v.getFirst().describe().startsWith("ok    " + STEP), v.getFirst().describe());
        assertTrue(AllocationGate.passed(gate(result(STEP, 1e-6, each(0)))));
        // Just above the limit fails on a fast step: JMH's share per operation is negligible there.
        assertFalse(AllocationGate.passed(gate(result(STEP, 1e-6, each(17), each(17)))));
    }

    @Test
    void jmhsPerIterationAllocationIsForgivenOnSlowSteps() throws IOException {
        // 5 ms per step: 100 operations per 500 ms iteration.
        // Benchmark threads (JMH's worker ~0.5 KB per iteration): 16 + 1024 / 100 = 26.2 B/op.
        assertTrue(AllocationGate.passed(gate(result(STEP, 5e-3, each(130), each(5)))), "JMH's runner is not judged");
        assertFalse(AllocationGate.passed(gate(result(STEP, 5e-3, each(130), each(40)))));
        // JMH's metric alone (runner thread's 6-14 KB per iteration): 16 + 16384 / 100 = 180 B/op.
        assertTrue(AllocationGate.passed(gate(result(STEP, 5e-3, each(130)))));
        assertFalse(AllocationGate.passed(gate(result(STEP, 5e-3, each(1024)))));
    }

    @Test
    void theLeastIterationIsJudgedSoWarmUpAllocationDoesNotFail() throws IOException {
        Measurement m = Measurement.parseAll(result(STEP, 1e-6, new double[]{900, 0.01}, 900, 0.01), "jmh").getFirst();
        assertEquals(0.01, m.benchAlloc().least());
        assertEquals(450.005, m.benchAlloc().mean(), 1e-9);
        assertTrue(AllocationGate.passed(AllocationGate.check(List.of(m), RunPlanTest.catalogue(), List.of(STEP))));
    }

    @Test
    void aPlannedBenchmarkWithoutResultOrProfileFails() throws IOException {
        List<AllocationGate.Verdict> none = AllocationGate.check(List.of(), RunPlanTest.catalogue(), List.of(STEP));
        assertFalse(AllocationGate.passed(none));
        assertTrue(none.getFirst().problem().contains("no result"));
        assertFalse(AllocationGate.passed(gate(result(STEP, 1e-6, new double[0]))));
    }

    @Test
    void peersAreNotJudged() throws IOException {
        String ejml = result("org.panopt.jmh.gemm.GemmBench.ejml", 1e-6, each(4096), each(4096));
        assertEquals(List.of(), AllocationGate.check(Measurement.parseAll(ejml, "jmh"), RunPlanTest.catalogue(), List.of()));
    }
}
