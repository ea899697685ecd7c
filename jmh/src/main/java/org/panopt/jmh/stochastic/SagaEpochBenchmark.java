package org.panopt.jmh.stochastic;

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
import org.openjdk.jmh.infra.Blackhole;
import org.panopt.algorithms.data.Datasets;
import org.panopt.algorithms.data.TrainValidationSplit;
import org.panopt.algorithms.stochastic.LogisticRegression;
import org.panopt.algorithms.stochastic.Saga;
import org.panopt.algorithms.stochastic.StochasticOptions;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;
import org.panopt.jmh.study.AllocationFree;
import org.panopt.jmh.study.Study;

/**
 * Time per epoch (n SAGA steps) on ℓ2-regularised logistic regression, as scikit-learn's
 * {@code LogisticRegression(solver='saga', C=1, fit_intercept=False)} runs it: the same objective
 * (mean logistic loss + ‖w‖²/(2Cn)), the same step rule and uniform sampling. The peer is
 * {@code jmh/peers/sklearn_saga.py} ({@code peers.sklearn.saga_epoch}), one thread, on the same data:
 * {@code synthetic} is n = 10 000 Gaussian rows of d = 100 with labels from a random linear model
 * (each side draws its own sample of that distribution; per-epoch time does not depend on the draw),
 * {@code breast_cancer} is the standardised 569 × 30 data set (identical on both sides).
 *
 * <pre>
 * java $(cat cli/target/launcher/jvm.args) -jar jmh/target/benchmarks.jar SagaEpochBenchmark -f 1 -wi 5 -i 5 -prof gc
 * /usr/bin/python3 jmh/peers/sklearn_saga.py
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
@Study(value = "SAGA logistic regression, time per epoch", impl = "panopt SAGA", size = "dataset",
        baseline = "scikit-learn saga", peers = "peers.sklearn.saga_epoch", quick = "dataset=synthetic,breast_cancer")
public class SagaEpochBenchmark {
    @Param({"synthetic", "breast_cancer"})
    public String dataset;

    private Arena arena;
    private Workspace ws;
    private Saga saga;
    private int n;

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        ws = Workspace.create();
        Datasets.Labelled data = dataset.equals("synthetic") ? synthetic(arena, 10_000, 100, 7)
                : TrainValidationSplit.standardise(Datasets.breastCancer(arena), arena);
        n = data.samples();
        LogisticRegression model = new LogisticRegression(data.x(), data.labels(), 1.0 / n, arena);
        saga = new Saga(model, null, StochasticOptions.defaults().withSeed(1), ws);
    }

    /** n × d standard normal rows, labels 0/1 from the sign of a random linear model plus logistic noise. */
    static Datasets.Labelled synthetic(Arena arena, int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[d];
        for (int k = 0; k < d; k++) {
            w[k] = r.nextGaussian() / Math.sqrt(d);
        }
        Matrix x = Matrix.allocate(arena, DType.F64, d, n).t();
        Vec y = Vec.allocate(arena, DType.F64, n);
        for (int i = 0; i < n; i++) {
            double m = 0;
            for (int k = 0; k < d; k++) {
                double e = r.nextGaussian();
                x.set(i, k, e);
                m += e * w[k];
            }
            double u = r.nextDouble();
            y.set(i, m + Math.log(u / (1 - u)) > 0 ? 1 : 0);
        }
        return new Datasets.Labelled(x, y);
    }

    @TearDown(Level.Trial)
    public void close() {
        ws.close();
        arena.close();
    }

    /** One epoch: n SAGA steps (one row dot product, an axpby and two row axpys each). */
    @Benchmark
    @AllocationFree
    public void sagaEpoch(Blackhole bh) {
        saga.run(n);
        bh.consume(saga.x().get(0));
    }
}
