package org.panopt.ffi;

import java.lang.foreign.MemorySegment;

/**
 * Argument validation done in Java before every downcall: a wrong size, increment, leading
 * dimension or offset handed to native code overwrites or reads memory it does not own (a JVM crash
 * at best), so each one is an exception here instead.
 *
 * <p>Conventions (BLAS): sizes and increments are {@code int}; offsets are element indices
 * ({@code long}); storage is column-major; a negative increment walks the vector backwards from its
 * last element, as the reference BLAS does, so the touched range is always
 * {@code [off, off + (n − 1)·|inc|]}. The same rules as {@code org.panopt.kernels.Checks}, which this
 * module cannot depend on; this class adds what only a downcall needs (live arena, writable memory,
 * element alignment, the critical-call rule for heap segments).
 */
public final class Checks {
    private Checks() {
    }

    /**
     * The most work (roughly, floating-point operations) a call may do as a critical downcall, the only
     * kind that may read heap segments. A critical call blocks garbage collection and safepoints for its
     * whole duration (a 1024 GEMM took 33 ms), so only short calls qualify: 32768 is a 32×32×32 GEMM or a
     * dot product of 32768 elements, a few microseconds. Override with {@code -Dpanopt.ffi.criticalWork}.
     */
    public static final long CRITICAL_WORK = Long.getLong("panopt.ffi.criticalWork", 32_768L);

    /** {@code n ≥ 0}. */
    public static void size(String name, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + n);
        }
    }

    /** {@code inc ≠ 0} (two-vector routines, where a negative increment reverses the walk). */
    public static void increment(String name, int inc) {
        if (inc == 0) {
            throw new IllegalArgumentException("increment of " + name + " must be non-zero");
        }
    }

    /** {@code inc > 0} (one-vector routines: BLAS gives them no defined meaning for other increments). */
    public static void positiveIncrement(String name, int inc) {
        if (inc <= 0) {
            throw new IllegalArgumentException("increment of " + name + " must be > 0, got " + inc);
        }
    }

    /** Leading dimension {@code ld ≥ max(1, rows)}. */
    public static void leadingDimension(String name, int ld, int rows) {
        if (ld < Math.max(1, rows)) {
            throw new IllegalArgumentException("leading dimension of " + name + " is " + ld + ", must be >= max(1, "
                    + rows + ")");
        }
    }

    /**
     * A strided vector of {@code n} elements of {@code elemBytes} bytes at element offset {@code off}
     * with increment {@code inc ≠ 0} lies in a live, element-aligned {@code seg}.
     */
    public static void vector(String name, MemorySegment seg, long off, int n, int inc, int elemBytes) {
        size("n", n);
        increment(name, inc);
        live(name, seg, elemBytes);
        if (n > 0) {
            within(name, seg, off, off + (long) (n - 1) * Math.abs((long) inc), elemBytes);
        }
    }

    /**
     * A column-major {@code rows × cols} matrix at element offset {@code off} with leading dimension
     * {@code ld ≥ max(1, rows)} lies in a live, element-aligned {@code seg}.
     */
    public static void matrix(String name, MemorySegment seg, long off, int rows, int cols, int ld, int elemBytes) {
        if (rows < 0 || cols < 0) { // messages built only on failure: the success path must not allocate
            throw new IllegalArgumentException("matrix " + name + " must have sizes >= 0, got " + rows + " x " + cols);
        }
        leadingDimension(name, ld, rows);
        live(name, seg, elemBytes);
        if (rows > 0 && cols > 0) {
            within(name, seg, off, off + (rows - 1) + (long) (cols - 1) * ld, elemBytes);
        }
    }

    /** {@code count} contiguous elements from element offset {@code off} lie in a live, aligned {@code seg}. */
    public static void array(String name, MemorySegment seg, long off, long count, int elemBytes) {
        live(name, seg, elemBytes);
        if (count > 0) {
            within(name, seg, off, off + count - 1, elemBytes);
        }
    }

    /** Elements {@code [first, last]} lie inside {@code seg} (no overflow on absurd offsets). */
    public static void within(String name, MemorySegment seg, long first, long last, int elemBytes) {
        long elements = seg.byteSize() / elemBytes;
        if (first < 0 || last < first || last >= elements) {
            throw new IndexOutOfBoundsException(name + " spans elements " + first + ".." + last
                    + " but its segment holds " + elements + " elements of " + elemBytes + " bytes");
        }
    }

    /**
     * Not null, its arena still open, and its elements aligned to their size (native code may use
     * aligned loads; a misaligned view of a byte buffer is refused rather than risked).
     */
    public static void live(String name, MemorySegment seg, int elemBytes) {
        if (seg == null) {
            throw new NullPointerException(name + " is null");
        }
        if (!seg.scope().isAlive()) {
            throw new IllegalStateException("the memory of " + name + " was freed: its Arena is closed");
        }
        if (seg.maxByteAlignment() < elemBytes) {
            throw new IllegalArgumentException(name + " is not aligned to its " + elemBytes
                    + "-byte elements (address alignment " + seg.maxByteAlignment() + ")");
        }
    }

    /** The segment can be written (a read-only mapping written by native code would crash the JVM). */
    public static void writable(String name, MemorySegment seg) {
        if (seg.isReadOnly()) {
            throw new IllegalArgumentException(name + " is read-only and cannot be written");
        }
    }

    /** The segment is off-heap (LAPACK calls are long, so never critical, so they cannot read Java arrays). */
    public static void offHeap(String name, MemorySegment seg) {
        if (!seg.isNative()) {
            throw new IllegalArgumentException(name + " is a heap segment (a Java array): this call is too long to be"
                    + " a critical downcall, so it needs off-heap memory (Arena.allocate)");
        }
    }

    /** Whether every given segment (nulls ignored) is off-heap, so its raw address can be passed. */
    public static boolean allNative(MemorySegment a, MemorySegment b, MemorySegment c) {
        return a.isNative() && (b == null || b.isNative()) && (c == null || c.isNative());
    }

    /**
     * Whether a call doing {@code work} operations goes through the critical (heap-capable, GC-blocking)
     * downcall; if not, every segment must be off-heap.
     *
     * @throws IllegalArgumentException if a heap segment is passed to a call too long to be critical
     */
    public static boolean critical(long work, MemorySegment a, MemorySegment b, MemorySegment c) {
        if (work <= CRITICAL_WORK) {
            return true;
        }
        if (!a.isNative() || (b != null && !b.isNative()) || (c != null && !c.isNative())) {
            throw new IllegalArgumentException("a heap segment (Java array) can only be passed to a short critical"
                    + " call (work <= " + CRITICAL_WORK + "), this one does " + work
                    + ": copy the operands to off-heap memory (Arena.allocate) for large operations");
        }
        return false;
    }
}
