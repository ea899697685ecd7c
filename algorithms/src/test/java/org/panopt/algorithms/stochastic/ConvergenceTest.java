package org.panopt.algorithms.stochastic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * SAGA, SVRG and SARAH reach the optimum of ridge and ℓ2-regularised logistic regression on the
 * standardised breast-cancer data to 1e-10 in objective, on both their linear-model path (scalar
 * tables) and their generic path; the optimum comes from an independent Newton solve.
 */
class ConvergenceTest {

    @ParameterizedTest(name = "{0} on {1}, {2} path")
    @CsvSource({
            "saga, ridge, linear", "saga, ridge, generic", "saga, logistic, linear", "saga, logistic, generic",
            "svrg, ridge, linear", "svrg, ridge, generic", "svrg, logistic, linear", "svrg, logistic, generic",
            "sarah, ridge, linear", "sarah, ridge, generic", "sarah, logistic, linear", "sarah, logistic, generic"})
    void reachesNewtonOptimumTo1e10(String loop, String model, String path) throws Exception {
        try (Arena arena = Arena.ofConfined(); Workspace ws = Workspace.create()) {
            LinearModel m = model(model, arena);
            double best = m.value(Vec.copyOf(arena, Newton.minimise(m)));
            FiniteSum f = path.equals("linear") ? m : new Opaque(m);
            VarianceReduced solver = create(loop, f, StochasticOptions.defaults().withSeed(7), ws);
            double gap = Double.NaN;
            long epochs = 0;
            for (; epochs < 20_000; epochs += 10) {
                solver.run(10L * m.samples());
                gap = solver.objective() - best;
                if (gap <= 1e-10) {
                    break;
                }
            }
            assertTrue(gap <= 1e-10 && gap >= -1e-13, loop + " on " + model + ": gap " + gap + " after " + epochs
                    + " epochs");
        }
    }

    static LinearModel model(String name, Arena arena) throws Exception {
        double[] p = Fixtures.array(arena, "params_" + (name.equals("ridge") ? "ridge" : "logistic_l2"));
        return name.equals("ridge")
                ? new LeastSquares(Fixtures.features(arena), Fixtures.vector(arena, "ridge_target"), p[0], arena)
                : new LogisticRegression(Fixtures.features(arena), Fixtures.vector(arena, "bc_y"), p[0], arena);
    }

    static VarianceReduced create(String loop, FiniteSum f, StochasticOptions o, Workspace ws) {
        return switch (loop) {
            case "saga" -> new Saga(f, null, o, ws);
            case "svrg" -> new Svrg(f, null, o, ws);
            case "sarah" -> new Sarah(f, null, o, ws);
            default -> throw new IllegalArgumentException(loop);
        };
    }
}
