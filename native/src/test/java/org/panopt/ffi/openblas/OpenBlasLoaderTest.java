package org.panopt.ffi.openblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panopt.ffi.ElfSoname;
import org.panopt.ffi.Gcc;

/** The discovery order, what is reported when each step fails, and the self-test. */
class OpenBlasLoaderTest {
    static final ClassLoader JAR = OpenBlasLoaderTest.class.getClassLoader();
    static final ClassLoader EMPTY = new URLClassLoader(new URL[0], null);
    /** One cache for the class: the 37 MB extraction happens once. */
    @TempDir
    static Path shared;

    static OpenBlasLoader.Config config(String explicit, List<String> system, ClassLoader cl, Path cache) {
        return new OpenBlasLoader.Config(explicit, explicit == null ? null : "test property", system, cl, cache);
    }

    @Test
    void explicitPathWinsAndIsTheOnlyCandidate() throws Exception {
        Path cache = shared;
        Path bundled = OpenBlasLoader.BUNDLED.extract(JAR, cache);
        OpenBlasLoader.Result r = OpenBlasLoader.discover(config(bundled.toString(), List.of("libopenblas.so.0"), JAR, cache));
        assertTrue(r.available(), r.describe());
        assertEquals(OpenBlasLoader.Source.EXPLICIT, r.loaded().source());
        assertEquals(bundled.toRealPath(), r.loaded().path().toRealPath());
        assertTrue(r.loaded().config().contains("OpenBLAS 0.3.30"), r.loaded().config());
        assertEquals(1, r.attempts().size());

        OpenBlasLoader.Result missing = OpenBlasLoader.discover(
                config(cache.resolve("nope/libopenblas.so.0").toString(), List.of("libopenblas.so.0"), JAR, cache));
        assertFalse(missing.available());
        String d = missing.describe();
        assertTrue(d.contains("test property = ") && d.contains("no such file") && d.contains("nothing else is tried"), d);
        assertTrue(d.contains("apt-get install libopenblas0") && d.contains("org.bytedeco:openblas"), d);
    }

    @Test
    void aLibraryWithoutBlasOrWithWrongAnswersIsRejected(@TempDir Path cache) throws Exception {
        Path quadmath = cache.resolve("libquadmath.so.0");
        try (var in = JAR.getResourceAsStream("org/bytedeco/openblas/linux-x86_64/libquadmath.so.0")) {
            Files.copy(in, quadmath);
        }
        OpenBlasLoader.Result r = OpenBlasLoader.discover(config(quadmath.toString(), List.of(), JAR, cache));
        assertFalse(r.available());
        assertTrue(r.describe().contains("symbol cblas_ddot not found"), r.describe());

        Path text = cache.resolve("libtext.so");
        Files.writeString(text, "not a library");
        OpenBlasLoader.Result t = OpenBlasLoader.discover(config(text.toString(), List.of(), JAR, cache));
        assertTrue(t.describe().contains("cannot be loaded"), t.describe());

        Path fake = Gcc.build("libfakeblas.so", List.of("fake_openblas.c"));
        OpenBlasLoader.Result f = OpenBlasLoader.discover(config(fake.toString(), List.of(), JAR, cache));
        assertFalse(f.available());
        assertTrue(f.describe().contains("self-test failed: ddot([1,2,3],[4,5,6]) = 33.0"), f.describe());
    }

    @Test
    void systemLibraryComesBeforeTheBundledCopy() {
        Path cache = shared;
        OpenBlasLoader.Result r = OpenBlasLoader.discover(config(null, List.of("libopenblas.so.0"), JAR, cache));
        assertTrue(r.available(), r.describe());
        try {
            OpenBlasLoader.load("libopenblas.so.0", OpenBlasLoader.Source.SYSTEM);
        } catch (IllegalArgumentException e) {
            // No system OpenBLAS here: discovery must have fallen through to the bundled copy.
            assertEquals(OpenBlasLoader.Source.BUNDLED, r.loaded().source());
            assertEquals(2, r.attempts().size(), r.attempts().toString());
            return;
        }
        assertEquals(OpenBlasLoader.Source.SYSTEM, r.loaded().source(), r.describe());
        assertEquals(1, r.attempts().size());
    }

