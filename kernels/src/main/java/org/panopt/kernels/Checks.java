package org.panopt.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Argument validation shared by every kernel, done once per call before any memory is touched, so
 * that a bad size, stride, leading dimension or offset is an exception and never a read or write
 * outside the caller's segment (the native backends call the same checks before a downcall).
 *
 * <p>Conventions (BLAS): sizes and increments are {@code int}; offsets are element indices
 * ({@code long}); storage is column-major; a negative increment walks the vector backwards from its
 * last element, exactly as the reference BLAS does, so the touched range is always
 * {@code [off, off + (n − 1)·|inc|]}.
 */
public final class Checks {
    private Checks() {
    }

    /** {@code n ≥ 0}. */
    public static void size(String name, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + n);
        }
    }

    /**
     * A strided vector of {@code n} elements of {@code elemBytes} bytes at element offset {@code off}
     * with increment {@code inc ≠ 0} fits in {@code seg}.
     */
    public static void vector(String name, MemorySegment seg, long off, int n, int inc, int elemBytes) {
        size("n", n);
        if (n == 0) {
            return;
        }
        if (inc == 0) {
            throw new IllegalArgumentException("increment of " + name + " must be non-zero");
        }
        long last = off + (long) (n - 1) * Math.abs((long) inc);
        within(name, seg, off, last, elemBytes);
    }

    /**
     * A column-major {@code rows × cols} matrix at element offset {@code off} with leading dimension
     * {@code ld ≥ max(1, rows)} fits in {@code seg}.
     */
    public static void matrix(String name, MemorySegment seg, long off, int rows, int cols, int ld, int elemBytes) {
        // Messages are built only on failure: an eager "rows of " + name would allocate on every call.
        if (rows < 0) {
            throw new IllegalArgumentException("rows of " + name + " must be >= 0, got " + rows);
        }
        if (cols < 0) {
            throw new IllegalArgumentException("columns of " + name + " must be >= 0, got " + cols);
        }
        if (ld < Math.max(1, rows)) {
            throw new IllegalArgumentException("leading dimension of " + name + " is " + ld + ", must be >= max(1, "
                    + rows + ")");
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        within(name, seg, off, off + (rows - 1) + (long) (cols - 1) * ld, elemBytes);
    }

    /** Elements {@code [first, last]} lie inside {@code seg}. */
    public static void within(String name, MemorySegment seg, long first, long last, int elemBytes) {
        if (seg == null) {
            throw new NullPointerException(name + " is null");
        }
        if (first < 0 || last >= seg.byteSize() / elemBytes) {
            throw new IndexOutOfBoundsException(name + " spans elements " + first + ".." + last + " but its segment holds "
                    + seg.byteSize() / elemBytes + " elements of " + elemBytes + " bytes");
        }
    }

    /** The segment can be written (not a read-only mapping). */
    public static void writable(String name, MemorySegment seg) {
        if (seg.isReadOnly()) {
            throw new IllegalArgumentException(name + " is read-only and cannot be written");
        }
    }

    /**
     * The element index of vector element 0 under the convention above: {@code off} for a positive
     * increment, {@code off + (n − 1)·|inc|} for a negative one (element k then lives at
     * {@code firstIndex + k·inc}).
     */
    public static long firstIndex(long off, int n, int inc) {
        return inc < 0 ? off + (long) (n - 1) * -(long) inc : off;
    }

    /** A scalar parameter that must be finite and strictly positive (a temperature, a threshold scale). */
    public static void positiveFinite(String name, double value) {
        if (!(value > 0 && value <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
        }
    }

    /** A scalar parameter that must be finite and {@code ≥ 0} (a threshold). */
    public static void nonNegativeFinite(String name, double value) {
        if (!(value >= 0 && value <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
    }
}
