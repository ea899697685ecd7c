package org.panopt.ffi.openblas;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panopt.ffi.Downcalls;

/**
 * The bundled copy and the system library in one JVM: both load, both compute correctly, they are
 * different library instances, and the bundled copy (renamed soname) never answers a lookup of
 * {@code libopenblas.so.0} by name. A child JVM repeats that lookup with an unpatched copy to show
 * the hazard is real (and that this test would catch it). Skipped, saying so, without a system OpenBLAS.
 */
class SonameIsolationTest {
    @TempDir
    static Path cache;
    static OpenBlasLoader.Loaded system;
    static OpenBlasLoader.Loaded bundled;

    @BeforeAll
    static void loadBoth() throws Exception {
        try {
            system = OpenBlasLoader.load("libopenblas.so.0", OpenBlasLoader.Source.SYSTEM);
        } catch (IllegalArgumentException e) {
            assumeTrue(false, "no system libopenblas.so.0 (" + e.getMessage()
                    + "): install it with apt-get install libopenblas0 to run this test");
        }
        Path lib = OpenBlasLoader.BUNDLED.extract(SonameIsolationTest.class.getClassLoader(), cache);
        bundled = OpenBlasLoader.load(lib.toString(), OpenBlasLoader.Source.BUNDLED);
    }

    /** C = A B through this library's cblas_dgemm (n x n), compared with a Java triple loop. */
    static double gemmError(OpenBlasLoader.Loaded lib, int n) throws Throwable {
        MethodHandle dgemm = Downcalls.bind(lib.lookup(), "cblas_dgemm", FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE,
                ADDRESS, JAVA_INT), false);
        Random r = new Random(7);
        double[] a = new double[n * n], b = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            a[i] = r.nextGaussian();
            b[i] = r.nextGaussian();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment as = arena.allocateFrom(JAVA_DOUBLE, a), bs = arena.allocateFrom(JAVA_DOUBLE, b);
            MemorySegment cs = arena.allocate(8L * n * n, 64);
            dgemm.invokeExact(102, 111, 111, n, n, n, 1.0, as, n, bs, n, 0.0, cs, n);
            double worst = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        s += a[i + k * n] * b[k + j * n];
                    }
                    worst = Math.max(worst, Math.abs(s - cs.getAtIndex(JAVA_DOUBLE, i + (long) j * n)));
                }
            }
            return worst;
        }
    }

    @Test
    void bothComputeCorrectlyAsDifferentInstances() throws Throwable {
        assertTrue(gemmError(system, 96) < 1e-11, "system dgemm");
        assertTrue(gemmError(bundled, 96) < 1e-11, "bundled dgemm");
        assertNotEquals(system.path().toRealPath(), bundled.path().toRealPath());
        long sys = system.lookup().find("cblas_ddot").orElseThrow().address();
        long own = bundled.lookup().find("cblas_ddot").orElseThrow().address();
        assertNotEquals(sys, own, "one cblas_ddot for both: the same library instance");
        System.out.println("system:  " + system + "\nbundled: " + bundled);
    }

    static Map<String, String> probe(Path lib) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), SonameProbe.class.getName(), lib.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM timed out");
        assertEquals(0, p.exitValue(), out);
        Map<String, String> m = new java.util.HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return m;
    }

    @Test
    void lookupsByTheUsualNameNeverGetTheBundledCopy() throws Exception {
        Map<String, String> patched = probe(bundled.path());
        assertEquals(bundled.path().toRealPath().toString(), patched.get("ours"));
        assertEquals(system.path().toRealPath().toString(), patched.get("byname"),
                "dlopen(\"libopenblas.so.0\") after loading the renamed copy must give the system library");

        // Negative control: the same copy with its original soname captures the name.
        Path raw = cache.resolve("unpatched");
        Files.createDirectories(raw);
        for (String f : OpenBlasLoader.BUNDLED.files()) {
            try (InputStream in = getClass().getClassLoader()
                    .getResourceAsStream(OpenBlasLoader.BUNDLED.resourceDir() + "/" + f)) {
                Files.copy(in, raw.resolve(f));
            }
        }
        Map<String, String> unpatched = probe(raw.resolve("libopenblas.so.0"));
        assertEquals(raw.resolve("libopenblas.so.0").toRealPath().toString(), unpatched.get("byname"),
                "with the original soname, a lookup by name returns the bundled copy (the hazard)");
    }
}
