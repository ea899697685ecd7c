package org.panopt.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.ffi.openblas.OpenBlas;

/** The openblas backend and the dispatcher allocate nothing once warmed up, on workspace views with offsets. */
class OpenBlasBackendAllocationTest {
    static final ThreadMXBean MX = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void warmedUpStepsAllocateNothing() {
        assumeTrue(OpenBlas.isAvailable(), () -> OpenBlas.status().describe());
        Backend<Matrix> be = new DispatchingBackend(ReferenceBackend.INSTANCE, OpenBlasBackend.get(),
                new Thresholds(0, 0, 0, 0, "test"));
        try (Workspace ws = Workspace.create()) {
            Matrix big = ws.matrix(DType.F64, 20, 20);
            Matrix x = big.block(1, 2, 12, 6);      // offsets, ld 20: not contiguous
            Matrix g = ws.matrix(DType.F64, 12, 6);
            Matrix u = ws.matrix(DType.F64, 6, 6);
            Matrix y = ws.matrix(DType.F64, 12, 6);
            Matrix xt = x.t(); // views are objects: made once, outside the step
            x.fill(0.5);
            g.fill(0.25);
            double sink = 0;
            long min = Long.MAX_VALUE;
            StringBuilder rounds = new StringBuilder();
            for (int round = 0; round < 10; round++) {
                long before = MX.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 5_000; i++) {
                    be.gemm(1, xt, g, 0, u);        // U = XᵀG through a transposed view
                    be.syrk(1, x, 0, u);
                    be.geam(1, x, -1, g, y);
                    be.axpy(1e-3, g, y);
                    be.scale(0.5, y);
                    sink += be.dot(x, g) + be.norm(y);
                }
                long b = MX.getCurrentThreadAllocatedBytes() - before;
                rounds.append(b).append(' ');
                if (round >= 3) {
                    min = Math.min(min, b);
                }
            }
            assertEquals(0, min, "bytes per round of 5000 steps: " + rounds + "(sink " + sink + ")");
        }
    }
}
