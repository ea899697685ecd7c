package org.panopt.core.backend;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.diagnostics.AllocationMeter;
import org.panopt.ffi.openblas.OpenBlas;

/** The java-simd backend, and the dispatcher sending everything to openblas, allocate nothing once warmed up, on workspace views with offsets. */
class HostBackendAllocationTest {
    @ParameterizedTest
    @ValueSource(strings = {"java-simd", "openblas"})
    void warmedUpStepsAllocateNothing(String name) {
        Backend<Matrix> be;
        if (name.equals("java-simd")) {
            be = JavaSimdBackend.INSTANCE;
        } else {
            assumeTrue(OpenBlas.isAvailable(), () -> OpenBlas.status().describe());
            be = new DispatchingBackend(JavaSimdBackend.INSTANCE, OpenBlasBackend.get(), new Thresholds(0, 0, 0, 0, "test"));
        }
        try (Workspace ws = Workspace.create()) {
            Matrix big = ws.matrix(DType.F64, 20, 20);
            Matrix x = big.block(1, 2, 12, 6);      // offsets, ld 20: not contiguous
            Matrix g = ws.matrix(DType.F64, 12, 6);
            Matrix u = ws.matrix(DType.F64, 6, 6);
            Matrix y = ws.matrix(DType.F64, 12, 6);
            Matrix xt = x.t(); // views are objects: made once, outside the step
            x.fill(0.5);
            g.fill(0.25);
            double[] sink = {0};
            Runnable step = () -> {
                be.gemm(1, xt, g, 0, u);        // U = XᵀG through a transposed view
                be.syrk(1, x, 0, u);
                be.geam(1, x, -1, g, y);
                be.axpy(1e-3, g, y);
                be.scale(0.5, y);
                sink[0] += be.dot(x, g) + be.norm(y);
            };
            AllocationMeter.Result r = AllocationMeter.untilQuiet(step, 2_000);
            assertTrue(r.quiet(), "bytes per round of 2000 steps: " + r.history() + " (sink " + sink[0] + ")");
        }
    }
}
