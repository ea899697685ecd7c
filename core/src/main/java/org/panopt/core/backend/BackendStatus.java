package org.panopt.core.backend;

import java.util.List;
import org.panopt.kernels.SimdInfo;

/**
 * Whether a backend can be used here, and why (or why not).
 *
 * @param name      backend name: {@code java-simd}, {@code openblas} or {@code cublas}
 * @param available true if it can run operations in this JVM
 * @param detail    what was found (library path, version, device) or what is missing and how to get it
 */
public record BackendStatus(String name, boolean available, String detail) {

    /** The status of every backend, probing native libraries at most once per JVM. */
    public static List<BackendStatus> all() {
        return List.of(
                new BackendStatus("java-simd", true, "Vector API, " + SimdInfo.vectorBits() + "-bit: "
                        + SimdInfo.doubleLanes() + " double / " + SimdInfo.floatLanes() + " float lanes"),
                new BackendStatus("openblas", false, "not built yet"),
                new BackendStatus("cublas", false, "not built yet"));
    }
}
