package org.panopt.algorithms.stochastic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panopt.algorithms.AllocationMeter;
import org.panopt.algorithms.prox.ElasticNet;
import org.panopt.algorithms.prox.L1;
import org.panopt.algorithms.prox.Prox;
import org.panopt.core.array.Workspace;

/** 0 bytes allocated per warmed-up step, for every loop, both paths, with and without a prox. */
class AllocationTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "saga, linear, none", "saga, linear, l1", "saga, generic, enet",
            "svrg, linear, enet", "svrg, generic, none", "svrg, generic, l1",
            "sarah, linear, l1", "sarah, linear, none", "sarah, generic, enet"})
    void stepAllocatesNothing(String loop, String path, String penalty) throws Exception {
        try (Arena arena = Arena.ofConfined(); Workspace ws = Workspace.create()) {
            LinearModel m = ConvergenceTest.model("logistic", arena);
            FiniteSum f = path.equals("linear") ? m : new Opaque(m);
            Prox prox = switch (penalty) {
                case "l1" -> new L1(1e-3);
                case "enet" -> new ElasticNet(1e-3, 1e-2);
                default -> null;
            };
            VarianceReduced s = switch (loop) {
                case "saga" -> new Saga(f, prox, StochasticOptions.defaults(), ws);
                case "svrg" -> new Svrg(f, prox, StochasticOptions.defaults().withPeriod(50), ws);
                default -> new Sarah(f, prox, StochasticOptions.defaults().withPeriod(50), ws);
            };
            // Periods of 50 steps: the measured runs cross snapshots and full-gradient restarts.
            long bytes = AllocationMeter.bytesPerRun(s::step, 30_000, 2_000);
            assertEquals(0, bytes, loop + " " + path + " " + penalty + " allocated " + bytes + " bytes in 2000 steps");
        }
    }
}
