package org.panopt.ffi.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import org.panopt.ffi.Checks;
import org.panopt.ffi.Downcalls;

/**
 * The CUDA runtime ({@code libcudart}) as loaded from one file: devices, device memory, explicit
 * host↔device copies, streams, errors. Every failing call throws {@link CudaException} with CUDA's
 * own name and description of the error. Host segments in copies must be off-heap (a copy is not a
 * short call) and are bounds-checked before the call, like device views.
 */
public final class CudaRuntime {
    private static final int H2D = 1;
    private static final int D2H = 2;
    private static final int D2D = 3;
    private static final int ATTR_MULTIPROCESSORS = 16;
    private static final int ATTR_MAJOR = 75;
    private static final int ATTR_MINOR = 76;
    /** cudaDeviceProp is about 1 KB in CUDA 11–13; name is at 0 and totalGlobalMem at 288 in all of them. */
    private static final long PROP_BYTES = 4096;
    private static final long PROP_TOTAL_MEM = 288;

    private final Path path;
    private final MethodHandle getDeviceCount;
    private final MethodHandle getDeviceProperties;
    private final MethodHandle deviceGetAttribute;
    private final MethodHandle setDevice;
    private final MethodHandle malloc;
    private final MethodHandle free;
    private final MethodHandle memcpy;
    private final MethodHandle memcpyAsync;
    private final MethodHandle streamCreate;
    private final MethodHandle streamDestroy;
    private final MethodHandle streamSynchronize;
    private final MethodHandle deviceSynchronize;
    private final MethodHandle errorName;
    private final MethodHandle errorString;
    private final MethodHandle runtimeVersion;
    private final MethodHandle driverVersion;

