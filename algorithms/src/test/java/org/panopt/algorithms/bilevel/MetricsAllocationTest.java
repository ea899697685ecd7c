package org.panopt.algorithms.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panopt.algorithms.AllocationMeter;
import org.panopt.core.array.Workspace;

/**
 * Reporting progress allocates nothing: {@link BilevelSolver#run} with a listener, whose metrics
 * come from the problems' exact solutions (closed forms, Newton solves with Cholesky factors).
 * Runs in a JVM of its own (see the algorithms pom and {@link QuadraticAllocationTest}).
 */
class MetricsAllocationTest {

    static BilevelProblem problem(String name, Workspace ws) {
        return switch (name) {
            case "quadratic" -> QuadraticAllocationTest.problem(name, ws);
            default -> HyperparameterAllocationTest.problem(name, ws);
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"quadratic", "ridge", "logistic"})
    void metricsAndReportingAllocateNothing(String problem) {
        try (Workspace ws = Workspace.create()) {
            BilevelSolver s = QuadraticAllocationTest.solver("saba", problem(problem, ws), ws);
            double[] sink = new double[1];
            ProgressListener l = (it, calls, g2, e2) -> sink[0] += g2 + e2;
            long bytes = AllocationMeter.bytesPerRun(() -> s.run(4, 2, l), 200, 20);
            assertEquals(0, bytes, problem + ": " + bytes + " bytes in 20 reported runs");
            assertTrue(Double.isFinite(sink[0]));
        }
    }
}
