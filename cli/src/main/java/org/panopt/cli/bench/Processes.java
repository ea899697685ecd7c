package org.panopt.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs the child processes of a benchmark run: the study index, JMH, the peer scripts. */
final class Processes {
    private Processes() {
    }

    /** Exit status of a process that ran out of time. */
    static final int TIMED_OUT = -1;

    /**
     * Runs {@code command}, appending its merged output to {@code log} and handing each line to
     * {@code onLine} as it comes.
     */
    static int runLogged(List<String> command, Map<String, String> env, Path log, Consumer<String> onLine)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             var w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            for (String line; (line = r.readLine()) != null; ) {
                w.write(line);
                w.newLine();
                onLine.accept(line);
            }
        } finally {
            if (p.isAlive()) {
                p.destroy();
            }
        }
        return p.waitFor();
    }

    /**
     * Runs {@code command} in {@code dir} with its standard output to {@code stdout} and its errors to
     * {@code stderr}; {@link #TIMED_OUT} (after killing it) when it takes longer than {@code timeout}.
     */
    static int runToFiles(List<String> command, Map<String, String> env, Path dir, Path stdout, Path stderr,
                          Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            return TIMED_OUT;
        }
        return p.exitValue();
    }

    /** The last non-blank line of {@code file} (for one-line failure reasons), or "". */
    static String lastLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // unreadable: no reason to give
        }
        return "";
    }
}
