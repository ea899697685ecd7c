package org.panopt.ffi.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.panopt.ffi.ElementType;

/** On a machine with CUDA, cuBLAS and a GPU: a small GEMM on the device. Elsewhere skipped with the exact reason. */
class RealGpuTest {
    @Test
    void reasonIsGivenWhenUnavailable() {
        CudaLibraries.Result r = CudaLibraries.get();
        System.out.println("cuBLAS: " + (r.available() ? "available, " : "unavailable: ") + r.detail());
        assertFalse(r.detail().isBlank());
    }

    @Test
    void gemmOnTheDevice() {
        CudaLibraries.Result r = CudaLibraries.get();
        assumeTrue(r.available(), () -> "no usable GPU: " + r.detail());
        CudaRuntime cuda = r.runtime();
        try (CublasHandle h = r.cublas().create(); DeviceBuffer buf = cuda.allocate(8 * 12); Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocateFrom(ValueLayout.JAVA_DOUBLE, 1, 2, 3, 4, 0, 0, 0, 0, 9, 9, 9, 9);
            cuda.copyToDevice(host, 0, buf, 0, 8 * 12);
            DeviceMatrix m = DeviceMatrix.of(buf, ElementType.F64, 0, 2, 2, 2, false);
            DeviceMatrix c = DeviceMatrix.of(buf, ElementType.F64, 8, 2, 2, 2, false);
            h.gemm(1.0, m, m, 0.0, c);
            cuda.synchronize();
            cuda.copyToHost(buf, 0, host, 0, 8 * 12);
            assertEquals(7.0, host.getAtIndex(ValueLayout.JAVA_DOUBLE, 8));   // [1 3; 2 4]^2 = [7 15; 10 22]
            assertEquals(22.0, host.getAtIndex(ValueLayout.JAVA_DOUBLE, 11));
        }
    }
}
