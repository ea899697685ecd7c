package org.panopt.algorithms.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;
import org.panopt.algorithms.geometry.CostMatrix;
import org.panopt.algorithms.geometry.Geometry;
import org.panopt.algorithms.geometry.PointCloud;
import org.panopt.algorithms.parallel.FixedPool;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.diagnostics.AllocationMeter;

/** Warmed-up {@code step()} and map evaluations allocate nothing on the calling thread. */
class AllocationTest {
    /**
     * Bytes allocated by a round of {@code steps} runs of {@code r} once warmed up: rounds of the same
     * runs until one allocates nothing (C2 has compiled the vector kernels; the GEMM of float32 tiles
     * needs some 40 000 calls), within the meter's time bound. Still allocating then fails.
     */
    static long allocatedAfterWarmUp(Runnable r, int steps) {
        return AllocationMeter.untilQuiet(r, steps).lastRound();
    }

    private static void assertStepsAllocateNothing(Geometry geometry, SinkhornOptions options) {
        try (Sinkhorn s = Sinkhorn.create(geometry, null, null, options.withMaxIterations(Integer.MAX_VALUE))) {
            long bytes = allocatedAfterWarmUp(s::step, 1000);
            assertEquals(0, bytes, "bytes allocated by 1000 warmed-up steps with " + options + " on " + geometry);
        }
    }

    private static Matrix float32(Arena arena, Matrix m) {
        Matrix c = Matrix.allocate(arena, DType.F32, m.rows(), m.cols());
        c.copyFrom(m);
        return c;
    }

    @Test
    void stepsAllocateNothing() {
        try (Arena arena = Arena.ofShared(); FixedPool pool = FixedPool.create(2)) {
            Matrix x = Problems.gaussian(arena, DType.F64, 48, 3, 0, 1);
            Matrix y = Problems.gaussian(arena, DType.F64, 40, 3, 1, 2);
            Matrix x32 = float32(arena, x);
            Matrix y32 = float32(arena, y);
            Geometry dense = CostMatrix.of(Problems.sqDist(arena, x, y));
            Geometry denseT = CostMatrix.of(Problems.sqDist(arena, y, x).t());
            SinkhornOptions o = SinkhornOptions.defaults().withEpsilon(1.0).withThreshold(0);
            assertStepsAllocateNothing(dense, o);
            assertStepsAllocateNothing(denseT, o);
            assertStepsAllocateNothing(CostMatrix.of(Problems.sqDist(arena, x32, y32)), o);
            assertStepsAllocateNothing(dense, o.withAdaptiveMomentum().withAnderson(2, 1e-2).withTau(0.9));
            assertStepsAllocateNothing(dense, o.withEpsilonScaling(10, 0.99).withMomentum(1.3));
            assertStepsAllocateNothing(dense, o.withPool(pool));
        }
    }

    /** The paths that call GEMM: streamed tiles and the kernel domain. */
    @Test
    void gemmBackedStepsAllocateNothing() {
        try (Arena arena = Arena.ofShared(); FixedPool pool = FixedPool.create(2)) {
            Matrix x = Problems.gaussian(arena, DType.F64, 48, 3, 0, 1);
            Matrix y = Problems.gaussian(arena, DType.F64, 40, 3, 1, 2);
            Matrix x32 = float32(arena, x);
            Matrix y32 = float32(arena, y);
            SinkhornOptions o = SinkhornOptions.defaults().withEpsilon(1.0).withThreshold(0);
            assertStepsAllocateNothing(PointCloud.squaredEuclidean(x, y), o);
            assertStepsAllocateNothing(PointCloud.squaredEuclidean(x32, y32), o);
            assertStepsAllocateNothing(PointCloud.squaredEuclidean(x, y), o.withPool(pool));
            assertStepsAllocateNothing(CostMatrix.of(Problems.sqDist(arena, x, y)), o.withKernelDomain(true));
        }
    }

    /** Batched entropic-map evaluation (softmax weights and weighted sums) allocates nothing once warmed up. */
    @Test
    void mapEvaluationAllocatesNothing() {
        try (Arena arena = Arena.ofConfined()) {
            Matrix x = Problems.gaussian(arena, DType.F64, 30, 2, 0, 3);
            Matrix y = Problems.gaussian(arena, DType.F64, 25, 2, 1, 4);
            PointCloud pc = PointCloud.squaredEuclidean(x, y);
            SinkhornResult r = Sinkhorn.solve(pc, null, null, SinkhornOptions.defaults().withEpsilon(0.5));
            Matrix q = Problems.gaussian(arena, DType.F64, 16, 2, 0.5, 5);
            Matrix out = Matrix.allocate(arena, DType.F64, 16, 2);
            var pot = org.panopt.core.array.Vec.allocate(arena, DType.F64, 16);
            try (EntropicMap map = EntropicMap.create(pc, r, 16)) {
                assertEquals(0, allocatedAfterWarmUp(() -> map.evaluate(q, out, pot), 1000));
            }
        }
    }
}
