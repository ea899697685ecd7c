package org.panopt.jmh.bregman;

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.panopt.algorithms.geometry.PointCloud;
import org.panopt.algorithms.sinkhorn.EntropicMap;
import org.panopt.algorithms.sinkhorn.SinkhornResult;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.jmh.study.Study;

/**
 * The baseline of {@link MboMapBench}: the squared-Euclidean entropic map (SPEC §2c) per query over
 * the same m targets, queries and potentials (ε doubled for the cost without ½).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Study(value = "MBO map per query, m = 10000", baseline = "panopt entropic map (sq. Euclidean)", size = "d",
        quick = {"d=64"})
public class EntropicMapBench {
    @Param({"10000"})
    public int m;

    @Param({"64", "1000"})
    public int d;

    private Arena arena;
    private Matrix queries;
    private Matrix out;
    private EntropicMap map;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        Matrix y = MboMapBench.points(arena, m, d, 3);
        queries = MboMapBench.points(arena, MboMapBench.BATCH, d, 4);
        out = Matrix.allocate(arena, DType.F64, MboMapBench.BATCH, d);
        double[] g = MboMapBench.potentials(m);
        SinkhornResult potentials = new SinkhornResult(new double[MboMapBench.BATCH], g, 0, 0, 0, 0, 0, 0, 0, true,
                0.2 * d, 1, null);
        map = EntropicMap.create(PointCloud.squaredEuclidean(queries, y), potentials, MboMapBench.BATCH);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        map.close();
        arena.close();
    }

    @Benchmark
    @OperationsPerInvocation(MboMapBench.BATCH)
    @Study(impl = "panopt entropic map (sq. Euclidean)")
    public Matrix entropicMap() {
        map.evaluate(queries, out, null);
        return out;
    }
}
