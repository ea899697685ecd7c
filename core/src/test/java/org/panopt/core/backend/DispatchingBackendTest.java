package org.panopt.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.ffi.openblas.OpenBlas;

/** Per-operation thresholds, where they come from, forcing and disabling, and a (very short) calibration. */
class DispatchingBackendTest {
    /** Counts the calls that reach it, then delegates to the reference. */
    static final class Counting implements Backend<Matrix> {
        int calls;

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public Matrix allocate(org.panopt.core.array.Workspace ws, DType d, int r, int c) {
            return ws.matrix(d, r, c);
        }

        @Override
        public void gemm(double al, Matrix a, Matrix b, double be, Matrix c) {
            calls++;
            ReferenceBackend.INSTANCE.gemm(al, a, b, be, c);
        }

        @Override
        public void syrk(double al, Matrix a, double be, Matrix c) {
            calls++;
            ReferenceBackend.INSTANCE.syrk(al, a, be, c);
        }

        @Override
        public void geam(double al, Matrix a, double be, Matrix b, Matrix c) {
            calls++;
            ReferenceBackend.INSTANCE.geam(al, a, be, b, c);
        }

        @Override
        public void axpy(double al, Matrix x, Matrix y) {
            calls++;
            ReferenceBackend.INSTANCE.axpy(al, x, y);
        }

        @Override
        public void scale(double al, Matrix a) {
            calls++;
            ReferenceBackend.INSTANCE.scale(al, a);
        }

        @Override
        public void addIdentity(double al, Matrix c) {
            calls++;
            ReferenceBackend.INSTANCE.addIdentity(al, c);
        }

        @Override
        public void copy(Matrix s, Matrix d) {
            calls++;
            ReferenceBackend.INSTANCE.copy(s, d);
        }

        @Override
        public double dot(Matrix a, Matrix b) {
            calls++;
            return ReferenceBackend.INSTANCE.dot(a, b);
        }

        @Override
        public double norm(Matrix a) {
            calls++;
            return ReferenceBackend.INSTANCE.norm(a);
        }

        @Override
        public void upload(Matrix s, Matrix d) {
            d.copyFrom(s);
        }

        @Override
        public void download(Matrix s, Matrix d) {
            d.copyFrom(s);
        }
    }

    @Test
    void eachOperationSwitchesAtItsOwnThreshold() {
        Counting small = new Counting(), large = new Counting();
        DispatchingBackend d = new DispatchingBackend(small, large, new Thresholds(64, 1000, 16, 30, "test"));
        try (Arena arena = Arena.ofConfined()) {
            Matrix a4 = Matrix.allocate(arena, DType.F64, 4, 4), a3 = Matrix.allocate(arena, DType.F64, 3, 3);
            Matrix a5 = Matrix.allocate(arena, DType.F64, 5, 5), b5 = Matrix.allocate(arena, DType.F64, 5, 5);
            d.gemm(1, a4, a4, 0, Matrix.allocate(arena, DType.F64, 4, 4)); // 64: large
            d.gemm(1, a3, a3, 0, Matrix.allocate(arena, DType.F64, 3, 3)); // 27: small
            assertEquals(1, large.calls);
            assertEquals(1, small.calls);
            d.syrk(1, a5, 0, b5); // 125 < 1000: small
            assertEquals(2, small.calls);
            d.axpy(1, a4, Matrix.allocate(arena, DType.F64, 4, 4)); // 16: large
            d.axpy(1, a3, Matrix.allocate(arena, DType.F64, 3, 3)); // 9: small
            assertEquals(2, large.calls);
            assertEquals(3, small.calls);
            d.dot(a5, b5); // 25 < 30: small
            d.norm(Matrix.allocate(arena, DType.F64, 6, 6)); // 36: large
            assertEquals(4, small.calls);
            assertEquals(3, large.calls);
        }
    }

    @Test
    void thresholdsComeFromTheFileThenSystemProperties(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/thresholds.properties");
        new Thresholds(11, 22, 33, 44, "x").write(file, "test");
        Properties p = new Properties();
        p.setProperty("panopt.thresholds.file", file.toString());
        Thresholds fromFile = Thresholds.load(p);
        assertEquals(new Thresholds(11, 22, 33, 44, "calibration file " + file), fromFile);
        p.setProperty("panopt.threshold.syrk", "7");
        Thresholds overridden = Thresholds.load(p);
        assertEquals(7, overridden.syrk());
        assertEquals(11, overridden.gemm());
        assertTrue(overridden.source().contains("system properties for syrk"), overridden.source());
        p.setProperty("panopt.thresholds.file", dir.resolve("none").toString());
        p.remove("panopt.threshold.syrk");
        assertEquals(Thresholds.DEFAULTS, Thresholds.load(p));
        p.setProperty("panopt.threshold.gemm", "-3");
        assertThrows(IllegalArgumentException.class, () -> Thresholds.load(p));
        Files.writeString(file, "gemm=oops\n");
        Properties q = new Properties();
        q.setProperty("panopt.thresholds.file", file.toString());
        assertEquals(Thresholds.DEFAULTS, Thresholds.load(q), "an unreadable file falls back to the defaults");
    }

    @Test
    void forcingAndDisablingByProperty() {
        Properties p = new Properties();
        p.setProperty("panopt.backend", "java-reference");
        DispatchingBackend j = DispatchingBackend.configure(p);
        assertTrue(j.description().startsWith("forced to java-reference"), j.description());
        p.setProperty("panopt.backend", "java-simd");
        assertTrue(DispatchingBackend.configure(p).description().startsWith("forced to java-simd"));
        p.setProperty("panopt.backend", "cuda-please");
        assertThrows(IllegalArgumentException.class, () -> DispatchingBackend.configure(p));
        p.remove("panopt.backend");
        p.setProperty("panopt.backend.openblas", "false");
        DispatchingBackend off = DispatchingBackend.configure(p);
        assertTrue(off.description().contains("disabled by -Dpanopt.backend.openblas=false"), off.description());
        p.setProperty("panopt.backend", "openblas");
        assertThrows(IllegalStateException.class, () -> DispatchingBackend.configure(p));
        assumeTrue(OpenBlas.isAvailable(), () -> OpenBlas.status().describe());
        p.remove("panopt.backend.openblas");
        DispatchingBackend forced = DispatchingBackend.configure(p);
        assertTrue(forced.description().startsWith("forced to openblas"), forced.description());
        p.remove("panopt.backend");
        DispatchingBackend both = DispatchingBackend.configure(p);
        assertTrue(both.description().contains("java-simd below, openblas ("), both.description());
    }

    @Test
    void calibrationFindsACrossoverAndRespectsItsBudget() {
        assumeTrue(OpenBlas.isAvailable(), () -> OpenBlas.status().describe());
        long t0 = System.nanoTime();
        Thresholds t = Calibration.run(ReferenceBackend.INSTANCE, OpenBlasBackend.get(), 2,
                new PrintStream(java.io.OutputStream.nullOutputStream()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 6, "took " + seconds + " s for a 2 s budget");
        // OpenBLAS beats plain loops on a 128x128 GEMM by an order of magnitude: the crossover exists.
        assertNotEquals(Long.MAX_VALUE, t.gemm());
        assertEquals("calibration", t.source());
    }
}
