package org.panopt.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RunPlanTest {
    static Catalogue catalogue() throws IOException {
        return Catalogue.parse(resource("studies.json"));
    }

    static String resource(String name) throws IOException {
        try (InputStream in = RunPlanTest.class.getResourceAsStream("/bench/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static RunPlan.Invocation invocationOf(RunPlan plan, String benchmark) {
        return plan.invocations().stream().filter(i -> i.benchmarks().contains(benchmark)).findFirst().orElseThrow();
    }

    @Test
    void quickTakesTheDeclaredQuickValuesElseTheSmallestAndMedianSizes() throws IOException {
        RunPlan plan = RunPlan.of(catalogue(), RunPlan.Mode.QUICK, null, 0);
        assertEquals(Map.of("n", List.of("64", "256")), invocationOf(plan, "org.panopt.jmh.gemm.GemmBench.panopt").params());
        // Four sizes, none declared quick: the smallest and the median (sorted numerically).
        assertEquals(Map.of("size", List.of("1000", "10000")), invocationOf(plan, "org.panopt.jmh.optim.AdamBench.step").params());
        // Three sizes: smallest and middle; the implementation parameter keeps every value.
        RunPlan.Invocation dot = invocationOf(plan, "org.panopt.jmh.kernels.DotBench.dot");
        assertEquals(Map.of("n", List.of("1000", "100000")), dot.params());
        assertEquals(6, dot.configurations());
        // Two sizes: nothing to reduce, so no override.
        assertEquals(Map.of(), invocationOf(plan, "org.panopt.jmh.sinkhorn.SinkhornBench.solve").params());
        // Benchmarks needing the same overrides share one JMH invocation.
        RunPlan.Invocation gemm = invocationOf(plan, "org.panopt.jmh.gemm.GemmBench.ejml");
        assertEquals(3, gemm.benchmarks().size());
        assertEquals(4, plan.invocations().size());
        assertEquals(3 * 2 + 6 + 2 * 2 + 2, plan.configurations());
        assertEquals(List.of("org.panopt.jmh.kernels.DotBench.dot (6)"), plan.heaviest(1));
    }

    @Test
    void quickKeepsOneValueOfEveryOtherNumericParameterAndAllStrings() {
        Declaration d = new Declaration("x.Sinkhorn.iteration", List.of("avgt"), Map.of("n", List.of("1000", "4000"),
                "d", List.of("2", "64"), "eps", List.of("0.05", "0.01"), "dtype", List.of("F64", "F32"),
                "threads", List.of("1", "2")), false, "", "", "", "", "", "", "", List.of("d=64"), List.of(), false,
                false, false);
        Map<String, List<String>> v = RunPlan.values(d, RunPlan.Mode.QUICK, 0);
        assertEquals(List.of("1000", "4000"), v.get("n"), "the size keeps its values");
        assertEquals(List.of("64"), v.get("d"), "declared quick values win");
        assertEquals(List.of("0.05"), v.get("eps"), "other numbers: the first declared");
        assertEquals(List.of("1"), v.get("threads"));
        assertEquals(List.of("F64", "F32"), v.get("dtype"), "strings keep every value");
        Map<String, List<String>> gate = RunPlan.values(d, RunPlan.Mode.GATE, 0);
        assertEquals(List.of("1000"), gate.get("n"));
        assertEquals(List.of("F64", "F32"), gate.get("dtype"));
    }

    @Test
    void fullRunsEveryDeclaredValueInOneInvocation() throws IOException {
        RunPlan plan = RunPlan.of(catalogue(), RunPlan.Mode.FULL, null, 0);
        assertEquals(1, plan.invocations().size());
        assertEquals(Map.of(), plan.invocations().getFirst().params());
        assertEquals(3 * 4 + 9 + 2 * 4 + 2, plan.configurations());
        assertTrue(plan.estimatedSeconds() > RunPlan.of(catalogue(), RunPlan.Mode.QUICK, null, 0).estimatedSeconds());
    }

    @Test
    void theGateRunsOnlyOurAllocationFreeBenchmarksAtTheSmallestSize() throws IOException {
        RunPlan plan = RunPlan.of(catalogue(), RunPlan.Mode.GATE, null, 0);
        // @AllocationFree panopt GEMM; the kernels package's dot (ours only); a method named step.
        assertEquals(List.of("org.panopt.jmh.gemm.GemmBench.panopt", "org.panopt.jmh.kernels.DotBench.dot",
                "org.panopt.jmh.optim.AdamBench.step"), plan.benchmarks().stream().sorted().toList());
        assertEquals(Map.of("n", List.of("64")), invocationOf(plan, "org.panopt.jmh.gemm.GemmBench.panopt").params());
        assertEquals(Map.of("impl", List.of("panopt"), "n", List.of("1000")),
                invocationOf(plan, "org.panopt.jmh.kernels.DotBench.dot").params());
        assertEquals(Map.of("size", List.of("1000")), invocationOf(plan, "org.panopt.jmh.optim.AdamBench.step").params());
    }

    @Test
    void filterAndThreadsAreApplied() throws IOException {
        RunPlan plan = RunPlan.of(catalogue(), RunPlan.Mode.QUICK, Pattern.compile("Gemm.*(panopt|ejml)"), 0);
        assertEquals(List.of("org.panopt.jmh.gemm.GemmBench.ejml", "org.panopt.jmh.gemm.GemmBench.panopt"), plan.benchmarks());
        RunPlan.Invocation inv = plan.invocations().getFirst();
        assertTrue(Pattern.compile(inv.includePattern()).matcher("org.panopt.jmh.gemm.GemmBench.panopt").find());
        assertFalse(Pattern.compile(inv.includePattern()).matcher("org.panopt.jmh.gemm.GemmBench.openblas").find());
        assertEquals(List.of("-p", "n=64,256"), inv.paramOptions());

        Declaration threaded = new Declaration("x.T.run", List.of("avgt"), Map.of("threads", List.of("1", "2")), false,
                "", "", "", "", "", "", "", List.of(), List.of(), false, false, false);
        assertEquals(Map.of("threads", List.of("4")), RunPlan.values(threaded, RunPlan.Mode.FULL, 4));
        assertEquals(Map.of("threads", List.of("1", "2")), RunPlan.values(threaded, RunPlan.Mode.FULL, 0));
    }
}
