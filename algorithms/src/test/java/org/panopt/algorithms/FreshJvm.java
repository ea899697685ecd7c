package org.panopt.algorithms;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a test probe in a JVM of its own. */
public final class FreshJvm {
    private FreshJvm() {
    }

    /**
     * Runs {@code main} of {@code probe} in a fresh JVM (this JVM's flags and class path) and returns
     * the number it prints last: for allocation probes that must not inherit the JIT state of other
     * tests. Whether Vector API kernels run allocation-free depends on how C2 compiled them, which
     * depends on every caller and shape the JVM has seen; a fresh JVM per scenario measures the
     * scenario alone, as a JMH fork does.
     */
    public static long run(Class<?> probe, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(probe.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("allocation probe " + String.join(" ", args) + " failed:\n" + out);
        }
        String[] lines = out.strip().split("\n");
        return Long.parseLong(lines[lines.length - 1].strip());
    }
}
