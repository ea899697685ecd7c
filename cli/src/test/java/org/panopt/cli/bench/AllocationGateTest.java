package org.panopt.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocationGateTest {
    private static final String STEP = "org.panopt.jmh.optim.AdamBench.step";

    /** One gate result in JMH's JSON shape. */
    static String result(String benchmark, double secondsPerOp, double bytesPerOp) {
        return result(benchmark, secondsPerOp, bytesPerOp, bytesPerOp, bytesPerOp);
    }

    /** The same with these per-iteration bytes/op. */
    static String result(String benchmark, double secondsPerOp, double bytesPerOp, double... iterations) {
        Map<String, Object> alloc = new LinkedHashMap<>();
        alloc.put("score", bytesPerOp);
        alloc.put("scoreError", "NaN");
        alloc.put("scoreUnit", "B/op");
        alloc.put("rawData", List.of(java.util.Arrays.stream(iterations).boxed().toList()));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", benchmark);
        r.put("mode", "avgt");
        r.put("measurementTime", "500 ms");
        r.put("params", Map.of("size", "1000"));
        r.put("primaryMetric", Map.of("score", secondsPerOp * 1e6, "scoreError", 0.0, "scoreUnit", "us/op"));
        r.put("secondaryMetrics", Map.of("gc.alloc.rate", Map.of("score", 1.0), "gc.alloc.rate.norm", alloc));
        return Json.write(List.of(r));
    }

    private static List<AllocationGate.Verdict> gate(String json) throws IOException {
        return AllocationGate.check(Measurement.parseAll(json, "jmh"), RunPlanTest.catalogue(), List.of(STEP));
    }

    @Test
    void aKilobytePerStepFailsNamingTheBenchmark() throws IOException {
        List<AllocationGate.Verdict> v = gate(result(STEP, 1e-6, 1024));
        assertFalse(AllocationGate.passed(v));
        assertEquals(1, v.size());
        assertTrue(v.getFirst().describe().startsWith("FAIL  " + STEP + " size=1000"), v.getFirst().describe());
        assertTrue(v.getFirst().problem().contains("1024.0 B/op"), v.getFirst().problem());
    }

    @Test
    void zeroPasses() throws IOException {
        List<AllocationGate.Verdict> v = gate(result(STEP, 1e-6, 0));
        assertTrue(AllocationGate.passed(v), v.toString());
        assertTrue(v.getFirst().describe().startsWith("ok    " + STEP), v.getFirst().describe());
        // Just above the limit fails on a fast step: JMH's share per operation is negligible there.
        assertFalse(AllocationGate.passed(gate(result(STEP, 1e-6, 17))));
    }

    @Test
    void jmhsPerIterationBookkeepingIsForgivenOnSlowSteps() throws IOException {
        // 5 ms per step: 100 operations per 500 ms iteration, JMH's ~8 KB per iteration is ~80 B/op.
        assertTrue(AllocationGate.passed(gate(result(STEP, 5e-3, 80))));
        assertFalse(AllocationGate.passed(gate(result(STEP, 5e-3, 1024))));
    }

    @Test
    void theLeastIterationIsJudgedSoWarmUpAllocationDoesNotFail() throws IOException {
        Measurement m = Measurement.parseAll(result(STEP, 1e-6, 300, 900, 0.01), "jmh").getFirst();
        assertEquals(0.01, m.allocLeast());
        assertTrue(AllocationGate.passed(AllocationGate.check(List.of(m), RunPlanTest.catalogue(), List.of(STEP))));
    }

    @Test
    void aPlannedBenchmarkWithoutResultOrProfileFails() throws IOException {
        List<AllocationGate.Verdict> none = AllocationGate.check(List.of(), RunPlanTest.catalogue(), List.of(STEP));
        assertFalse(AllocationGate.passed(none));
        assertTrue(none.getFirst().problem().contains("no result"));
        String unprofiled = result(STEP, 1e-6, 0).replace("gc.alloc.rate.norm", "other.metric");
        assertFalse(AllocationGate.passed(gate(unprofiled)));
    }

    @Test
    void peersAreNotJudged() throws IOException {
        String ejml = result("org.panopt.jmh.gemm.GemmBench.ejml", 1e-6, 4096);
        assertEquals(List.of(), AllocationGate.check(Measurement.parseAll(ejml, "jmh"), RunPlanTest.catalogue(), List.of()));
    }
}