    /**
     * Binds the runtime in {@code lib}.
     *
     * @throws IllegalArgumentException if a symbol is missing
     */
    CudaRuntime(SymbolLookup lib, Path path) {
        this.path = path;
        FunctionDescriptor intPtr = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        getDeviceCount = Downcalls.bind(lib, "cudaGetDeviceCount", intPtr, false);
        // CUDA 12 headers map cudaGetDeviceProperties to the _v2 symbol; CUDA 13 has only the plain one.
        getDeviceProperties = Downcalls.bind(lib, lib.find("cudaGetDeviceProperties_v2").isPresent()
                ? "cudaGetDeviceProperties_v2" : "cudaGetDeviceProperties",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), false);
        deviceGetAttribute = Downcalls.bind(lib, "cudaDeviceGetAttribute",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), false);
        setDevice = Downcalls.bind(lib, "cudaSetDevice", FunctionDescriptor.of(JAVA_INT, JAVA_INT), false);
        malloc = Downcalls.bind(lib, "cudaMalloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), false);
        free = Downcalls.bind(lib, "cudaFree", FunctionDescriptor.of(JAVA_INT, JAVA_LONG), false);
        memcpy = Downcalls.bind(lib, "cudaMemcpy",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT), false);
        memcpyAsync = Downcalls.bind(lib, "cudaMemcpyAsync",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG), false);
        streamCreate = Downcalls.bind(lib, "cudaStreamCreate", intPtr, false);
        FunctionDescriptor onStream = FunctionDescriptor.of(JAVA_INT, JAVA_LONG);
        streamDestroy = Downcalls.bind(lib, "cudaStreamDestroy", onStream, false);
        streamSynchronize = Downcalls.bind(lib, "cudaStreamSynchronize", onStream, false);
        deviceSynchronize = Downcalls.bind(lib, "cudaDeviceSynchronize", FunctionDescriptor.of(JAVA_INT), false);
        errorName = Downcalls.bind(lib, "cudaGetErrorName", FunctionDescriptor.of(ADDRESS, JAVA_INT), false);
        errorString = Downcalls.bind(lib, "cudaGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT), false);
        runtimeVersion = Downcalls.bind(lib, "cudaRuntimeGetVersion", intPtr, false);
        driverVersion = Downcalls.bind(lib, "cudaDriverGetVersion", intPtr, false);
    }

    /** The file this runtime was loaded from. */
    public Path path() {
        return path;
    }

    private void check(String call, int code) {
        if (code != 0) {
            throw new CudaException(call, code, errorName(code), errorString(code));
        }
    }

    /** {@code cudaGetErrorName}, e.g. "cudaErrorNoDevice". */
    public String errorName(int code) {
        try {
            return text((MemorySegment) errorName.invokeExact(code));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code cudaGetErrorString}: CUDA's description of an error code. */
    public String errorString(int code) {
        try {
            return text((MemorySegment) errorString.invokeExact(code));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static String text(MemorySegment s) {
        return s.equals(MemorySegment.NULL) ? "(no text)" : s.reinterpret(1024).getString(0);
    }

    private int intOut(MethodHandle h, String call) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_INT);
            check(call, (int) h.invokeExact(out));
            return out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code cudaGetDeviceCount}: throws with CUDA's reason (no driver, no device) instead of returning 0. */
    public int deviceCount() {
        return intOut(getDeviceCount, "cudaGetDeviceCount");
    }

    /** The runtime version as CUDA encodes it (1000·major + 10·minor, e.g. 12080 for 12.8). */
    public int runtimeVersion() {
        return intOut(runtimeVersion, "cudaRuntimeGetVersion");
    }

    /** The driver's CUDA version (0 when no driver is installed). */
    public int driverVersion() {
        return intOut(driverVersion, "cudaDriverGetVersion");
    }

    /** Name, memory, compute capability and multiprocessors of {@code device}. */
    public DeviceProperties properties(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment prop = a.allocate(PROP_BYTES, 8);
            check("cudaGetDeviceProperties", (int) getDeviceProperties.invokeExact(prop, device));
            MemorySegment v = a.allocate(JAVA_INT);
            int[] attrs = {ATTR_MAJOR, ATTR_MINOR, ATTR_MULTIPROCESSORS};
            int[] vals = new int[3];
            for (int i = 0; i < 3; i++) {
                check("cudaDeviceGetAttribute", (int) deviceGetAttribute.invokeExact(v, attrs[i], device));
                vals[i] = v.get(JAVA_INT, 0);
            }
            return new DeviceProperties(prop.getString(0), prop.get(JAVA_LONG, PROP_TOTAL_MEM), vals[0], vals[1], vals[2]);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code cudaSetDevice}: the device this thread's later calls use. */
    public void setDevice(int device) {
        try {
            check("cudaSetDevice", (int) setDevice.invokeExact(device));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code cudaMalloc}: {@code bytes} of device memory, owned by the returned buffer. */
    public DeviceBuffer allocate(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative allocation " + bytes);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            check("cudaMalloc(" + bytes + " bytes)", (int) malloc.invokeExact(out, bytes));
            return new DeviceBuffer(this, out.get(JAVA_LONG, 0), bytes);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    void free(long pointer) {
        try {
            check("cudaFree", (int) free.invokeExact(pointer));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** Copies {@code bytes} from host memory at byte {@code hostOffset} to the buffer at byte {@code deviceOffset}. */
    public void copyToDevice(MemorySegment host, long hostOffset, DeviceBuffer device, long deviceOffset, long bytes) {
        copy(H2D, host, hostOffset, device, deviceOffset, bytes, null);
    }

    /** Copies {@code bytes} from the buffer at byte {@code deviceOffset} to host memory at byte {@code hostOffset}. */
    public void copyToHost(DeviceBuffer device, long deviceOffset, MemorySegment host, long hostOffset, long bytes) {
        copy(D2H, host, hostOffset, device, deviceOffset, bytes, null);
    }

    /** Asynchronous {@link #copyToDevice} on {@code stream}: the host memory must stay alive until the stream is synchronised. */
    public void copyToDeviceAsync(MemorySegment host, long hostOffset, DeviceBuffer device, long deviceOffset, long bytes,
                                  CudaStream stream) {
        copy(H2D, host, hostOffset, device, deviceOffset, bytes, stream);
    }

    /** Asynchronous {@link #copyToHost} on {@code stream}. */
    public void copyToHostAsync(DeviceBuffer device, long deviceOffset, MemorySegment host, long hostOffset, long bytes,
                                CudaStream stream) {
        copy(D2H, host, hostOffset, device, deviceOffset, bytes, stream);
    }

    /** Copies {@code bytes} between device buffers. */
    public void copyOnDevice(DeviceBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long bytes) {
        deviceRange("source", src, srcOffset, bytes);
        deviceRange("destination", dst, dstOffset, bytes);
        try {
            check("cudaMemcpy(device to device)", (int) memcpy.invokeExact(dst.pointer() + dstOffset,
                    src.pointer() + srcOffset, bytes, D2D));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * Copies a column-major {@code rows × cols} host matrix (element offset {@code hostOffset}, leading
     * dimension {@code hostLd}) into the storage of {@code dst} (which must have that storage shape):
     * one copy if both are contiguous, else one per column.
     */
    public void upload(MemorySegment host, long hostOffset, int hostLd, DeviceMatrix dst) {
        transfer(true, host, hostOffset, hostLd, dst);
    }

    /** The reverse of {@link #upload}: the storage of {@code src} into a column-major host matrix. */
    public void download(DeviceMatrix src, MemorySegment host, long hostOffset, int hostLd) {
        transfer(false, host, hostOffset, hostLd, src);
    }

    private void transfer(boolean up, MemorySegment host, long hostOffset, int hostLd, DeviceMatrix m) {
        int eb = m.type().bytes();
        int rows = m.storageRows();
        int cols = m.storageCols();
        Checks.matrix("host matrix", host, hostOffset, rows, cols, hostLd, eb);
        if (rows == 0 || cols == 0) {
            return;
        }
        if (hostLd == rows && m.ld() == rows) {
            long bytes = (long) rows * cols * eb;
            if (up) {
                copyToDevice(host, hostOffset * eb, m.buffer(), m.offset() * eb, bytes);
            } else {
                copyToHost(m.buffer(), m.offset() * eb, host, hostOffset * eb, bytes);
            }
            return;
        }
        for (int j = 0; j < cols; j++) {
            long h = (hostOffset + (long) j * hostLd) * eb;
            long d = (m.offset() + (long) j * m.ld()) * eb;
            if (up) {
                copyToDevice(host, h, m.buffer(), d, (long) rows * eb);
            } else {
                copyToHost(m.buffer(), d, host, h, (long) rows * eb);
            }
        }
    }

    private void copy(int kind, MemorySegment host, long hostOffset, DeviceBuffer device, long deviceOffset,
                      long bytes, CudaStream stream) {
        Checks.array("host segment", host, hostOffset, bytes, 1);
        Checks.offHeap("host segment", host);
        if (kind == D2H) {
            Checks.writable("host segment", host);
        }
        deviceRange("device buffer", device, deviceOffset, bytes);
        if (bytes == 0) {
            return;
        }
        long h = host.address() + hostOffset;
        long d = device.pointer() + deviceOffset;
        long dst = kind == H2D ? d : h;
        long src = kind == H2D ? h : d;
        String what = kind == H2D ? "host to device" : "device to host";
        try {
            if (stream == null) {
                check("cudaMemcpy(" + what + ", " + bytes + " bytes)", (int) memcpy.invokeExact(dst, src, bytes, kind));
            } else {
                check("cudaMemcpyAsync(" + what + ", " + bytes + " bytes)",
                        (int) memcpyAsync.invokeExact(dst, src, bytes, kind, stream.handle()));
            }
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        } finally {
            java.lang.ref.Reference.reachabilityFence(host);
        }
    }

    private static void deviceRange(String name, DeviceBuffer b, long offset, long bytes) {
        b.checkOpen();
        if (offset < 0 || bytes < 0 || offset > b.byteSize() - bytes) {
            throw new IndexOutOfBoundsException(name + ": bytes " + offset + ".." + (offset + bytes) + " outside a buffer of "
                    + b.byteSize() + " bytes");
        }
    }

    /** {@code cudaStreamCreate}. */
    public CudaStream createStream() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            check("cudaStreamCreate", (int) streamCreate.invokeExact(out));
            return new CudaStream(this, out.get(JAVA_LONG, 0));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    void streamDestroy(long stream) {
        try {
            check("cudaStreamDestroy", (int) streamDestroy.invokeExact(stream));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    void streamSynchronize(long stream) {
        try {
            check("cudaStreamSynchronize", (int) streamSynchronize.invokeExact(stream));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code cudaDeviceSynchronize}: waits for all work on the current device. */
    public void synchronize() {
        try {
            check("cudaDeviceSynchronize", (int) deviceSynchronize.invokeExact());
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