    @Test
    void missingSystemLibraryFallsBackToTheBundledCopyWithAUniqueSoname() throws Exception {
        Path cache = shared;
        OpenBlasLoader.Result r = OpenBlasLoader.discover(
                config(null, List.of("libpanopt-no-such-blas.so.0"), JAR, cache));
        assertTrue(r.available(), r.describe());
        assertEquals(OpenBlasLoader.Source.BUNDLED, r.loaded().source());
        assertEquals(2, r.attempts().size());
        assertTrue(r.attempts().get(0).outcome().contains("cannot be loaded"), r.attempts().toString());
        Path lib = r.loaded().path();
        assertTrue(lib.startsWith(cache.toRealPath()), lib + " not under " + cache);
        assertEquals(OpenBlasLoader.BUNDLED_SONAME, ElfSoname.read(lib));
        for (String companion : List.of("libgfortran.so.5", "libquadmath.so.0", "libgcc_s.so.1")) {
            assertTrue(Files.exists(lib.resolveSibling(companion)), companion);
        }
    }

    @Test
    void nothingFoundListsEverythingSearchedAndHowToInstall(@TempDir Path cache) {
        OpenBlasLoader.Result r = OpenBlasLoader.discover(config(null, List.of("libpanopt-no-such-blas.so.0"), EMPTY, cache));
        assertFalse(r.available());
        String d = r.describe();
        assertTrue(d.startsWith("OpenBLAS not found; searched: 1) system library libpanopt-no-such-blas.so.0"), d);
        assertTrue(d.contains("2) bundled copy") && d.contains("not on the class path"), d);
        assertTrue(d.contains("apt-get install libopenblas0"), d);
        OpenBlasLoader.Result skipped = OpenBlasLoader.discover(config(null, List.of(), EMPTY, cache));
        assertTrue(skipped.describe().contains("skipped (panopt.openblas.skipSystem)"), skipped.describe());
    }

    @Test
    void theEnvironmentConfigurationReadsTheProperties() {
        String path = System.getProperty("panopt.openblas.path");
        String skip = System.getProperty("panopt.openblas.skipSystem");
        String cache = System.getProperty("panopt.cache.dir");
        try {
            System.setProperty("panopt.openblas.path", "/opt/blas/libopenblas.so.0");
            System.setProperty("panopt.openblas.skipSystem", "true");
            System.setProperty("panopt.cache.dir", "/tmp/somewhere");
            OpenBlasLoader.Config c = OpenBlasLoader.Config.fromEnvironment();
            assertEquals("/opt/blas/libopenblas.so.0", c.explicitPath());
            assertEquals("system property panopt.openblas.path", c.explicitFrom());
            assertEquals(List.of(), c.systemNames());
            assertEquals(Path.of("/tmp/somewhere"), c.cacheRoot());
            System.clearProperty("panopt.openblas.path");
            System.clearProperty("panopt.openblas.skipSystem");
            System.clearProperty("panopt.cache.dir");
            OpenBlasLoader.Config d = OpenBlasLoader.Config.fromEnvironment();
            assertEquals(System.getenv("PANOPT_OPENBLAS"), d.explicitPath());
            assertEquals(List.of("libopenblas.so.0"), d.systemNames());
            assertTrue(d.cacheRoot().endsWith("panopt"), d.cacheRoot().toString());
        } finally {
            restore("panopt.openblas.path", path);
            restore("panopt.openblas.skipSystem", skip);
            restore("panopt.cache.dir", cache);
        }
    }

    static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void theLibraryInUseIsReported() {
        assumeTrue(OpenBlas.isAvailable(), () -> OpenBlas.status().describe());
        OpenBlasLoader.Loaded l = OpenBlas.library();
        assertNotNull(l.path());
        assertTrue(OpenBlas.status().describe().contains(l.path().toString()));
        assertFalse(OpenBlas.coreName().isBlank());
    }
}
