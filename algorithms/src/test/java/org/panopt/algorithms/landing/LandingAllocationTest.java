package org.panopt.algorithms.landing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.panopt.algorithms.landing.problems.BlockRayleigh;
import org.panopt.algorithms.landing.problems.Ica;
import org.panopt.algorithms.landing.problems.Procrustes;
import org.panopt.algorithms.retraction.HouseholderQr;
import org.panopt.algorithms.retraction.LapackQr;
import org.panopt.algorithms.retraction.NewtonSchulzPolar;
import org.panopt.algorithms.retraction.Retraction;
import org.panopt.algorithms.retraction.RiemannianGradientDescent;
import org.panopt.algorithms.retraction.SvdPolar;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.diagnostics.AllocationMeter;
import org.panopt.core.backend.Backend;
import org.panopt.core.backend.ReferenceBackend;
import org.panopt.ffi.openblas.OpenBlas;

/** Every iteration's warmed-up {@code step()} allocates 0 bytes (the thread's allocation counter). */
class LandingAllocationTest {
    static Stream<Arguments> cases() {
        return Stream.of("plain", "momentum", "reproject", "stochastic", "saga", "ica-saga", "generalized", "qr-lapack",
                "qr-java", "polar-svd", "polar-newton-schulz").flatMap(c -> Fixtures.hostBackends().stream()
                .filter(b -> !(b instanceof ReferenceBackend) || !c.startsWith("ica"))
                .map(b -> Arguments.of(c, b)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void warmedUpStepsAllocateNothing(String kind, Backend<Matrix> be) {
        assumeTrue(OpenBlas.isAvailable() || !kind.endsWith("lapack") && !kind.equals("polar-svd"));
        SplittableRandom rnd = new SplittableRandom(81);
        int n = 12, p = 4, m = 10;
        try (Workspace ws = Workspace.create()) {
            Matrix a = Matrix.copyOf(ws.arena(), Fixtures.gaussian(rnd, p, m));
            Matrix b = Matrix.copyOf(ws.arena(), Fixtures.gaussian(rnd, n, m));
            Matrix x = Matrix.copyOf(ws.arena(), Fixtures.nearStiefel(rnd, n, p, 0.01));
            // a small step keeps the long warm-up far from any trouble
            Procrustes<Matrix> f = new Procrustes<>(be, ws, a, b);
            FiniteSumOracle<Matrix> sum = new FiniteSumOracle<>() {
                @Override
                public int terms() {
                    return 5;
                }

                @Override
                public double gradient(Matrix at, int term, Matrix out) {
                    return f.gradient(at, out);
                }
            };
            LandingOptions o = LandingOptions.defaults(1e-3);
            ManifoldIteration it = switch (kind) {
                case "plain" -> StiefelLanding.of(be, ws, x, f, o);
                case "momentum" -> StiefelLanding.of(be, ws, x, f, o.withMomentum(0.9));
                case "reproject" -> StiefelLanding.of(be, ws, x, f, o.withReprojectEvery(7).withProjectStart(true));
                case "stochastic" -> StiefelLanding.stochastic(be, ws, x, sum, o);
                case "saga" -> StiefelLanding.saga(be, ws, x, sum, o, StiefelLanding.SagaInit.FULL_PASS);
                case "ica-saga" -> {
                    Matrix z = Matrix.copyOf(ws.arena(), Fixtures.gaussian(rnd, p, 200));
                    Matrix w = Matrix.copyOf(ws.arena(), Fixtures.nearStiefel(rnd, p, p, 0.01));
                    yield StiefelLanding.saga(be, ws, w, new Ica(be, ws, z, 40), o, StiefelLanding.SagaInit.ZERO);
                }
                case "generalized" -> {
                    Matrix bm = ws.matrix(DType.F64, n, n);
                    bm.copyFrom(Matrix.copyOf(ws.arena(), Fixtures.symmetric(rnd, spectrum(n))));
                    yield new GeneralizedStiefelLanding<>(be, ws, x, new BlockRayleigh<>(be, bm),
                            BOperator.matrix(be, bm), GeneralizedLandingOptions.defaults(1e-3));
                }
                default -> {
                    Matrix onManifold = Matrix.copyOf(ws.arena(), Fixtures.polar(x.toArray()).factor());
                    Retraction<Matrix> r = switch (kind) {
                        case "qr-lapack" -> new LapackQr(ws, DType.F64, n, p);
                        case "qr-java" -> new HouseholderQr(n, p);
                        case "polar-svd" -> new SvdPolar(be, ws, DType.F64, n, p);
                        default -> new NewtonSchulzPolar<>(be, ws, DType.F64, n, p);
                    };
                    yield new RiemannianGradientDescent<>(be, ws, onManifold, f, r,
                            RiemannianGradientDescent.Options.defaults(1e-3));
                }
            };
            // until the kernels are C2-compiled their vectors are boxed: run rounds until one is quiet
            AllocationMeter.Result r = AllocationMeter.untilQuiet(it::step, 400);
            assertTrue(r.quiet(), kind + " on " + be.name() + ": bytes per round of 400 steps: " + r.history());
        }
    }

    static double[] spectrum(int n) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = 1 + i;
        }
        return s;
    }
}
