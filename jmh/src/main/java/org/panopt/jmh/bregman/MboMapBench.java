package org.panopt.jmh.bregman;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
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
import org.panopt.algorithms.bregman.MongeBregmanOccamMap;
import org.panopt.algorithms.bregman.RegularizedCost;
import org.panopt.algorithms.prox.L1;
import org.panopt.algorithms.prox.Stvs;
import org.panopt.algorithms.prox.Subspace;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.jmh.study.AllocationFree;
import org.panopt.jmh.study.Study;

/**
 * Time per query point of the Monge–Bregman–Occam map {@code T(x) = x − prox_{γτ}(Σ_j p_j ∇h(x − y_j))}
 * over m = 10 000 targets (batches of 16 queries through one workspace; the potentials are fixed
 * random numbers: the work does not depend on them), for τ = ℓ1, STVS and a rank-8 subspace penalty;
 * against this library's entropic map of the squared-Euclidean cost on the same points
 * ({@link EntropicMapBench}, same study: its costs and weighted sums are GEMM tiles, no per-pair
 * penalty). Work per query is O(m·d) for both: costs, log-sum-exp, softmax weights, the weighted sum;
 * the MBO map computes each pair's cost by materialising {@code x − y_j} (level-1 kernels, then the
 * penalty's value), adds a second per-pair pass for {@code ∇τ}, and the prox.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar jmh/target/benchmarks.jar 'bregman.MboMapBench' -f 1 -wi 2 -i 3 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Study(value = "MBO map per query, m = 10000", baseline = "panopt entropic map (sq. Euclidean)", size = "d",
        quick = {"d=64"})
public class MboMapBench {
    static final int BATCH = 16;

    @Param({"10000"})
    public int m;

    @Param({"64", "1000"})
    public int d;

    @Param({"l1", "stvs", "subspace"})
    public String reg;

    private Arena arena;
    private Matrix queries;
    private Matrix out;
    private MongeBregmanOccamMap map;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        Matrix y = points(arena, m, d, 3);
        queries = points(arena, BATCH, d, 4);
        out = Matrix.allocate(arena, DType.F64, BATCH, d);
        double[] g = potentials(m);
        RegularizedCost cost = switch (reg) {
            case "l1" -> RegularizedCost.of(new L1(1), 0.5, d);
            case "stvs" -> RegularizedCost.of(new Stvs(0.5), 1, d);
            case "subspace" -> RegularizedCost.of(Subspace.of(firstAxes(arena, 8, d)), 2, d);
            default -> throw new IllegalArgumentException(reg);
        };
        double eps = 0.1 * d;
        map = MongeBregmanOccamMap.of(y, g, eps, cost, BATCH);
    }

    /** n × d standard normal points, seeded. */
    static Matrix points(Arena arena, int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Matrix p = Matrix.allocate(arena, DType.F64, n, d);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                p.set(i, k, r.nextGaussian());
            }
        }
        return p;
    }

    /** m seeded potentials (the map's work does not depend on their values). */
    static double[] potentials(int m) {
        SplittableRandom r = new SplittableRandom(5);
        double[] g = new double[m];
        for (int j = 0; j < m; j++) {
            g[j] = r.nextGaussian();
        }
        return g;
    }

    private static Matrix firstAxes(Arena arena, int k, int d) {
        Matrix a = Matrix.allocate(arena, DType.F64, k, d);
        for (int i = 0; i < k; i++) {
            a.set(i, i, 1);
        }
        return a;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        map.close();
        arena.close();
    }

    @Benchmark
    @AllocationFree
    @OperationsPerInvocation(BATCH)
    @Study(impl = "panopt MBO map")
    public long mbo() {
        return map.evaluate(queries, out, null);
    }
}
