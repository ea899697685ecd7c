package org.panopt.jmh.bregman;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
import org.panopt.algorithms.prox.Box;
import org.panopt.algorithms.prox.GroupNorm;
import org.panopt.algorithms.prox.L1;
import org.panopt.algorithms.prox.Prox;
import org.panopt.algorithms.prox.Stvs;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.jmh.study.AllocationFree;
import org.panopt.jmh.study.Study;

/**
 * Prox throughput of the element-wise penalties (SPEC §3a), one d-vector per operation, against a
 * plain scalar Java loop of the same formula over the same off-heap memory. Elements per second are
 * {@code n / (time per op)}; bytes moved are 16n (read v, write the output).
 * {@code stvs} is the t = 1 closed form, {@code stvs-t} the exact prox at t = 0.5 (a square root and
 * a division per element), {@code group} blocks of 8.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar jmh/target/benchmarks.jar 'bregman.ProxBench' -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Study(value = "prox throughput", baseline = "scalar loop", size = "n", bytes = "16*n", quick = {"n=1000"})
public class ProxBench {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    @Param({"1000", "100000", "1000000"})
    public int n;

    @Param({"l1", "stvs", "stvs-t", "box", "group"})
    public String penalty;

    private Arena arena;
    private Vec v;
    private Vec out;
    private Prox prox;
    private double t;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        v = Vec.allocate(arena, DType.F64, n);
        out = Vec.allocate(arena, DType.F64, n);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            v.set(i, 2 * r.nextGaussian());
        }
        t = penalty.equals("stvs-t") ? 0.5 : 1;
        prox = switch (penalty) {
            case "l1" -> new L1(0.5);
            case "stvs", "stvs-t" -> new Stvs(0.5);
            case "box" -> new Box(-0.5, 0.5);
            case "group" -> new GroupNorm(0.5, 8);
            default -> throw new IllegalArgumentException(penalty);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    @AllocationFree
    @Study(impl = "panopt")
    public Vec panopt() {
        prox.prox(v, t, out);
        return out;
    }

    @Benchmark
    @Study(impl = "scalar loop", peer = true)
    public Vec scalar() {
        MemorySegment x = v.segment();
        MemorySegment y = out.segment();
        switch (penalty) {
            case "l1" -> {
                for (int i = 0; i < n; i++) {
                    double e = x.getAtIndex(D, i);
                    double m = Math.abs(e) - 0.5;
                    y.setAtIndex(D, i, m > 0 ? Math.copySign(m, e) : 0);
                }
            }
            case "stvs" -> {
                for (int i = 0; i < n; i++) {
                    double e = x.getAtIndex(D, i);
                    y.setAtIndex(D, i, e * e <= 0.25 ? 0 : e - 0.25 / e);
                }
            }
            case "stvs-t" -> {
                double thr = t * 0.5;
                for (int i = 0; i < n; i++) {
                    double e = x.getAtIndex(D, i);
                    double a = Math.abs(e);
                    double z = a <= thr ? 0 : 2 * (a * a - thr * thr) / ((2 - t) * a + t * Math.sqrt(a * a + (1 - t)));
                    y.setAtIndex(D, i, Math.copySign(z, e));
                }
            }
            case "box" -> {
                for (int i = 0; i < n; i++) {
                    y.setAtIndex(D, i, Math.min(Math.max(x.getAtIndex(D, i), -0.5), 0.5));
                }
            }
            default -> {
                for (int b = 0; b < n; b += 8) {
                    double s = 0;
                    for (int i = b; i < b + 8; i++) {
                        s += x.getAtIndex(D, i) * x.getAtIndex(D, i);
                    }
                    double norm = Math.sqrt(s);
                    double scale = norm == 0 ? 0 : Math.max(0, 1 - 0.5 / norm);
                    for (int i = b; i < b + 8; i++) {
                        y.setAtIndex(D, i, scale * x.getAtIndex(D, i));
                    }
                }
            }
        }
        return out;
    }
}
