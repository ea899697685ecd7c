package org.panopt.ffi;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the small C helpers of the tests (stand-in libraries) with gcc into {@code target/native-test},
 * once per source change. Tests that need one are skipped, saying why, when gcc is not installed.
 */
public final class Gcc {
    private Gcc() {
    }

    /** The C sources of the tests. */
    public static final Path SOURCES = Path.of("src/test/c");
    /** Where the built libraries go. */
    public static final Path OUT = Path.of("target/native-test");

    /** Whether gcc runs here. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * Compiles {@code sources} (under {@link #SOURCES}) into {@code out} (a shared library if its name
     * ends in {@code .so}, else an executable) with the extra {@code flags}; skips the calling test if
     * gcc is missing.
     */
    public static Path build(String out, List<String> sources, String... flags) throws IOException,
            InterruptedException {
        return build(out, null, sources, flags);
    }

    /**
     * As {@link #build(String, List, String...)}, with the shared library's soname (default: its file
     * name). A stand-in must not take a real library's soname: once loaded, it would answer every later
     * dlopen of that name in the JVM.
     */
    public static synchronized Path build(String out, String soname, List<String> sources, String... flags)
            throws IOException, InterruptedException {
        assumeTrue(available(), "gcc is not installed: the C stand-ins of this test cannot be built (apt-get install gcc)");
        Path target = OUT.resolve(out).toAbsolutePath();
        Files.createDirectories(target.getParent());
        boolean fresh = Files.exists(target);
        for (String s : sources) {
            fresh = fresh && Files.getLastModifiedTime(SOURCES.resolve(s)).compareTo(Files.getLastModifiedTime(target)) < 0;
        }
        if (fresh) {
            return target;
        }
        List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-Werror", "-fPIC"));
        if (out.endsWith(".so")) {
            cmd.addAll(List.of("-shared", "-Wl,-soname," + (soname != null ? soname : target.getFileName())));
        }
        for (String s : sources) {
            cmd.add(SOURCES.resolve(s).toAbsolutePath().toString());
        }
        cmd.addAll(List.of("-o", target.toString()));
        cmd.addAll(List.of(flags));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("gcc failed: " + String.join(" ", cmd) + "\n" + log);
        }
        return target;
    }
}
