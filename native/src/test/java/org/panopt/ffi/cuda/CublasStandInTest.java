package org.panopt.ffi.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panopt.ffi.ElementType;

/**
 * The cuBLAS and CUDA runtime bindings against the host-memory stand-ins: results (the stand-in
 * really computes, column-major) and the recorded arguments — order, transposes, leading dimensions,
 * offsets, strides, pointer modes — plus status handling and exactly-once freeing.
 */
class CublasStandInTest {
    static StandIn standIn;
    static CudaLibraries.Result libs;
    static CudaRuntime cuda;
    static CublasHandle blas;
    static Arena arena;

    @BeforeAll
    static void load() throws Throwable {
        standIn = StandIn.build();
        libs = CudaLibraries.discover(CudaLibraries.Config.only(standIn.dir));
        assertTrue(libs.available(), libs.detail());
        cuda = libs.runtime();
        blas = libs.cublas().create();
        arena = Arena.ofShared();
    }

    @AfterAll
    static void close() {
        if (blas != null) {
            blas.close();
        }
        if (arena != null) {
            arena.close();
        }
    }

    static double[] random(int n, long seed) {
        Random r = new Random(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.round(r.nextGaussian() * 8) / 4.0; // exact in binary: results compare exactly
        }
        return a;
    }

    /** A device buffer holding {@code values} (float64). */
    static DeviceBuffer upload(double[] values) {
        DeviceBuffer b = cuda.allocate(8L * values.length);
        cuda.copyToDevice(arena.allocateFrom(ValueLayout.JAVA_DOUBLE, values), 0, b, 0, 8L * values.length);
        return b;
    }

    static double[] download(DeviceBuffer b) {
        MemorySegment h = arena.allocate(b.byteSize(), 8);
        cuda.copyToHost(b, 0, h, 0, b.byteSize());
        return h.toArray(ValueLayout.JAVA_DOUBLE);
    }

    /** Element (i, j) of a logical view read from a host copy of its buffer. */
    static double get(double[] buf, DeviceMatrix m, int i, int j) {
        return m.transposed() ? buf[(int) (m.offset() + j + (long) i * m.ld())] : buf[(int) (m.offset() + i + (long) j * m.ld())];
    }

    @Test
    void discoveryReportsWhatWasLoaded() {
        assertTrue(libs.detail().contains("panopt stand-in device (host memory)"), libs.detail());
        assertTrue(libs.detail().contains("libcublas from " + standIn.dir.resolve("libcublas.so").toAbsolutePath()),
                libs.detail());
        assertEquals(1, libs.devices());
        DeviceProperties p = cuda.properties(0);
        assertEquals(8, p.major());
        assertEquals(1L << 30, p.totalMemory());
        assertEquals(120800, blas.version());
    }

