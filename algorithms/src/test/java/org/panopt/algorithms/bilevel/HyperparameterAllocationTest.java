package org.panopt.algorithms.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panopt.algorithms.AllocationMeter;
import org.panopt.core.array.Workspace;

/**
 * SABA, SRBA and SOBA on ridge and logistic hyperparameter selection: 0 bytes per warmed-up
 * iteration (the metrics, a Newton solve, are checked by {@link MetricsAllocationTest}).
 *
 * <p>Each allocation test class runs in a JVM of its own (see the algorithms pom) and sticks to
 * one problem class: the Vector API code in the kernels is only allocation-free once C2 has
 * compiled it with every vector operation intrinsified, and in a JVM that has already run other
 * problem classes (other dimensions, other call-site profiles) C2 was seen to leave some vector
 * loads un-intrinsified, boxing vectors at a steady rate. That hazard sits in the kernels' JIT
 * behaviour and is reported; JMH -prof gc, with a fresh fork per benchmark, checks the same thing.
 */
class HyperparameterAllocationTest {

    static BilevelProblem problem(String name, Workspace ws) {
        return name.equals("ridge")
                ? HyperparameterSelection.ridge(HyperparameterSelection.syntheticRidgeData(300, 200, 12, 2, ws.arena()),
                        true, ws)
                : HyperparameterSelection.breastCancer(0, ws);
    }

    static BilevelSolver solver(String name, BilevelProblem pb, Workspace ws) {
        BilevelOptions o = BilevelOptions.defaults().withStep(0.02);
        return switch (name) {
            case "saba" -> new Saba(pb, o, ws);
            case "saba-full" -> new Saba(pb, o.withMemoryInit(MemoryInit.FULL), ws);
            case "srba" -> new Srba(pb, o, ws);
            default -> new Soba(pb, o, ws);
        };
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"saba, ridge", "saba-full, logistic", "srba, ridge", "srba, logistic", "soba, logistic"})
    void stepAllocatesNothing(String name, String problem) {
        try (Workspace ws = Workspace.create()) {
            BilevelSolver s = solver(name, problem(problem, ws), ws);
            long bytes = AllocationMeter.bytesPerRun(s::step, 5_000, 500);
            assertEquals(0, bytes, name + " on " + problem + ": " + bytes + " bytes in 500 steps");
        }
    }

}
