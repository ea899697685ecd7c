package org.panopt.jmh.landing;

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
import org.panopt.algorithms.landing.LandingOptions;
import org.panopt.algorithms.landing.StiefelLanding;
import org.panopt.algorithms.landing.problems.Procrustes;
import org.panopt.algorithms.retraction.LapackQr;
import org.panopt.algorithms.retraction.RiemannianGradientDescent;
import org.panopt.algorithms.retraction.SvdPolar;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;
import org.panopt.core.backend.OpenBlasBackend;
import org.panopt.ffi.openblas.OpenBlas;
import org.panopt.jmh.study.AllocationFree;
import org.panopt.jmh.study.Study;

/**
 * Time per step on St(n, p), one thread, the same Procrustes oracle ({@code G = XC − E}, one GEMM)
 * in every method, on one backend in one run:
 * <ul>
 *   <li>{@code landing}: {@link StiefelLanding#step()} (oracle + SYRK + 3 GEMMs + glue);</li>
 *   <li>{@code landingProducts}: the same five matrix products alone, nothing else (the glue's cost
 *       is {@code landing / landingProducts − 1});</li>
 *   <li>{@code qr}: Riemannian gradient step with the LAPACK QR retraction;</li>
 *   <li>{@code polar}: Riemannian gradient step with the SVD polar retraction.</li>
 * </ul>
 * The PyTorch peer is {@code jmh/peers/torch_landing.py} (same sizes, same oracle); {@code ./panopt bench}
 * puts both in one study. OpenBLAS runs on one thread ({@code -Dpanopt.threads} overrides). Run:
 * <pre>
 * java -jar jmh/target/benchmarks.jar 'org.panopt.jmh.landing' -f 1 -wi 3 -i 5 -w 1s -r 1s [-prof gc]
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
@AllocationFree
@Study(value = "Landing step on St(n, p)", size = "n", baseline = "panopt QR retraction openblas",
        peers = {"peers.torch.landing_step", "peers.torch.qr_step", "peers.torch.polar_step"}, quick = {"n=1000", "dtype=F64"})
public class LandingStepBenchmark {
    /** Rows n; the columns p follow: (256, 256), (1000, 100), (4096, 256). */
    @Param({"256", "1000", "4096"})
    public int n;

    @Param({"F64", "F32"})
    public DType dtype;

    @Param({"openblas"})
    public String backend;

    Workspace ws;
    Backend<Matrix> be;
    StiefelLanding<Matrix> landing;
    RiemannianGradientDescent<Matrix> qr;
    RiemannianGradientDescent<Matrix> polar;
    Procrustes<Matrix> oracle;
    Matrix x;
    Matrix g;
    Matrix gT;
    Matrix s;
    Matrix u;
    Matrix k;
    Matrix field;

    @Setup(Level.Trial)
    public void setup() {
        if (!backend.equals("openblas")) {
            throw new IllegalArgumentException("unknown backend " + backend);
        }
        be = OpenBlasBackend.get();
        OpenBlas.setNumThreads(Integer.getInteger("panopt.threads", 1));
        int p = columns(n);
        ws = Workspace.create();
        SplittableRandom rnd = new SplittableRandom(1);
        Matrix a = random(rnd, p, p, 1.0 / Math.sqrt(p));
        Matrix b = random(rnd, n, p, 1.0 / Math.sqrt(p));
        oracle = new Procrustes<>(be, ws, a, b);
        // start on the manifold: the QR factor of a Gaussian matrix
        Matrix x0 = random(rnd, n, p, 1);
        new LapackQr(ws, dtype, n, p).retract(x0);
        double eta = 1e-3;
        landing = StiefelLanding.of(be, ws, copy(x0), oracle, LandingOptions.defaults(eta));
        RiemannianGradientDescent.Options ro = RiemannianGradientDescent.Options.defaults(eta).withMeasureDistance(false);
        qr = new RiemannianGradientDescent<>(be, ws, copy(x0), oracle, new LapackQr(ws, dtype, n, p), ro);
        polar = new RiemannianGradientDescent<>(be, ws, copy(x0), oracle, new SvdPolar(be, ws, dtype, n, p), ro);
        x = copy(x0);
        g = ws.matrix(dtype, n, p);
        gT = g.t();
        s = ws.matrix(dtype, p, p);
        u = ws.matrix(dtype, p, p);
        k = random(rnd, p, p, 1e-3);
        field = ws.matrix(dtype, n, p);
    }

    /** p for n: the three shapes (256, 256), (1000, 100), (4096, 256). */
    static int columns(int n) {
        return n == 1000 ? 100 : Math.min(n, 256);
    }

    Matrix random(SplittableRandom rnd, int r, int c, double scale) {
        Matrix m = ws.matrix(dtype, r, c);
        for (int j = 0; j < c; j++) {
            for (int i = 0; i < r; i++) {
                m.set(i, j, scale * (rnd.nextDouble() - 0.5) * Math.sqrt(12));
            }
        }
        return m;
    }

    Matrix copy(Matrix m) {
        Matrix c = ws.matrix(dtype, m.rows(), m.cols());
        c.copyFrom(m);
        return c;
    }

    @TearDown(Level.Trial)
    public void close() {
        ws.close();
    }

    @Benchmark
    @Study(impl = "panopt landing")
    public double landing() {
        landing.step();
        return landing.stepSize();
    }

    /** The five products of a landing step with the Procrustes oracle, and nothing else. */
    @Benchmark
    @Study(impl = "panopt landing products only")
    public Matrix landingProducts() {
        be.gemm(1, x, oracle.c(), 0, g);     // oracle: G = XC (− E, glue)
        be.syrk(1, x, 0, s);                 // S = XᵀX
        be.gemm(1, gT, x, 0, u);             // U = GᵀX
        be.gemm(0.5, g, s, 0, field);        // ½ G S
        be.gemm(1, x, k, 1, field);          // + X K
        return field;
    }

    @Benchmark
    @Study(impl = "panopt QR retraction")
    public double qr() {
        qr.step();
        return qr.residual();
    }

    @Benchmark
    @Study(impl = "panopt polar retraction")
    public double polar() {
        polar.step();
        return polar.residual();
    }
}
