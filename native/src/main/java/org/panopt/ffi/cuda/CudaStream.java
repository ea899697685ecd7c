package org.panopt.ffi.cuda;

import java.util.concurrent.atomic.AtomicBoolean;

/** A CUDA stream ({@code cudaStreamCreate}); destroyed exactly once by {@link #close()}. */
public final class CudaStream implements AutoCloseable {
    private final CudaRuntime runtime;
    private final long handle;
    private final AtomicBoolean closed = new AtomicBoolean();

    CudaStream(CudaRuntime runtime, long handle) {
        this.runtime = runtime;
        this.handle = handle;
    }

    /** The {@code cudaStream_t} value. */
    public long handle() {
        if (closed.get()) {
            throw new IllegalStateException("CUDA stream was destroyed (closed)");
        }
        return handle;
    }

    /** Waits until every operation queued on this stream has finished ({@code cudaStreamSynchronize}). */
    public void synchronize() {
        runtime.streamSynchronize(handle());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            runtime.streamDestroy(handle);
        }
    }
}
