package org.panopt.kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/** What the Vector API and the CPU offer on this machine: preferred species and SIMD feature flags. */
public final class SimdInfo {
    private SimdInfo() {
    }

    /** Lanes of the preferred {@code double} species (8 with AVX-512, 4 with AVX2). */
    public static int doubleLanes() {
        return DoubleVector.SPECIES_PREFERRED.length();
    }

    /** Lanes of the preferred {@code float} species. */
    public static int floatLanes() {
        return FloatVector.SPECIES_PREFERRED.length();
    }

    /** Vector width in bits of the preferred species. */
    public static int vectorBits() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize();
    }

    /**
     * SIMD-related CPU flags from {@code /proc/cpuinfo} (sse*, avx*, fma, f16c, amx*), sorted;
     * empty where that file does not exist.
     */
    public static List<String> cpuFeatures() {
        Path p = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(p)) {
            return List.of();
        }
        try (var lines = Files.lines(p)) {
            TreeSet<String> out = new TreeSet<>();
            lines.filter(l -> l.startsWith("flags") || l.startsWith("Features"))
                    .limit(1)
                    .flatMap(l -> Arrays.stream(l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
                    .filter(f -> f.startsWith("sse") || f.startsWith("ssse") || f.startsWith("avx") || f.equals("fma")
                            || f.equals("f16c") || f.startsWith("amx") || f.equals("asimd") || f.equals("sve"))
                    .forEach(out::add);
            return List.copyOf(out);
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    /** The CPU model name from {@code /proc/cpuinfo}, or the OS architecture. */
    public static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }
}