    @Test
    void gemmEveryTransposeAndRowMajorByOperandSwap() throws Throwable {
        int m = 3, n = 4, k = 5;
        for (boolean at : new boolean[]{false, true}) {
            for (boolean bt : new boolean[]{false, true}) {
                for (boolean ct : new boolean[]{false, true}) {
                    // padded leading dimensions and offsets, so that a mixed-up ld or pointer shows
                    int lda = (at ? k : m) + 2, ldb = (bt ? n : k) + 1, ldc = (ct ? n : m) + 3;
                    try (DeviceBuffer buf = upload(random(400, 1))) {
                        DeviceMatrix a = DeviceMatrix.of(buf, ElementType.F64, 7, m, k, lda, at);
                        DeviceMatrix b = DeviceMatrix.of(buf, ElementType.F64, 100, k, n, ldb, bt);
                        DeviceMatrix c = DeviceMatrix.of(buf, ElementType.F64, 200, m, n, ldc, ct);
                        double[] before = download(buf);
                        blas.gemm(2.0, a, b, 0.5, c);
                        String call = standIn.lastCall();
                        double[] after = download(buf);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double s = 0;
                                for (int q = 0; q < k; q++) {
                                    s += get(before, a, i, q) * get(before, b, q, j);
                                }
                                assertEquals(2 * s + 0.5 * get(before, c, i, j), get(after, c, i, j), 1e-12, call);
                            }
                        }
                        if (!ct) {
                            assertTrue(call.startsWith("cublasDgemm_v2 transa=" + (at ? 1 : 0) + " transb=" + (bt ? 1 : 0)
                                    + " m=3 n=4 k=5 alpha=2 lda=" + lda + " ldb=" + ldb + " beta=0.5 ldc=" + ldc
                                    + " A=56 B=800 C=1600 mode=0"), call);
                        } else {
                            // Cᵀ = Bᵀ Aᵀ: B first, n × m, each op flipped
                            assertTrue(call.startsWith("cublasDgemm_v2 transa=" + (bt ? 0 : 1) + " transb=" + (at ? 0 : 1)
                                    + " m=4 n=3 k=5 alpha=2 lda=" + ldb + " ldb=" + lda + " beta=0.5 ldc=" + ldc
                                    + " A=800 B=56 C=1600 mode=0"), call);
                        }
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> {
            try (DeviceBuffer buf = cuda.allocate(8 * 100)) {
                blas.gemm(1, buf.matrix(ElementType.F64, 2, 3), buf.matrix(ElementType.F64, 2, 3), 0,
                        buf.matrix(ElementType.F64, 2, 3));
            }
        });
    }

    @Test
    void gemvGeamLevel1AndBatchedComputeAndPassTheRightArguments() throws Throwable {
        double[] init = random(300, 2);
        try (DeviceBuffer buf = upload(init)) {
            DeviceMatrix a = DeviceMatrix.of(buf, ElementType.F64, 0, 4, 3, 6, false);
            DeviceVector x3 = DeviceVector.of(buf, ElementType.F64, 40, 3, 2);
            DeviceVector y4 = DeviceVector.of(buf, ElementType.F64, 60, 4, 3);
            blas.gemv(1.5, a, x3, 2.0, y4);
            assertEquals("cublasDgemv_v2 trans=0 m=4 n=3 alpha=1.5 lda=6 incx=2 beta=2 incy=3 A=0 x=320 y=480",
                    standIn.lastCall());
            double[] r = download(buf);
            for (int i = 0; i < 4; i++) {
                double s = 0;
                for (int q = 0; q < 3; q++) {
                    s += init[i + q * 6] * init[40 + 2 * q];
                }
                assertEquals(1.5 * s + 2 * init[60 + 3 * i], r[60 + 3 * i], 1e-12);
            }
            blas.gemv(1.0, a.t(), y4, 0.0, x3); // Aᵀ y: trans=1 on the same storage
            assertTrue(standIn.lastCall().startsWith("cublasDgemv_v2 trans=1 m=4 n=3"), standIn.lastCall());

            // geam into a transposed (row-major) C: Cᵀ = αAᵀ + βBᵀ
            r = download(buf);
            DeviceMatrix b = DeviceMatrix.of(buf, ElementType.F64, 100, 4, 3, 4, false);
            DeviceMatrix c = DeviceMatrix.rowMajor(buf, ElementType.F64, 150, 4, 3, 3);
            blas.geam(2.0, a, -1.0, b, c);
            String geam = standIn.lastCall();
            double[] g = download(buf);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(2 * r[i + j * 6] - r[100 + i + j * 4], g[150 + j + i * 3], 1e-12);
                }
            }
            assertEquals("cublasDgeam transa=1 transb=1 m=3 n=4 alpha=2 lda=6 beta=-1 ldb=4 ldc=3 A=0 B=800 C=1200",
                    geam);

            DeviceVector u = DeviceVector.of(buf, ElementType.F64, 200, 5, 1);
            DeviceVector v = DeviceVector.of(buf, ElementType.F64, 210, 5, 2);
            double[] h = download(buf);
            double dot = 0, nrm = 0;
            for (int i = 0; i < 5; i++) {
                dot += h[200 + i] * h[210 + 2 * i];
                nrm += h[200 + i] * h[200 + i];
            }
            assertEquals(dot, blas.dot(u, v), 1e-12);
            assertEquals(Math.sqrt(nrm), blas.nrm2(u), 1e-12);
            blas.axpy(3.0, u, v);
            blas.scal(-2.0, u);
            String scal = standIn.lastCall();
            double[] l1 = download(buf);
            for (int i = 0; i < 5; i++) {
                assertEquals(-2 * h[200 + i], l1[200 + i], 1e-12);
                assertEquals(h[210 + 2 * i] + 3 * h[200 + i], l1[210 + 2 * i], 1e-12);
            }
            assertEquals("cublasDscal_v2 n=5 alpha=-2 incx=1 x=1600", scal);
        }
        // three 2x2 products, stride 8 elements apart
        try (DeviceBuffer buf = upload(random(64, 3))) {
            double[] h = download(buf);
            DeviceMatrix a = DeviceMatrix.of(buf, ElementType.F64, 0, 2, 2, 2, false);
            DeviceMatrix b = DeviceMatrix.of(buf, ElementType.F64, 4, 2, 2, 2, false);
            DeviceMatrix c = DeviceMatrix.of(buf, ElementType.F64, 30, 2, 2, 2, false);
            blas.gemmStridedBatched(1.0, a, 8, b, 8, 0.0, c, 4, 3);
            assertEquals("cublasDgemmStridedBatched transa=0 transb=0 m=2 n=2 k=2 lda=2 strideA=8 ldb=2 strideB=8 ldc=2"
                    + " strideC=4 batch=3 A=0 B=32 C=240", standIn.lastCall());
            double[] r = download(buf);
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        double s = h[8 * p + i] * h[4 + 8 * p + 2 * j] + h[8 * p + i + 2] * h[4 + 8 * p + 2 * j + 1];
                        assertEquals(s, r[30 + 4 * p + i + 2 * j], 1e-12);
                    }
                }
            }
            assertThrows(IndexOutOfBoundsException.class, () -> blas.gemmStridedBatched(1.0, a, 8, b, 8, 0.0, c, 4, 9));
        }
    }

    @Test
    void deviceScalarsInDevicePointerModeAndMismatchesRefused() throws Throwable {
        try (DeviceBuffer buf = upload(random(64, 4))) {
            DeviceVector scalars = DeviceVector.of(buf, ElementType.F64, 40, 4, 1);
            cuda.copyToDevice(arena.allocateFrom(ValueLayout.JAVA_DOUBLE, 3.0, 0.0), 0, buf, 40 * 8, 16);
            DeviceMatrix a = DeviceMatrix.of(buf, ElementType.F64, 0, 2, 2, 2, false);
            DeviceMatrix c = DeviceMatrix.of(buf, ElementType.F64, 8, 2, 2, 2, false);
            double[] h = download(buf);
            blas.setPointerMode(PointerMode.DEVICE);
            try {
                String before = standIn.lastCall();
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> blas.gemm(1.0, a, a, 0.0, c));
                assertTrue(e.getMessage().contains("DEVICE pointer mode"), e.getMessage());
                assertEquals(before, standIn.lastCall(), "refused before any call");
                blas.gemm(scalars.element(0), a, a, scalars.element(1), c);
                assertTrue(standIn.lastCall().contains("alpha=3") && standIn.lastCall().contains("mode=1"),
                        standIn.lastCall());
                double[] r = download(buf);
                assertEquals(3 * (h[0] * h[0] + h[2] * h[1]), r[8], 1e-12);
                blas.dot(a.buffer().vector(ElementType.F64, 4), a.buffer().vector(ElementType.F64, 4), scalars.element(2));
                double[] d = download(buf);
                assertEquals(h[0] * h[0] + h[1] * h[1] + h[2] * h[2] + h[3] * h[3], d[42], 1e-12);
                assertThrows(IllegalArgumentException.class, () -> blas.scal(scalars, c.buffer().vector(ElementType.F64, 2)),
                        "a device scalar must have one element");
            } finally {
                blas.setPointerMode(PointerMode.HOST);
            }
            assertThrows(IllegalStateException.class, () -> blas.scal(scalars.element(0), scalars));
        }
    }

    @Test
    void errorsCarryCudaAndCublasNamesAndDescriptions() throws Throwable {
        standIn.failNextRuntimeCall(2);
        CudaException oom = assertThrows(CudaException.class, () -> cuda.allocate(1 << 20));
        assertTrue(oom.getMessage().contains("cudaMalloc(1048576 bytes) failed: cudaErrorMemoryAllocation (2): out of memory"),
                oom.getMessage());
        try (DeviceBuffer buf = cuda.allocate(8 * 16)) {
            standIn.failNextCublasCall(13);
            CublasException e = assertThrows(CublasException.class, () -> blas.nrm2(buf.vector(ElementType.F64, 4)));
            assertEquals(13, e.status());
            assertTrue(e.getMessage().contains("cublasDnrm2_v2 failed: CUBLAS_STATUS_EXECUTION_FAILED (13)"), e.getMessage());
            // out-of-range host or device ranges never reach the library
            String before = standIn.lastCall();
            MemorySegment host = arena.allocate(64, 8);
            assertThrows(IndexOutOfBoundsException.class, () -> cuda.copyToDevice(host, 0, buf, 8 * 12, 64));
            assertThrows(IndexOutOfBoundsException.class, () -> cuda.copyToHost(buf, 0, host, 8, 64));
            assertThrows(IllegalArgumentException.class,
                    () -> cuda.copyToDevice(MemorySegment.ofArray(new double[4]), 0, buf, 0, 32));
            assertThrows(IndexOutOfBoundsException.class, () -> DeviceMatrix.of(buf, ElementType.F64, 0, 4, 4, 5, false));
            assertEquals(before, standIn.lastCall());
        }
    }

    @Test
    void buffersHandlesAndStreamsAreFreedExactlyOnce() throws Throwable {
        int allocs = standIn.liveAllocations();
        int handles = standIn.liveHandles();
        int streams = standIn.liveStreams();
        DeviceBuffer buf = cuda.allocate(64);
        CublasHandle h = libs.cublas().create();
        CudaStream s = cuda.createStream();
        h.setStream(s);
        assertEquals("cublasSetStream_v2 stream=" + s.handle(), standIn.lastCall());
        cuda.copyToDeviceAsync(arena.allocate(64, 8), 0, buf, 0, 64, s);
        assertTrue(standIn.lastCall().endsWith("stream=" + s.handle()), standIn.lastCall());
        s.synchronize();
        assertEquals(allocs + 1, standIn.liveAllocations());
        assertEquals(handles + 1, standIn.liveHandles());
        buf.close();
        buf.close();
        h.close();
        h.close();
        s.close();
        s.close();
        assertEquals(allocs, standIn.liveAllocations());
        assertEquals(handles, standIn.liveHandles());
        assertEquals(streams, standIn.liveStreams());
        assertEquals(0, standIn.badFrees(), "a buffer was freed twice");
        assertThrows(IllegalStateException.class, buf::pointer);
        assertThrows(IllegalStateException.class, () -> h.nrm2(DeviceVector.of(buf, ElementType.F64, 0, 1, 1)));
        assertThrows(IllegalStateException.class, s::synchronize);
    }

    @Test
    void upAndDownloadRespectLeadingDimensions() {
        try (DeviceBuffer buf = cuda.allocate(8 * 40); Arena a = Arena.ofConfined()) {
            double[] hostValues = random(3 * 7, 5); // 3x4 block inside a host matrix with ld 7... padded
            MemorySegment host = a.allocateFrom(ValueLayout.JAVA_DOUBLE, hostValues);
            DeviceMatrix d = DeviceMatrix.of(buf, ElementType.F64, 2, 3, 4, 5, false);
            cuda.upload(host, 1, 5, d); // host ld 5 (3x4 from element 1)
            MemorySegment back = a.allocate(8 * 12, 8);
            cuda.download(d, back, 0, 3);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(hostValues[1 + i + 5 * j], back.getAtIndex(ValueLayout.JAVA_DOUBLE, i + 3 * j));
                }
            }
        }
    }

    @Test
    void missingDevicesAndLibrariesAreReportedNotThrown(@TempDir Path empty) throws Throwable {
        standIn.setDevices(0);
        try {
            CudaLibraries.Result r = CudaLibraries.discover(CudaLibraries.Config.only(standIn.dir));
            assertFalse(r.available());
            assertTrue(r.detail().contains("cudaErrorNoDevice (100): no CUDA-capable device is detected"), r.detail());
        } finally {
            standIn.setDevices(1);
        }
        Files.copy(standIn.dir.resolve("libcudart.so"), empty.resolve("libcudart.so"));
        CudaLibraries.Result noBlas = CudaLibraries.discover(CudaLibraries.Config.only(empty));
        assertFalse(noBlas.available());
        assertTrue(noBlas.detail().contains("libcublas not found"), noBlas.detail());
        CudaLibraries.Result none = CudaLibraries.discover(CudaLibraries.Config.only(empty.resolve("nothing")));
        assertFalse(none.available());
        assertTrue(none.detail().startsWith("libcudart not found") && none.detail().contains("panopt.cuda.libdir"),
                none.detail());
    }
}
