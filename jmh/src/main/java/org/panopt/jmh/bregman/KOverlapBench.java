package org.panopt.jmh.bregman;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;
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
import org.panopt.algorithms.prox.SquaredKOverlap;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.jmh.study.AllocationFree;
import org.panopt.jmh.study.Study;

/**
 * The ½·(k-overlap norm)² prox (Algorithm 1 of Argyriou et al.: sort, prefix sums, O(k log d)
 * search, one vectorised pass) and its value, against the cost of the sort alone: copying |v| into a
 * {@code double[]} and {@link Arrays#sort(double[])} (the prox copies and sorts too, with an
 * allocation-free introsort). k = d/10.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar jmh/target/benchmarks.jar 'bregman.KOverlapBench' -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Study(value = "k-overlap prox vs sort", baseline = "sort |v| (Arrays.sort)", size = "d", quick = {"d=1000"})
public class KOverlapBench {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    @Param({"100", "1000", "10000"})
    public int d;

    private Arena arena;
    private Vec v;
    private Vec out;
    private SquaredKOverlap penalty;
    private double[] buffer;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        v = Vec.allocate(arena, DType.F64, d);
        out = Vec.allocate(arena, DType.F64, d);
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < d; i++) {
            v.set(i, r.nextGaussian());
        }
        penalty = new SquaredKOverlap(Math.max(1, d / 10), d);
        buffer = new double[d];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    @AllocationFree
    @Study(impl = "panopt prox")
    public Vec prox() {
        penalty.prox(v, 0.7, out);
        return out;
    }

    @Benchmark
    @AllocationFree
    @Study(impl = "panopt value")
    public double value() {
        return penalty.value(v);
    }

    @Benchmark
    @Study(impl = "sort |v| (Arrays.sort)", peer = true)
    public double[] sort() {
        MemorySegment s = v.segment();
        for (int i = 0; i < d; i++) {
            buffer[i] = Math.abs(s.getAtIndex(D, i));
        }
        Arrays.sort(buffer);
        return buffer;
    }
}
