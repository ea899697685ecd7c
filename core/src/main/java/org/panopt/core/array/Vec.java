package org.panopt.core.array;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A strided vector view over a {@link MemorySegment}: element k lives at element index
 * {@code offset + k·stride}. Like {@link Matrix}, bounds are validated when the view is made and a
 * view never owns its memory. The stride is positive (BLAS negative increments are a kernel-level
 * argument, not a view).
 */
public final class Vec {
    private final MemorySegment segment;
    private final DType dtype;
    private final long offset;
    private final int length;
    private final int stride;

    private Vec(MemorySegment segment, DType dtype, long offset, int length, int stride) {
        this.segment = segment;
        this.dtype = dtype;
        this.offset = offset;
        this.length = length;
        this.stride = stride;
    }

    /**
     * A view of {@code length} elements starting at element {@code offset}, {@code stride} apart.
     *
     * @throws IllegalArgumentException if {@code length < 0} or {@code stride < 1}
     * @throws IndexOutOfBoundsException if the view does not fit in the segment
     */
    public static Vec of(MemorySegment segment, DType dtype, long offset, int length, int stride) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(dtype, "dtype");
        if (length < 0) {
            throw new IllegalArgumentException("negative vector length " + length);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("vector stride must be >= 1, got " + stride);
        }
        if (offset < 0) {
            throw new IndexOutOfBoundsException("negative offset " + offset);
        }
        Vec v = new Vec(segment, dtype, offset, length, stride);
        if (length > 0) {
            Elements.checkBounds(segment, dtype, offset, v.index(length - 1), "a " + v);
        }
        return v;
    }

    /** A new zero-filled, 64-byte aligned, contiguous vector owned by {@code arena}. */
    public static Vec allocate(Arena arena, DType dtype, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative vector length " + length);
        }
        MemorySegment s = arena.allocate((long) length * dtype.byteSize(), DType.ALIGNMENT);
        return new Vec(s, dtype, 0, length, 1);
    }

    /** A float64 copy of {@code values}, owned by {@code arena}. */
    public static Vec copyOf(Arena arena, double... values) {
        return copyOf(arena, DType.F64, values);
    }

    /** A copy of {@code values} in the given dtype, owned by {@code arena}. */
    public static Vec copyOf(Arena arena, DType dtype, double... values) {
        Vec v = allocate(arena, dtype, values.length);
        for (int k = 0; k < values.length; k++) {
            v.set(k, values[k]);
        }
        return v;
    }

    /** A zero-copy view of a heap array. */
    public static Vec wrap(double[] values) {
        return of(MemorySegment.ofArray(values), DType.F64, 0, values.length, 1);
    }

    /** A zero-copy view of a heap array. */
    public static Vec wrap(float[] values) {
        return of(MemorySegment.ofArray(values), DType.F32, 0, values.length, 1);
    }

    public MemorySegment segment() {
        return segment;
    }

    public DType dtype() {
        return dtype;
    }

    /** Element offset of element 0 in the segment. */
    public long offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public int stride() {
        return stride;
    }

    /** Element index of element k in the segment; unchecked. */
    public long index(int k) {
        return offset + (long) k * stride;
    }

    public double get(int k) {
        Objects.checkIndex(k, length);
        return Elements.get(segment, dtype, index(k));
    }

    public void set(int k, double v) {
        Objects.checkIndex(k, length);
        Elements.set(segment, dtype, index(k), v);
    }

    /** Elements {@code [from, to)} as a view. */
    public Vec slice(int from, int to) {
        Objects.checkFromToIndex(from, to, length);
        return new Vec(segment, dtype, to > from ? index(from) : offset, to - from, stride);
    }

    /** This vector as an {@code length × 1} matrix view. */
    public Matrix asColumn() {
        return stride == 1
                ? Matrix.of(segment, dtype, offset, length, 1, Math.max(1, length))
                : Matrix.of(segment, dtype, offset, length, 1, stride, true);
    }

    /** This vector as a {@code 1 × length} matrix view. */
    public Matrix asRow() {
        return Matrix.of(segment, dtype, offset, 1, length, stride);
    }

    public void fill(double v) {
        Elements.checkAlive(segment);
        for (int k = 0; k < length; k++) {
            Elements.set(segment, dtype, index(k), v);
        }
    }

    /** Copies {@code src} (same length, any dtype) into this view; overlapping non-identical views are refused. */
    public void copyFrom(Vec src) {
        asColumn().copyFrom(src.asColumn());
    }

    public double[] toArray() {
        double[] a = new double[length];
        for (int k = 0; k < length; k++) {
            a[k] = get(k);
        }
        return a;
    }

    @Override
    public String toString() {
        return "Vec[" + dtype + " n=" + length + ", stride=" + stride + ", offset=" + offset + "]";
    }
}
