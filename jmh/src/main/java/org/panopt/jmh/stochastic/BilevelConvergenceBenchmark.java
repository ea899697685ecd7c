package org.panopt.jmh.stochastic;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.panopt.algorithms.bilevel.BilevelOptions;
import org.panopt.algorithms.bilevel.BilevelSolver;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;
import org.panopt.jmh.study.Study;

/**
 * Time to reach {@code ‖∇h(x)‖² < 1e-8} from z = 0, x = 0, v = 0 (batch 64, default steps), on the
 * problems of {@link BilevelStepBenchmark}. The metric (an exact solve) is checked every 16
 * iterations and its time is included; the iterations needed are reported as an auxiliary counter.
 * SOBA, with constant steps, stalls at a noise floor and is not part of this study.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@State(Scope.Thread)
@Study(value = "Bilevel loops, time to |grad h|^2 < 1e-8", implParam = "solver", size = "problem",
        baseline = "saba", quick = {"problem=quadratic,ridge", "solver=saba,srba"})
public class BilevelConvergenceBenchmark {
    private static final int CHECK_EVERY = 16;
    private static final long MAX_ITERATIONS = 200_000;

    @Param({"quadratic", "ridge"})
    public String problem;

    @Param({"saba", "srba"})
    public String solver;

    private Workspace ws;
    private BilevelSolver loop;
    private Vec zero;
    private Vec zeroX;

    /** Iterations the last run needed. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Iterations {
        public long iterations;
    }

    @Setup(Level.Trial)
    public void setup() {
        ws = Workspace.create();
        var p = BilevelStepBenchmark.problem(problem, ws);
        loop = BilevelStepBenchmark.solver(solver, p, BilevelOptions.defaults(), ws);
        zero = ws.vector(DType.F64, p.innerDimension());
        zeroX = ws.vector(DType.F64, p.outerDimension());
    }

    @Setup(Level.Invocation)
    public void restart() {
        loop.reset(zero, zeroX);
    }

    @TearDown(Level.Trial)
    public void close() {
        ws.close();
    }

    @Benchmark
    public double timeToTolerance(Iterations counter) {
        while (loop.iterations() < MAX_ITERATIONS) {
            loop.run(CHECK_EVERY, CHECK_EVERY, null);
            double g2 = loop.hypergradientNormSquared();
            if (g2 < 1e-8) {
                counter.iterations += loop.iterations();
                return g2;
            }
        }
        throw new IllegalStateException(solver + " on " + problem + " did not reach |grad h|^2 < 1e-8 in "
                + MAX_ITERATIONS + " iterations");
    }
}
