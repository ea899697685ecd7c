package org.panopt.ffi.openblas;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import org.panopt.ffi.Downcalls;
import org.panopt.ffi.LibraryUnavailableException;

/**
 * The OpenBLAS library this JVM uses: found once, on first use, by {@link OpenBlasLoader} (explicit
 * path, then the system library, then the copy bundled in the Maven jar), then bound by
 * {@link Blas} and {@link Lapack}. When none is found every call throws
 * {@link LibraryUnavailableException} saying what was searched; nothing crashes.
 */
public final class OpenBlas {
    private OpenBlas() {
    }

    private static final class Discovery {
        static final OpenBlasLoader.Result RESULT = discover();

        private static OpenBlasLoader.Result discover() {
            OpenBlasLoader.Result r = OpenBlasLoader.discover(OpenBlasLoader.Config.fromEnvironment());
            System.getLogger("org.panopt.ffi.openblas").log(System.Logger.Level.DEBUG, r.describe());
            return r;
        }
    }

    private static final class Threads {
        static final MethodHandle GET = bind("openblas_get_num_threads", FunctionDescriptor.of(JAVA_INT), false);
        static final MethodHandle SET = bind("openblas_set_num_threads", FunctionDescriptor.ofVoid(JAVA_INT), false);
        static final MethodHandle CORENAME = bind("openblas_get_corename", FunctionDescriptor.of(ADDRESS), false);
    }

    /** The discovery outcome: the library used, or every candidate tried and why it failed. */
    public static OpenBlasLoader.Result status() {
        return Discovery.RESULT;
    }

    /** Whether an OpenBLAS library was found and passed its self-test. */
    public static boolean isAvailable() {
        return Discovery.RESULT.available();
    }

    /**
     * The library in use.
     *
     * @throws LibraryUnavailableException if none was found (the message lists what was searched)
     */
    public static OpenBlasLoader.Loaded library() {
        OpenBlasLoader.Loaded l = Discovery.RESULT.loaded();
        if (l == null) {
            throw unavailable();
        }
        return l;
    }

    /** {@code openblas_get_config()}: version, build options and the kernel in use. */
    public static String config() {
        return library().config();
    }

    /** {@code openblas_get_corename()}: the CPU kernel family chosen (e.g. "Haswell", "SkylakeX"). */
    public static String coreName() {
        try {
            MemorySegment s = (MemorySegment) Threads.CORENAME.invokeExact();
            return s.equals(MemorySegment.NULL) ? "unknown" : s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code openblas_get_num_threads()}. */
    public static int numThreads() {
        try {
            return (int) Threads.GET.invokeExact();
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code openblas_set_num_threads(n)}: the threads OpenBLAS uses for one call from now on. */
    public static void setNumThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + n);
        }
        try {
            Threads.SET.invokeExact(n);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static LibraryUnavailableException unavailable() {
        return new LibraryUnavailableException(Discovery.RESULT.describe());
    }

    /**
     * A downcall to {@code name} in the library in use, or, if there is none, a handle of the same type
     * that throws {@link LibraryUnavailableException}.
     */
    static MethodHandle bind(String name, FunctionDescriptor fd, boolean critical) {
        OpenBlasLoader.Loaded l = Discovery.RESULT.loaded();
        if (l == null) {
            return Downcalls.throwing(fd, OpenBlas::unavailable);
        }
        try {
            return Downcalls.bind(l.lookup(), name, fd, critical);
        } catch (IllegalArgumentException e) {
            String msg = l + " has no symbol " + name;
            return Downcalls.throwing(fd, () -> new LibraryUnavailableException(msg));
        }
    }
}
