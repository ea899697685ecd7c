package org.panopt.core.array;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Scratch memory for one iteration object: sized once, when the algorithm is built, then handed
 * out as views and never grown on a hot path. Every view is 64-byte aligned and zero-filled.
 *
 * <p>A workspace owns a shared {@link Arena} (so a fixed thread pool may read its views); closing
 * it frees every view it handed out, after which any access through them throws
 * {@link IllegalStateException}. An optional byte budget turns an undersized plan into a clear error
 * instead of silent growth.
 */
public final class Workspace implements AutoCloseable {
    private final Arena arena;
    private final long budget;
    private long used;
    private final java.util.ArrayDeque<AutoCloseable> attached = new java.util.ArrayDeque<>();

    private Workspace(long budget) {
        if (budget < 0) {
            throw new IllegalArgumentException("negative workspace budget " + budget);
        }
        this.arena = Arena.ofShared();
        this.budget = budget;
    }

    /** A workspace without a byte budget. */
    public static Workspace create() {
        return new Workspace(Long.MAX_VALUE);
    }

    /** A workspace that refuses to hand out more than {@code budgetBytes} in total (alignment padding included). */
    public static Workspace withBudget(long budgetBytes) {
        return new Workspace(budgetBytes);
    }

    /** Bytes a view of {@code elements} elements takes from a budget (rounded up to the alignment). */
    public static long bytesFor(DType dtype, long elements) {
        long raw = Math.multiplyExact(elements, dtype.byteSize());
        return (raw + DType.ALIGNMENT - 1) / DType.ALIGNMENT * DType.ALIGNMENT;
    }

    /** A zero-filled column-major {@code rows × cols} matrix. */
    public Matrix matrix(DType dtype, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative matrix size " + rows + "x" + cols);
        }
        MemorySegment s = take(dtype, (long) rows * cols);
        return Matrix.of(s, dtype, 0, rows, cols, Math.max(1, rows));
    }

    /** A zero-filled contiguous vector. */
    public Vec vector(DType dtype, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative vector length " + length);
        }
        return Vec.of(take(dtype, length), dtype, 0, length, 1);
    }

    /** A raw zero-filled, aligned segment of {@code bytes} bytes. */
    public MemorySegment segment(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative segment size " + bytes);
        }
        return take(bytes);
    }

    private MemorySegment take(DType dtype, long elements) {
        return take(Math.multiplyExact(elements, dtype.byteSize()));
    }

    private synchronized MemorySegment take(long bytes) {
        if (!arena.scope().isAlive()) {
            throw new IllegalStateException("workspace is closed");
        }
        long padded = (bytes + DType.ALIGNMENT - 1) / DType.ALIGNMENT * DType.ALIGNMENT;
        if (padded > budget - used) {
            throw new IllegalStateException("workspace budget exceeded: asked for " + padded + " bytes with "
                    + used + " of " + budget + " already handed out");
        }
        used += padded;
        return arena.allocate(bytes, DType.ALIGNMENT);
    }

    /** Bytes handed out so far (alignment padding included). */
    public synchronized long bytesUsed() {
        return used;
    }

    /** The budget given at creation ({@code Long.MAX_VALUE} if none). */
    public long budget() {
        return budget;
    }

    public boolean isOpen() {
        return arena.scope().isAlive();
    }

    /** The arena that owns this workspace's memory, for callers that allocate alongside it. */
    public Arena arena() {
        return arena;
    }

    /**
     * Ties another resource (e.g. a device buffer) to this workspace: it is closed, in reverse
     * order of attachment, when the workspace is.
     */
    public synchronized <T extends AutoCloseable> T attach(T resource) {
        if (!arena.scope().isAlive()) {
            throw new IllegalStateException("workspace is closed");
        }
        attached.push(resource);
        return resource;
    }

    /**
     * Frees every view handed out and closes the attached resources. Idempotent. If an attached
     * resource fails to close, the others are still closed and the first failure is rethrown.
     */
    @Override
    public synchronized void close() {
        RuntimeException first = null;
        while (!attached.isEmpty()) {
            try {
                attached.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException("closing " + e, e);
                }
            }
        }
        if (arena.scope().isAlive()) {
            arena.close();
        }
        if (first != null) {
            throw first;
        }
    }
}
