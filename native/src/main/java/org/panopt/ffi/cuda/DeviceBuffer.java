package org.panopt.ffi.cuda;

import java.util.concurrent.atomic.AtomicBoolean;
import org.panopt.ffi.ElementType;

/**
 * Memory on a CUDA device ({@code cudaMalloc}), owned by this object and freed exactly once by
 * {@link #close()}. It carries a device pointer, never host memory: data moves only through the
 * explicit copies of {@link CudaRuntime}. Views ({@link #matrix}, {@link #vector}) do not own it, and
 * using one after the buffer is closed throws {@link IllegalStateException}.
 */
public final class DeviceBuffer implements AutoCloseable {
    private final CudaRuntime runtime;
    private final long pointer;
    private final long byteSize;
    private final AtomicBoolean closed = new AtomicBoolean();

    DeviceBuffer(CudaRuntime runtime, long pointer, long byteSize) {
        this.runtime = runtime;
        this.pointer = pointer;
        this.byteSize = byteSize;
    }

    /** The device address. */
    public long pointer() {
        checkOpen();
        return pointer;
    }

    public long byteSize() {
        return byteSize;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** The runtime that allocated this buffer. */
    public CudaRuntime runtime() {
        return runtime;
    }

    void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("device buffer of " + byteSize + " bytes was freed (closed)");
        }
    }

    /** A column-major {@code rows × cols} view at element 0 with leading dimension {@code max(1, rows)}. */
    public DeviceMatrix matrix(ElementType type, int rows, int cols) {
        return DeviceMatrix.of(this, type, 0, rows, cols, Math.max(1, rows), false);
    }

    /** A contiguous vector view of {@code length} elements at element 0. */
    public DeviceVector vector(ElementType type, int length) {
        return DeviceVector.of(this, type, 0, length, 1);
    }

    /** Frees the device memory; later calls do nothing (freed exactly once, even from several threads). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            runtime.free(pointer);
        }
    }

    @Override
    public String toString() {
        return "DeviceBuffer[" + byteSize + " bytes at 0x" + Long.toHexString(pointer) + (isOpen() ? "" : ", closed")
                + "]";
    }
}
