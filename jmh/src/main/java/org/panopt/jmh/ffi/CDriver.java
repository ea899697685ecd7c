package org.panopt.jmh.ffi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Builds the benchmarks' C peers (resources next to this class) with gcc into a temporary directory. */
final class CDriver {
    private CDriver() {
    }

    /** Compiles resource {@code name}.c into a shared library and returns its path. */
    static Path build(String name) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("panopt-jmh-c");
        Path src = dir.resolve(name + ".c");
        try (InputStream in = CDriver.class.getResourceAsStream(name + ".c")) {
            if (in == null) {
                throw new IOException(name + ".c is not on the class path");
            }
            Files.copy(in, src);
        }
        Path lib = dir.resolve("lib" + name + ".so");
        Process p;
        try {
            p = new ProcessBuilder("gcc", "-O2", "-fPIC", "-shared", src.toString(), "-o", lib.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("gcc is needed to build the C peer of this benchmark (apt-get install gcc)", e);
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("gcc failed on " + src + ":\n" + log);
        }
        return lib;
    }
}
