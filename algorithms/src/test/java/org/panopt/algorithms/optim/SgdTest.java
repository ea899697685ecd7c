package org.panopt.algorithms.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

class SgdTest {
    /** torch.optim.SGD's documented algorithm, written plainly over arrays. */
    static final class Reference {
        final Sgd.Options o;
        final double[] buf;
        long t;

        Reference(Sgd.Options o, int n) {
            this.o = o;
            this.buf = new double[n];
        }

        void step(double[] theta, double[] grad) {
            t++;
            for (int i = 0; i < theta.length; i++) {
                double g = grad[i];
                if (o.weightDecay() != 0) {
                    g = g + o.weightDecay() * theta[i];
                }
                if (o.momentum() != 0) {
                    if (t > 1) {
                        buf[i] = o.momentum() * buf[i] + (1 - o.dampening()) * g;
                    } else {
                        buf[i] = g;
                    }
                    g = o.nesterov() ? g + o.momentum() * buf[i] : buf[i];
                }
                theta[i] = theta[i] - o.lr() * g;
            }
        }
    }

    static Stream<Arguments> settings() {
        Sgd.Options base = Sgd.Options.of(0.05);
        return Stream.of(
                Arguments.of("plain", base),
                Arguments.of("plain + weight decay", base.withWeightDecay(0.01)),
                Arguments.of("heavy ball", base.withMomentum(0.9)),
                Arguments.of("heavy ball + dampening + decay", base.withMomentum(0.8).withDampening(0.3).withWeightDecay(1e-3)),
                Arguments.of("nesterov", base.withMomentum(0.9).withNesterov(true)),
                Arguments.of("nesterov + decay", base.withMomentum(0.5).withNesterov(true).withWeightDecay(0.02)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void matchesScalarReferenceBitwise(String name, Sgd.Options o) {
        int n = 1003; // not a multiple of the lane count: the scalar tail runs too
        SplittableRandom rnd = new SplittableRandom(7);
        double[] theta = Support.gaussian(rnd, n, 1);
        double[] expected = theta.clone();
        try (Arena arena = Arena.ofConfined()) {
            // params as a view at an odd offset into a larger segment
            Vec big = Vec.allocate(arena, DType.F64, n + 5);
            Vec params = big.slice(3, 3 + n);
            Support.load(params, theta);
            Vec grad = Vec.allocate(arena, DType.F64, n);
            Sgd sgd = new Sgd(arena, n, o);
            Reference ref = new Reference(o, n);
            for (int k = 0; k < 300; k++) {
                double[] g = Support.gaussian(rnd, n, 1);
                Support.load(grad, g);
                sgd.step(params, grad);
                ref.step(expected, g);
            }
            assertArrayEquals(expected, params.toArray(), 0.0, name);
            assertEquals(300, sgd.iterations());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void convergesOnStronglyConvexQuadratic(String name, Sgd.Options o) {
        int n = 64;
        SplittableRandom rnd = new SplittableRandom(11);
        double[] h = Support.curvatures(rnd, n, 10); // curvatures in [1, 10]
        double[] c = Support.gaussian(rnd, n, 1);
        try (Workspace ws = Workspace.create()) {
            Vec x = ws.vector(DType.F64, n);
            Vec g = ws.vector(DType.F64, n);
            // Weight decay moves the minimiser to h c / (h + λ); the step must suit the largest curvature.
            Sgd sgd = new Sgd(ws, n, o.withLr(0.02));
            for (int k = 0; k < 2000; k++) {
                Support.quadraticGradient(x, h, c, g);
                sgd.step(x, g);
            }
            double[] target = new double[n];
            for (int i = 0; i < n; i++) {
                target[i] = h[i] * c[i] / (h[i] + o.weightDecay());
            }
            double err = Support.distance(x.toArray(), target);
            assertTrue(err < 1e-8 * Support.norm(target), name + ": distance to the minimiser " + err);
        }
    }

    @Test
    void rejectsBadOptionsAndMismatchedVectors() {
        assertThrows(IllegalArgumentException.class, () -> Sgd.Options.of(-0.1));
        assertThrows(IllegalArgumentException.class, () -> Sgd.Options.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Sgd.Options.of(0.1).withMomentum(1.0));
        assertThrows(IllegalArgumentException.class, () -> Sgd.Options.of(0.1).withNesterov(true));
        assertThrows(IllegalArgumentException.class,
                () -> Sgd.Options.of(0.1).withMomentum(0.9).withDampening(0.1).withNesterov(true));
        try (Arena arena = Arena.ofConfined()) {
            Sgd sgd = new Sgd(arena, 10, Sgd.Options.of(0.1).withMomentum(0.9));
            Vec p = Vec.copyOf(arena, new double[10]);
            Vec shortGrad = Vec.allocate(arena, DType.F64, 9);
            Vec f32 = Vec.allocate(arena, DType.F32, 10);
            var e = assertThrows(IllegalArgumentException.class, () -> sgd.step(p, shortGrad));
            assertTrue(e.getMessage().contains("9 elements"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> sgd.step(f32, p));
            Vec strided = Vec.allocate(arena, DType.F64, 20);
            assertThrows(IllegalArgumentException.class,
                    () -> sgd.step(Vec.of(strided.segment(), DType.F64, 0, 10, 2), p));
            assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-1));
            assertEquals(0, sgd.iterations(), "a refused step must not count");
        }
    }
}
