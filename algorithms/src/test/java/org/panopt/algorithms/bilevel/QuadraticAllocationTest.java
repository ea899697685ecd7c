package org.panopt.algorithms.bilevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panopt.algorithms.AllocationMeter;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * SABA, SRBA and SOBA on the quadratic problem: 0 bytes per warmed-up iteration; bad settings and
 * divergence are clear errors.
 *
 * <p>Each allocation test class runs in a JVM of its own (see the algorithms pom) and sticks to
 * one problem class: the Vector API code in the kernels is only allocation-free once C2 has
 * compiled it with every vector operation intrinsified, and in a JVM that has already run other
 * problem classes (other dimensions, other call-site profiles) C2 was seen to leave some vector
 * loads un-intrinsified, boxing vectors at a steady rate. That hazard sits in the kernels' JIT
 * behaviour and is reported; JMH -prof gc, with a fresh fork per benchmark, checks the same thing.
 */
class QuadraticAllocationTest {

    static BilevelProblem problem(String name, Workspace ws) {
        return new QuadraticBilevel(16, 8, 300, 200, 1, ws);
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
    @CsvSource({"saba, quadratic", "saba-full, quadratic", "srba, quadratic", "soba, quadratic"})
    void stepAllocatesNothing(String name, String problem) {
        try (Workspace ws = Workspace.create()) {
            BilevelSolver s = solver(name, problem(problem, ws), ws);
            long bytes = AllocationMeter.bytesPerRun(s::step, 5_000, 500);
            assertEquals(0, bytes, name + " on " + problem + ": " + bytes + " bytes in 500 steps");
        }
    }

    @Test
    void badSettingsAndDivergenceAreClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> BilevelOptions.defaults().withStep(0));
        assertThrows(IllegalArgumentException.class, () -> BilevelOptions.defaults().withBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> BilevelOptions.defaults().withOuterRatio(-1));
        try (Workspace ws = Workspace.create()) {
            BilevelProblem pb = problem("quadratic", ws);
            Saba s = new Saba(pb, BilevelOptions.defaults().withStep(50), ws);
            Vec z0 = ws.vector(DType.F64, 16);
            z0.fill(1);
            s.reset(z0, ws.vector(DType.F64, 8));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.run(10_000, 1, null));
            assertTrue(e.getMessage().contains("diverged"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.reset(ws.vector(DType.F64, 5), ws.vector(DType.F64, 8)));
        }
    }
}
