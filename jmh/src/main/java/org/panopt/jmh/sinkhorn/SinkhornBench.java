package org.panopt.jmh.sinkhorn;

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.panopt.algorithms.geometry.CostMatrix;
import org.panopt.algorithms.geometry.Geometry;
import org.panopt.algorithms.geometry.PointCloud;
import org.panopt.algorithms.parallel.FixedPool;
import org.panopt.algorithms.sinkhorn.Sinkhorn;
import org.panopt.algorithms.sinkhorn.SinkhornOptions;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.jmh.study.Study;

/**
 * Log-domain Sinkhorn (SPEC §2a) on the problems of {@link SinkhornProblem}: the time of one
 * iteration (g then f; every tenth also measures the error, as POT does) and the time to reach an L1
 * marginal error of 1e-6 from zero potentials. The external peer is {@code jmh/peers/pot_sinkhorn.py}
 * (POT's {@code sinkhorn_log} and {@code sinkhorn}, same problems, one thread).
 *
 * <p>{@code n = m}; add {@code -p n=1000,4000,20000} for the large size. {@code cost=dense} solves
 * with the materialised cost (as POT does), {@code streaming} computes it tile by tile from the
 * points.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Study(size = "n", quick = {"n=1000", "d=64", "eps=0.01"})
public class SinkhornBench {
    @Param({"1000", "4000"})
    public int n;

    @Param({"2", "64"})
    public int d;

    @Param({"0.05", "0.01"})
    public double eps;

    @Param({"F64", "F32"})
    public String dtype;

    @Param({"dense"})
    public String cost;

    @Param({"1", "2"})
    public int threads;

    private Arena arena;
    private FixedPool pool;
    private Geometry geometry;
    private Sinkhorn iteration;
    private SinkhornOptions options;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        DType t = DType.valueOf(dtype);
        Matrix x = SinkhornProblem.points(arena, n, d, 0);
        Matrix y = SinkhornProblem.points(arena, n, d, n);
        double max = SinkhornProblem.maxCost(x, y);
        Matrix xs = SinkhornProblem.scaled(arena, x, max, DType.F64);
        Matrix ys = SinkhornProblem.scaled(arena, y, max, DType.F64);
        geometry = switch (cost) {
            case "dense" -> CostMatrix.of(SinkhornProblem.dense(arena, xs, ys, t));
            case "streaming" -> PointCloud.squaredEuclidean(SinkhornProblem.scaled(arena, x, max, t),
                    SinkhornProblem.scaled(arena, y, max, t));
            default -> throw new IllegalArgumentException("cost must be dense or streaming, got " + cost);
        };
        pool = threads > 1 ? FixedPool.create(threads) : null;
        options = SinkhornOptions.defaults().withEpsilon(eps).withPool(pool);
        iteration = Sinkhorn.create(geometry, null, null, options.withThreshold(0).withMaxIterations(Integer.MAX_VALUE));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        iteration.close();
        if (pool != null) {
            pool.close();
        }
        arena.close();
    }

    /** One iteration (time per iteration). */
    @Benchmark
    @Study(value = "Sinkhorn time per iteration", impl = "panopt log-domain", baseline = "POT sinkhorn_log")
    public void iteration() {
        iteration.step();
    }

    /** From zero potentials to an L1 column-marginal error below 1e-6 (error checked every 10 iterations). */
    @Benchmark
    @Study(value = "Sinkhorn time to marginal error 1e-6", impl = "panopt log-domain", baseline = "POT sinkhorn_log")
    public int toThreshold() {
        try (Sinkhorn s = Sinkhorn.create(geometry, null, null, options.withThreshold(1e-6).withMaxIterations(100_000))) {
            s.iterate();
            return s.iterations();
        }
    }
}
