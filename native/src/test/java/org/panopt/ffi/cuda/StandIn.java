package org.panopt.ffi.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;
import org.panopt.ffi.Gcc;

/**
 * The host-memory stand-ins for libcudart and libcublas (src/test/c), built with gcc into
 * target/native-test/cuda-standin, and their inspection entry points (the last call's arguments, live
 * allocations and handles, injected failures).
 */
final class StandIn {
    final Path dir;
    private final MethodHandle lastCall, liveAllocations, badFrees, liveHandles, liveStreams, setDevices, failRuntime,
            failCublas;

    private StandIn(Path dir) {
        this.dir = dir;
        SymbolLookup rt = SymbolLookup.libraryLookup(dir.resolve("libcudart.so"), Arena.global());
        SymbolLookup bl = SymbolLookup.libraryLookup(dir.resolve("libcublas.so"), Arena.global());
        Linker l = Linker.nativeLinker();
        lastCall = l.downcallHandle(rt.find("standin_last_call").orElseThrow(), FunctionDescriptor.of(ADDRESS));
        FunctionDescriptor count = FunctionDescriptor.of(JAVA_INT);
        liveAllocations = l.downcallHandle(rt.find("standin_live_allocations").orElseThrow(), count);
        badFrees = l.downcallHandle(rt.find("standin_bad_frees").orElseThrow(), count);
        liveStreams = l.downcallHandle(rt.find("standin_live_streams").orElseThrow(), count);
        liveHandles = l.downcallHandle(bl.find("standin_live_handles").orElseThrow(), count);
        FunctionDescriptor setter = FunctionDescriptor.ofVoid(JAVA_INT);
        setDevices = l.downcallHandle(rt.find("standin_set_devices").orElseThrow(), setter);
        failRuntime = l.downcallHandle(rt.find("standin_fail_next_runtime").orElseThrow(), setter);
        failCublas = l.downcallHandle(bl.find("standin_fail_next_cublas").orElseThrow(), setter);
    }

    /** Builds (if needed) and loads the stand-ins; skips the calling test when gcc is missing. */
    static StandIn build() throws Exception {
        // Own sonames, so that once loaded they never answer a dlopen("libcudart.so") meant for CUDA.
        Path rt = Gcc.build("cuda-standin/libcudart.so", "libpanopt-standin-cudart.so", List.of("standin_cudart.c"));
        Gcc.build("cuda-standin/libcublas.so", "libpanopt-standin-cublas.so", List.of("standin_cublas.c"),
                "-L" + rt.getParent(), "-lcudart", "-Wl,-rpath,$ORIGIN", "-lm");
        return new StandIn(rt.getParent());
    }

    String lastCall() throws Throwable {
        return ((MemorySegment) lastCall.invokeExact()).reinterpret(4096).getString(0);
    }

    int liveAllocations() throws Throwable {
        return (int) liveAllocations.invokeExact();
    }

    int badFrees() throws Throwable {
        return (int) badFrees.invokeExact();
    }

    int liveHandles() throws Throwable {
        return (int) liveHandles.invokeExact();
    }

    int liveStreams() throws Throwable {
        return (int) liveStreams.invokeExact();
    }

    void setDevices(int n) throws Throwable {
        setDevices.invokeExact(n);
    }

    void failNextRuntimeCall(int code) throws Throwable {
        failRuntime.invokeExact(code);
    }

    void failNextCublasCall(int status) throws Throwable {
        failCublas.invokeExact(status);
    }
}
