package org.panopt.jmh.stochastic;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.panopt.algorithms.bilevel.BilevelOptions;
import org.panopt.algorithms.bilevel.BilevelProblem;
import org.panopt.algorithms.bilevel.BilevelSolver;
import org.panopt.algorithms.bilevel.HyperparameterSelection;
import org.panopt.algorithms.bilevel.QuadraticBilevel;
import org.panopt.algorithms.bilevel.Saba;
import org.panopt.algorithms.bilevel.Soba;
import org.panopt.algorithms.bilevel.Srba;
import org.panopt.core.array.Workspace;
import org.panopt.jmh.study.AllocationFree;
import org.panopt.jmh.study.Study;

/**
 * Time per iteration of the bilevel loops (batch 64, default steps) on the quadratic problem
 * (p = 10, q = 5, 1024 + 1024 samples) and on per-feature ridge hyperparameter selection (synthetic,
 * 512 + 512 samples, d = 10): the numbers behind "time to ‖∇h‖² &lt; 1e-8" in
 * {@link BilevelConvergenceBenchmark}. SRBA's figure averages its cheap recursive iterations and
 * its periodic full-batch ones.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
@Study(value = "Bilevel loops, time per iteration", implParam = "solver", size = "problem", baseline = "soba",
        quick = {"problem=quadratic,ridge", "solver=saba,srba,soba"})
public class BilevelStepBenchmark {
    @Param({"quadratic", "ridge"})
    public String problem;

    @Param({"saba", "srba", "soba"})
    public String solver;

    private Workspace ws;
    private BilevelSolver loop;

    @Setup(Level.Trial)
    public void setup() {
        ws = Workspace.create();
        loop = solver(solver, problem(problem, ws), BilevelOptions.defaults(), ws);
    }

    static BilevelProblem problem(String name, Workspace ws) {
        return name.equals("quadratic") ? new QuadraticBilevel(10, 5, 1024, 1024, 0, ws)
                : HyperparameterSelection.ridge(HyperparameterSelection.syntheticRidgeData(512, 512, 10, 0, ws.arena()),
                        true, ws);
    }

    static BilevelSolver solver(String name, BilevelProblem p, BilevelOptions o, Workspace ws) {
        return switch (name) {
            case "saba" -> new Saba(p, o, ws);
            case "srba" -> new Srba(p, o, ws);
            default -> new Soba(p, o, ws);
        };
    }

    @TearDown(Level.Trial)
    public void close() {
        ws.close();
    }

    @Benchmark
    @AllocationFree
    public void step(Blackhole bh) {
        loop.step();
        bh.consume(loop.x().get(0));
    }
}
