package org.panopt.algorithms.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.panopt.algorithms.geometry.CostMatrix;
import org.panopt.algorithms.geometry.Geometry;
import org.panopt.algorithms.geometry.PointCloud;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.npy.Npy;

/**
 * Agreement with POT's {@code ot.sinkhorn(..., method='sinkhorn_log')} on fixed problems; the
 * fixtures and the script that made them are in {@code src/test/resources/sinkhorn/}.
 */
class SinkhornPotTest {
    private static final SinkhornOptions TIGHT = SinkhornOptions.defaults().withThreshold(1e-14).withMaxIterations(100_000);

    private static Path dir() throws URISyntaxException {
        return Path.of(SinkhornPotTest.class.getResource("/sinkhorn/make_fixtures.py").toURI()).getParent();
    }

    private static Matrix matrix(Arena arena, String file) throws Exception {
        return Npy.read(dir().resolve(file), arena).matrix();
    }

    private static Vec vector(Arena arena, String file) throws Exception {
        return Npy.read(dir().resolve(file), arena).vector();
    }

    private static double scalar(Arena arena, String file) throws Exception {
        return Npy.read(dir().resolve(file), arena).vector().get(0);
    }

    private static void assertMatches(Arena arena, String name, Geometry geometry) throws Exception {
        Vec a = vector(arena, name + "_a.npy");
        Vec b = vector(arena, name + "_b.npy");
        double reg = scalar(arena, name + "_reg.npy");
        SinkhornResult r = Sinkhorn.solve(geometry, a, b, TIGHT.withEpsilon(reg).withPlan(true));
        assertTrue(r.converged(), name + " did not converge: error " + r.error());
        double[] f = vector(arena, name + "_f.npy").toArray();
        double[] g = vector(arena, name + "_g.npy").toArray();
        double gap = Problems.potentialGap(r.f(), r.g(), f, g);
        assertTrue(gap < 1e-8, name + ": potentials differ from POT's by " + gap + " after centring");
        Matrix plan = matrix(arena, name + "_plan.npy");
        Matrix ours = r.planIfComputed().orElseThrow();
        for (int i = 0; i < plan.rows(); i++) {
            for (int j = 0; j < plan.cols(); j++) {
                assertEquals(plan.get(i, j), ours.get(i, j), 1e-12, name + " plan(" + i + ", " + j + ")");
            }
        }
        assertEquals(scalar(arena, name + "_cost.npy"), r.transportCost(), 1e-11, name + " transport cost");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense7x5", "points30x20", "dense60x40"})
    void denseCostMatchesPotInBothStorageOrders(String name) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            Matrix c = matrix(arena, name + "_M.npy"); // C order: a transposed view
            assertTrue(c.isTransposed());
            assertMatches(arena, name, CostMatrix.of(c));
            Matrix colMajor = Matrix.allocate(arena, DType.F64, c.rows(), c.cols());
            colMajor.copyFrom(c);
            assertMatches(arena, name, CostMatrix.of(colMajor));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"points30x20"})
    void streamedPointsMatchPot(String name) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            Matrix x = matrix(arena, name + "_x.npy");
            Matrix y = matrix(arena, name + "_y.npy");
            assertMatches(arena, name, PointCloud.squaredEuclidean(x, y));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense60x40"})
    void kernelDomainMatchesPot(String name) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            // reg 0.01 on a cost in [0, 1] keeps exp(−C/ε) ≥ e^−100: the kernel domain still works
            assertMatches(arena, name, CostMatrix.of(matrix(arena, name + "_M.npy")));
            Vec a = vector(arena, name + "_a.npy");
            Vec b = vector(arena, name + "_b.npy");
            SinkhornResult r = Sinkhorn.solve(CostMatrix.of(matrix(arena, name + "_M.npy")), a, b,
                    TIGHT.withEpsilon(0.01).withKernelDomain(true));
            double gap = Problems.potentialGap(r.f(), r.g(), vector(arena, name + "_f.npy").toArray(),
                    vector(arena, name + "_g.npy").toArray());
            assertTrue(r.converged());
            assertTrue(gap < 1e-8, "kernel-domain potentials differ from POT's by " + gap);
        }
    }
}
