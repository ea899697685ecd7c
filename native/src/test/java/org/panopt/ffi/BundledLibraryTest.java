package org.panopt.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extraction to the cache: checksums, soname patch, re-extraction of a damaged copy, and concurrent
 * extraction (the protocol uses only the file system, so threads racing here race as JVMs would).
 * Uses the small libquadmath from the same jar to stay fast.
 */
class BundledLibraryTest {
    static final String QUADMATH_SHA = "1c3f8ec46dccfc4c99d3984ba787bd6d965e2c890089ff885448cb4efc5b1f14";

    static BundledLibrary spec(String pinned) {
        return new BundledLibrary("qm-test", "org/bytedeco/openblas/linux-x86_64", "libquadmath.so.0",
                "libpanoptqm.so", "libquadmath.so.0", "libpanoptqm.so", List.of(), Map.of("libquadmath.so.0", pinned));
    }

    static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void extractsOncePatchesAndVerifies(@TempDir Path root) throws Exception {
        BundledLibrary b = spec(QUADMATH_SHA);
        ClassLoader cl = getClass().getClassLoader();
        assertTrue(b.present(cl));
        Path lib = b.extract(cl, root);
        assertEquals("libpanoptqm.so", lib.getFileName().toString());
        assertTrue(lib.getParent().getFileName().toString().matches("qm-test-[0-9a-f]{16}"), lib.toString());
        assertEquals("libpanoptqm.so", ElfSoname.read(lib));
        assertNull(b.verify(lib.getParent()));
        long mtime = Files.getLastModifiedTime(lib).toMillis();
        Thread.sleep(20);
        assertEquals(lib, b.extract(cl, root), "second call reuses the cache");
        assertEquals(mtime, Files.getLastModifiedTime(lib).toMillis(), "and does not rewrite it");
        assertEquals(1, children(root).size(), "no temporary directory left behind");
    }

    @Test
    void damagedCopyIsDetectedAndReplaced(@TempDir Path root) throws Exception {
        BundledLibrary b = spec(QUADMATH_SHA);
        ClassLoader cl = getClass().getClassLoader();
        Path lib = b.extract(cl, root);
        try (FileChannel ch = FileChannel.open(lib, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{1, 2, 3}), 5000);
        }
        String problem = b.verify(lib.getParent());
        assertTrue(problem != null && problem.contains("SHA-256"), String.valueOf(problem));
        Path again = b.extract(cl, root);
        assertEquals(lib, again);
        assertNull(b.verify(again.getParent()));
        assertEquals(1, children(root).size(), children(root).toString());
    }

    @Test
    void wrongPinnedChecksumRefusesTheJar(@TempDir Path root) {
        BundledLibrary b = spec("0".repeat(64));
        IOException e = assertThrows(IOException.class, () -> b.extract(getClass().getClassLoader(), root));
        assertTrue(e.getMessage().contains("SHA-256") && e.getMessage().contains(QUADMATH_SHA), e.getMessage());
        assertThrows(IOException.class, () -> new BundledLibrary("x", "no/such/dir", "lib.so", "lib.so", "a", null,
                List.of(), Map.of()).extract(getClass().getClassLoader(), root));
    }

    @Test
    void concurrentExtractionsAgreeOnOneVerifiedCopy(@TempDir Path root) throws Exception {
        BundledLibrary b = spec(QUADMATH_SHA);
        ClassLoader cl = getClass().getClassLoader();
        int n = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return b.extract(cl, root);
                }));
            }
            go.countDown();
            Path first = results.get(0).get();
            for (Future<Path> f : results) {
                assertEquals(first, f.get());
            }
            assertNull(b.verify(first.getParent()));
            assertEquals(1, children(root).size(), "losers removed their temporary copies: " + children(root));
        } finally {
            pool.shutdownNow();
        }
    }
}
