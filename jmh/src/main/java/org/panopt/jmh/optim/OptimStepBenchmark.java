package org.panopt.jmh.optim;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
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
import org.panopt.algorithms.optim.Adam;
import org.panopt.algorithms.optim.Bloop;
import org.panopt.algorithms.optim.ModelEma;
import org.panopt.algorithms.optim.Sgd;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.jmh.study.Study;

/**
 * Time per step of the optimiser tools versus parameter count, single thread: each rule
 * ({@code *Simd}, the Vector API code in {@code org.panopt.algorithms.optim}) next to a scalar loop
 * of the same rule over the same memory ({@code *Scalar}, {@link ScalarPeers}). Compare the two
 * within one run, at equal n.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar jmh/target/benchmarks.jar 'org.panopt.jmh.optim' \
 *      -f 1 -wi 5 -i 5 -w 1s -r 1s [-prof gc]
 * </pre>
 * Five warm-up iterations by default: until C2 has compiled a kernel, the interpreter and C1 box
 * every vector (tens of ms per step at n = 1e5), and on a busy machine compilation can spill past
 * three one-second warm-ups into the measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Study(size = "n", quick = {"n=100000"})
public class OptimStepBenchmark {

    /** Parameters, gradients and the memory they live in. */
    @State(Scope.Thread)
    public static class Data {
        @Param({"1000", "10000", "100000", "1000000", "10000000"})
        public int n;

        Arena arena;
        Vec params;
        Vec grad;
        Vec aux;
        Vec out;

        @Setup(Level.Trial)
        public void setup() {
            arena = Arena.ofShared();
            params = random(1, 1);
            grad = random(2, 1e-3);
            aux = random(3, 1e-3);
            out = Vec.allocate(arena, DType.F64, n);
        }

        Vec random(long seed, double scale) {
            Vec v = Vec.allocate(arena, DType.F64, n);
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int i = 0; i < n; i++) {
                v.set(i, scale * (rnd.nextDouble() - 0.5));
            }
            return v;
        }

        @TearDown(Level.Trial)
        public void close() {
            arena.close();
        }
    }

    @State(Scope.Thread)
    public static class AdamState {
        Adam adam;
        Vec m;
        Vec v;
        long t;

        @Setup(Level.Trial)
        public void setup(Data d) {
            adam = new Adam(d.arena, d.n, Adam.Options.defaults());
            m = Vec.allocate(d.arena, DType.F64, d.n);
            v = Vec.allocate(d.arena, DType.F64, d.n);
        }
    }

    @State(Scope.Thread)
    public static class SgdState {
        Sgd sgd;
        Vec buf;

        @Setup(Level.Trial)
        public void setup(Data d) {
            sgd = new Sgd(d.arena, d.n, Sgd.Options.of(1e-3).withMomentum(0.9));
            buf = Vec.allocate(d.arena, DType.F64, d.n);
        }
    }

    @State(Scope.Thread)
    public static class EmaState {
        ModelEma ema;
        Vec z;

        @Setup(Level.Trial)
        public void setup(Data d) {
            ema = new ModelEma(d.arena, d.params, new ModelEma.Options(0.999));
            z = Vec.allocate(d.arena, DType.F64, d.n);
        }
    }

    @State(Scope.Thread)
    public static class BloopState {
        Bloop bloop;
        Vec e;

        @Setup(Level.Trial)
        public void setup(Data d) {
            bloop = new Bloop(d.arena, d.n, Bloop.Options.defaults());
            e = Vec.allocate(d.arena, DType.F64, d.n);
        }
    }

    @Benchmark
    @Study(value = "Adam step", impl = "panopt", baseline = "scalar loop")
    public void adamSimd(Data d, AdamState s) {
        s.adam.step(d.params, d.grad);
    }

    @Benchmark
    @Study(value = "Adam step", impl = "scalar loop", peer = true, baseline = "scalar loop")
    public void adamScalar(Data d, AdamState s) {
        ScalarPeers.adam(d.params.segment(), d.grad.segment(), s.m.segment(), s.v.segment(), d.n, ++s.t, 1e-3, 0.9,
                0.999, 1e-8);
    }

    @Benchmark
    @Study(value = "SGD momentum step", impl = "panopt", baseline = "scalar loop")
    public void sgdMomentumSimd(Data d, SgdState s) {
        s.sgd.step(d.params, d.grad);
    }

    @Benchmark
    @Study(value = "SGD momentum step", impl = "scalar loop", peer = true, baseline = "scalar loop")
    public void sgdMomentumScalar(Data d, SgdState s) {
        ScalarPeers.sgdMomentum(d.params.segment(), d.grad.segment(), s.buf.segment(), d.n, 1e-3, 0.9);
    }

    @Benchmark
    @Study(value = "model EMA step", impl = "panopt", baseline = "scalar loop")
    public void emaSimd(Data d, EmaState s) {
        s.ema.step(d.params);
    }

    @Benchmark
    @Study(value = "model EMA step", impl = "scalar loop", peer = true, baseline = "scalar loop")
    public void emaScalar(Data d, EmaState s) {
        ScalarPeers.ema(s.z.segment(), d.params.segment(), d.n, 0.999);
    }

    @Benchmark
    @Study(value = "Bloop direction", impl = "panopt", baseline = "scalar loop")
    public double bloopSimd(Data d, BloopState s) {
        return s.bloop.direction(d.grad, d.aux, d.out);
    }

    @Benchmark
    @Study(value = "Bloop direction", impl = "scalar loop", peer = true, baseline = "scalar loop")
    public double bloopScalar(Data d, BloopState s) {
        return ScalarPeers.bloop(s.e.segment(), d.grad.segment(), d.aux.segment(), d.out.segment(), d.n, 0.1, 0.1);
    }
}
