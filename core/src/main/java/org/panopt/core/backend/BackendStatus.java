package org.panopt.core.backend;

import java.util.List;
import org.panopt.ffi.cuda.CudaLibraries;
import org.panopt.ffi.openblas.OpenBlas;
import org.panopt.ffi.openblas.OpenBlasLoader;
import org.panopt.kernels.SimdInfo;

/**
 * Whether a backend can be used here, and why (or why not).
 *
 * @param name      backend name: {@code java-simd}, {@code openblas}, {@code cublas}, or {@code dispatch} (the
 *                  host dispatcher's choice)
 * @param available true if it can run operations in this JVM
 * @param detail    what was found (library path, version, device) or what is missing and how to get it
 */
public record BackendStatus(String name, boolean available, String detail) {

    /** The status of every backend, probing native libraries at most once per JVM. */
    public static List<BackendStatus> all() {
        return List.of(
                new BackendStatus("java-simd", true, "Vector API, " + SimdInfo.vectorBits() + "-bit: "
                        + SimdInfo.doubleLanes() + " double / " + SimdInfo.floatLanes() + " float lanes"),
                openblas(),
                cublas(),
                new BackendStatus("dispatch", true, DispatchingBackend.host().description()));
    }

    /** What OpenBLAS discovery found: the library, its file and {@code openblas_get_config()}, or what was searched. */
    static BackendStatus openblas() {
        OpenBlasLoader.Result r = OpenBlas.status();
        return new BackendStatus("openblas", r.available(), r.available()
                ? r.describe() + ", " + OpenBlas.numThreads() + " threads" : r.describe());
    }

    /** What CUDA discovery found: runtime, device and cuBLAS, or exactly what is missing. */
    static BackendStatus cublas() {
        CudaLibraries.Result r = CudaLibraries.get();
        return new BackendStatus("cublas", r.available(), r.detail());
    }
}
