package org.panopt.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.ffi.cuda.CudaLibraries;

/**
 * The cuBLAS backend against the java-reference backend, on the native module's host-memory stand-ins
 * for libcudart/libcublas (../native/src/test/c, built here with gcc; skipped, saying why, without
 * gcc). Device views in every layout the host views have: plain, block, transposed.
 */
class CublasBackendTest {
    static CublasBackend gpu;
    static Workspace ws;

    static Path gcc(Path out, String soname, Path src, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("gcc", "-O2", "-fPIC", "-shared", "-Wl,-soname," + soname,
                src.toString(), "-o", out.toString()));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("gcc failed: " + log);
        }
        return out;
    }

    @BeforeAll
    static void standIn() throws Exception {
        Path c = Path.of("../native/src/test/c");
        assumeTrue(Files.isDirectory(c), "the native module's C stand-ins are not beside this module");
        try {
            new ProcessBuilder("gcc", "--version").start().waitFor();
        } catch (IOException e) {
            assumeTrue(false, "gcc is not installed: the cuBLAS stand-in cannot be built (apt-get install gcc)");
        }
        Path dir = Files.createDirectories(Path.of("target/native-test/cuda-standin").toAbsolutePath());
        gcc(dir.resolve("libcudart.so"), "libpanopt-standin-cudart.so", c.resolve("standin_cudart.c"));
        gcc(dir.resolve("libcublas.so"), "libpanopt-standin-cublas.so", c.resolve("standin_cublas.c"),
                "-L" + dir, "-lcudart", "-Wl,-rpath,$ORIGIN", "-lm");
        CudaLibraries.Result libs = CudaLibraries.discover(CudaLibraries.Config.only(dir));
        gpu = CublasBackend.open(libs);
        ws = Workspace.create();
    }

    @AfterAll
    static void close() {
        if (ws != null) {
            ws.close();
        }
        if (gpu != null) {
            gpu.close();
        }
    }

    static Matrix host(Arena arena, DType t, int r, int c, long seed, int layout) {
        Matrix m = switch (layout) {
            case 0 -> Matrix.allocate(arena, t, r, c);
            case 1 -> Matrix.allocate(arena, t, r + 2, c + 1).block(1, 1, r, c);
            default -> Matrix.allocate(arena, t, c, r).t();
        };
        Random rnd = new Random(seed);
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                m.set(i, j, rnd.nextInt(9) / 2.0 - 2);
            }
        }
        return m;
    }

    static GpuMatrix device(DType t, int r, int c, int layout) {
        return switch (layout) {
            case 0 -> gpu.allocate(ws, t, r, c);
            case 1 -> gpu.allocate(ws, t, r + 2, c + 1).block(1, 1, r, c);
            default -> gpu.allocate(ws, t, c, r).t();
        };
    }

    static GpuMatrix up(Matrix h, int layout) {
        GpuMatrix d = device(h.dtype(), h.rows(), h.cols(), layout);
        gpu.upload(h, d);
        return d;
    }

    static Matrix down(Arena arena, GpuMatrix d, int layout) {
        Matrix h = host(arena, d.dtype(), d.rows(), d.cols(), 0, layout);
        gpu.download(d, h);
        return h;
    }

    static void same(Matrix want, Matrix got, double tol) {
        for (int i = 0; i < want.rows(); i++) {
            for (int j = 0; j < want.cols(); j++) {
                assertEquals(want.get(i, j), got.get(i, j), tol, "(" + i + "," + j + ")");
            }
        }
    }

    @Test
    void everyOperationMatchesTheReferenceInEveryLayout() {
        ReferenceBackend ref = ReferenceBackend.INSTANCE;
        for (DType t : DType.values()) {
            double tol = t == DType.F64 ? 1e-12 : 1e-4;
            for (int la = 0; la < 3; la++) {
                for (int lc = 0; lc < 3; lc++) {
                    try (Arena arena = Arena.ofConfined()) {
                        Matrix a = host(arena, t, 5, 4, 1, la), b = host(arena, t, 4, 3, 2, (la + 1) % 3);
                        Matrix c = host(arena, t, 5, 3, 3, lc);
                        GpuMatrix da = up(a, la), db = up(b, (la + 1) % 3), dc = up(c, lc);
                        gpu.gemm(2, da, db, -1, dc);
                        ref.gemm(2, a, b, -1, c);
                        same(c, down(arena, dc, lc), tol);

                        Matrix s = host(arena, t, 4, 4, 4, lc);
                        ref.syrk(1, a, 0, s);
                        GpuMatrix ds = device(t, 4, 4, lc);
                        gpu.syrk(1, da, 0, ds);
                        Matrix got = down(arena, ds, lc);
                        same(s, got, tol);
                        for (int i = 0; i < 4; i++) {
                            for (int j = 0; j < 4; j++) {
                                assertEquals(got.get(j, i), got.get(i, j), 0.0, "exactly symmetric");
                            }
                        }

                        Matrix x = host(arena, t, 5, 4, 5, lc), y = host(arena, t, 5, 4, 6, (lc + 2) % 3);
                        GpuMatrix dx = up(x, lc), dy = up(y, (lc + 2) % 3);
                        assertEquals(ref.dot(a, x), gpu.dot(da, dx), tol);
                        assertEquals(ref.norm(a), gpu.norm(da), tol);
                        gpu.axpy(0.5, da, dy);
                        ref.axpy(0.5, a, y);
                        same(y, down(arena, dy, (lc + 2) % 3), tol);
                        gpu.geam(1, da, -2, dx, dx); // in place into B
                        ref.geam(1, a, -2, x, x);
                        same(x, down(arena, dx, lc), tol);
                        gpu.scale(-1.5, dx);
                        gpu.addIdentity(3, dx);
                        ref.scale(-1.5, x);
                        ref.addIdentity(3, x);
                        same(x, down(arena, dx, lc), tol);
                        GpuMatrix copy = device(t, 5, 4, la);
                        gpu.copy(dx, copy);
                        same(x, down(arena, copy, la), tol);
                    }
                }
            }
        }
    }

    @Test
    void allocationIsZeroedAndMisuseIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            GpuMatrix z = gpu.allocate(ws, DType.F64, 3, 3);
            assertEquals(0.0, gpu.norm(z));
            GpuMatrix big = gpu.allocate(ws, DType.F64, 6, 6);
            GpuMatrix a = big.block(0, 0, 3, 3), overlapping = big.block(1, 1, 3, 3);
            assertThrows(IllegalArgumentException.class, () -> gpu.gemm(1, a, z, 0, overlapping));
            assertThrows(IllegalArgumentException.class, () -> gpu.upload(host(arena, DType.F64, 3, 3, 1, 2), z),
                    "a transposed host view into a plain device view would need a hidden transpose");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> gpu.gemm(1, z, gpu.allocate(ws, DType.F64, 2, 3), 0, z));
            assertTrue(e.getMessage().startsWith("gemm: C = A·B: shapes do not match"), e.getMessage());
        }
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> CublasBackend.open(CudaLibraries.discover(CudaLibraries.Config.only(Path.of("/nonexistent")))));
        assertTrue(none.getMessage().contains("libcudart not found"), none.getMessage());
    }
}
