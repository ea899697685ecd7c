package org.panopt.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.panopt.core.backend.Calibration;
import org.panopt.core.backend.OpenBlasBackend;
import org.panopt.core.backend.JavaSimdBackend;
import org.panopt.core.backend.Thresholds;
import org.panopt.ffi.openblas.OpenBlas;

/** {@code panopt calibrate}: measures where OpenBLAS starts beating Java, per operation, and saves the thresholds. */
final class CalibrateCommand implements Command {
    @Override
    public String name() {
        return "calibrate";
    }

    @Override
    public String summary() {
        return "measure the Java/OpenBLAS crossover sizes here and save them for the dispatcher";
    }

    @Override
    public String help() {
        return """
                usage: panopt calibrate [--seconds S] [--out FILE]

                Times gemm, syrk, an element-wise operation and a reduction on the Java backend and on
                OpenBLAS for growing square sizes, finds the size from which OpenBLAS stays faster, and
                writes the four thresholds as a properties file that the dispatching backend reads at
                start-up (system properties panopt.threshold.<op> still override it).

                  --seconds S  time budget, at most 60 (default 40)
                  --out FILE   where to write (default: %s)
                """.formatted(Thresholds.defaultFile());
    }

    @Override
    public java.util.Set<String> valued() {
        return java.util.Set.of("seconds", "out");
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        double seconds = options.real("seconds", 40);
        if (!(seconds > 0 && seconds <= 60)) {
            throw new UsageException("--seconds must be in (0, 60], got " + seconds);
        }
        if (!OpenBlas.isAvailable()) {
            out.println("nothing to calibrate: " + OpenBlas.status().describe());
            return 1;
        }
        Path file = options.has("out") ? options.path("out") : Thresholds.defaultFile();
        out.println("calibrating java-simd against " + OpenBlas.library() + " (" + seconds + " s budget)");
        long t0 = System.nanoTime();
        Thresholds t = Calibration.run(JavaSimdBackend.INSTANCE, OpenBlasBackend.get(), seconds, out);
        t.write(file, "panopt calibrate: work sizes from which OpenBLAS runs (" + OpenBlas.config() + ")");
        out.printf("thresholds: %s%nwritten to %s in %.1f s%n", t, file, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
