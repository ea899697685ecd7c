package org.panopt.cli;

import java.io.PrintStream;
import org.panopt.core.backend.BackendStatus;
import org.panopt.kernels.SimdInfo;

/** {@code panopt info}: the JDK, the Vector API species, the CPU's SIMD features and the backends. */
final class InfoCommand implements Command {
    @Override
    public String name() {
        return "info";
    }

    @Override
    public String summary() {
        return "JDK, Vector API species, CPU SIMD features and available backends";
    }

    @Override
    public String help() {
        return """
                usage: panopt info

                Prints the JDK in use, the Vector API's preferred species (lanes for double and float),
                the CPU model and SIMD features, and one line per backend (java-simd, openblas, cublas)
                saying whether it is available here and why.
                """;
    }

    @Override
    public int run(Options options, PrintStream out) {
        Runtime.Version v = Runtime.version();
        out.printf("JDK         %s (%s, %s)%n", v, System.getProperty("java.vendor"), System.getProperty("java.home"));
        out.printf("Vector API  preferred species %d bits: %d double lanes, %d float lanes%n",
                SimdInfo.vectorBits(), SimdInfo.doubleLanes(), SimdInfo.floatLanes());
        out.printf("CPU         %s, %d cores available to the JVM%n", SimdInfo.cpuModel(),
                Runtime.getRuntime().availableProcessors());
        out.printf("SIMD        %s%n", String.join(" ", SimdInfo.cpuFeatures()));
        out.println("backends:");
        for (BackendStatus s : BackendStatus.all()) {
            out.printf("  %-10s %-13s %s%n", s.name(), s.available() ? "available" : "unavailable", s.detail());
        }
        return 0;
    }
}
