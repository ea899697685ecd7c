package org.panopt.core.array;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A dense matrix view over a {@link MemorySegment}: column-major storage with a leading dimension,
 * plus a transpose flag, so that BLAS, LAPACK, cuBLAS and the Vector API kernels all read the same
 * bytes without a copy.
 *
 * <p>The logical matrix is {@code rows × cols}. If not transposed, element (i, j) lives at element
 * index {@code offset + i + j·ld}; if transposed, the storage holds the {@code cols × rows}
 * column-major matrix and (i, j) lives at {@code offset + j + i·ld}. A NumPy C-order {@code (n, d)}
 * array is therefore a transposed view with {@code ld = d}.
 *
 * <p>Views are immutable and cheap; slicing ({@link #rows(int, int)}, {@link #cols(int, int)},
 * {@link #block}, {@link #row}, {@link #col}, {@link #t()}) never copies. Bounds are validated once,
 * when a view is made; the element accessors check their indices too (they are for tests and small
 * work: hot loops go through the kernels or a backend). A view does not own its memory: when the
 * owning {@link Arena} or {@link Workspace} is closed, any access throws {@link IllegalStateException}.
 */
public final class Matrix implements MatrixView<Matrix> {
    private final MemorySegment segment;
    private final DType dtype;
    private final long offset;
    private final int rows;
    private final int cols;
    private final int ld;
    private final boolean transposed;

    private Matrix(MemorySegment segment, DType dtype, long offset, int rows, int cols, int ld, boolean transposed) {
        this.segment = segment;
        this.dtype = dtype;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
        this.ld = ld;
        this.transposed = transposed;
    }

    /**
     * A column-major view of {@code rows × cols} elements starting at element {@code offset} with
     * leading dimension {@code ld}.
     *
     * @throws IllegalArgumentException if a size is negative or {@code ld < max(1, rows)}
     * @throws IndexOutOfBoundsException if the view does not fit in the segment
     */
    public static Matrix of(MemorySegment segment, DType dtype, long offset, int rows, int cols, int ld) {
        return of(segment, dtype, offset, rows, cols, ld, false);
    }

    /**
     * A view with an explicit transpose flag: if {@code transposed}, the storage is the column-major
     * {@code cols × rows} matrix with leading dimension {@code ld} (so {@code ld ≥ max(1, cols)}).
     */
    public static Matrix of(MemorySegment segment, DType dtype, long offset, int rows, int cols, int ld,
                            boolean transposed) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(dtype, "dtype");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative matrix size " + rows + "x" + cols);
        }
        int storageRows = transposed ? cols : rows;
        if (ld < Math.max(1, storageRows)) {
            throw new IllegalArgumentException("leading dimension " + ld + " < max(1, " + storageRows
                    + ") for a " + rows + "x" + cols + (transposed ? " transposed" : "") + " view");
        }
        if (offset < 0) {
            throw new IndexOutOfBoundsException("negative offset " + offset);
        }
        Matrix m = new Matrix(segment, dtype, offset, rows, cols, ld, transposed);
        if (rows > 0 && cols > 0) {
            Elements.checkBounds(segment, dtype, offset, m.index(rows - 1, cols - 1), "a " + m);
        }
        return m;
    }

    /** A new zero-filled, 64-byte aligned, column-major {@code rows × cols} matrix owned by {@code arena}. */
    public static Matrix allocate(Arena arena, DType dtype, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative matrix size " + rows + "x" + cols);
        }
        long bytes = Math.multiplyExact(Math.multiplyExact((long) rows, cols), dtype.byteSize());
        MemorySegment s = arena.allocate(bytes, DType.ALIGNMENT);
        return new Matrix(s, dtype, 0, rows, cols, Math.max(1, rows), false);
    }

    /** A float64 copy of a row-major Java array (rows of equal length), owned by {@code arena}. */
    public static Matrix copyOf(Arena arena, double[][] rowMajor) {
        return copyOf(arena, DType.F64, rowMajor);
    }

    /** A copy of a row-major Java array (rows of equal length) in the given dtype, owned by {@code arena}. */
    public static Matrix copyOf(Arena arena, DType dtype, double[][] rowMajor) {
        int r = rowMajor.length;
        int c = r == 0 ? 0 : rowMajor[0].length;
        Matrix m = allocate(arena, dtype, r, c);
        for (int i = 0; i < r; i++) {
            if (rowMajor[i].length != c) {
                throw new IllegalArgumentException("ragged array: row " + i + " has " + rowMajor[i].length
                        + " elements, row 0 has " + c);
            }
            for (int j = 0; j < c; j++) {
                m.set(i, j, rowMajor[i][j]);
            }
        }
        return m;
    }

    /** A zero-copy view of a heap array holding a column-major {@code rows × cols} matrix. */
    public static Matrix wrap(double[] columnMajor, int rows, int cols) {
        return of(MemorySegment.ofArray(columnMajor), DType.F64, 0, rows, cols, Math.max(1, rows));
    }

    /** A zero-copy view of a heap array holding a column-major {@code rows × cols} matrix. */
    public static Matrix wrap(float[] columnMajor, int rows, int cols) {
        return of(MemorySegment.ofArray(columnMajor), DType.F32, 0, rows, cols, Math.max(1, rows));
    }

    public MemorySegment segment() {
        return segment;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    /** Element offset of (0, 0) in the segment. */
    public long offset() {
        return offset;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    /** Leading dimension of the column-major storage. */
    @Override
    public int ld() {
        return ld;
    }

    /** Whether the storage holds the transpose (see the class comment). */
    @Override
    public boolean isTransposed() {
        return transposed;
    }

    /** Rows of the stored column-major matrix ({@code cols} if transposed). */
    public int storageRows() {
        return transposed ? cols : rows;
    }

    /** Columns of the stored column-major matrix ({@code rows} if transposed). */
    public int storageCols() {
        return transposed ? rows : cols;
    }

    /** Element distance between (i, j) and (i + 1, j). */
    public long rowStride() {
        return transposed ? ld : 1;
    }

    /** Element distance between (i, j) and (i, j + 1). */
    public long colStride() {
        return transposed ? 1 : ld;
    }

    public long size() {
        return (long) rows * cols;
    }

    /** True if the storage has no gaps ({@code ld == storageRows}, or one stored column). */
    public boolean isContiguous() {
        return ld == Math.max(1, storageRows()) || storageCols() <= 1;
    }

    /** Element index of (i, j) in the segment; unchecked (views are validated when made). */
    public long index(int i, int j) {
        return offset + i * rowStride() + j * colStride();
    }

    public double get(int i, int j) {
        Objects.checkIndex(i, rows);
        Objects.checkIndex(j, cols);
        return Elements.get(segment, dtype, index(i, j));
    }

    public void set(int i, int j, double v) {
        Objects.checkIndex(i, rows);
        Objects.checkIndex(j, cols);
        Elements.set(segment, dtype, index(i, j), v);
    }

    /** The transposed view (no copy). */
    @Override
    public Matrix t() {
        return new Matrix(segment, dtype, offset, cols, rows, ld, !transposed);
    }

    /** Rows {@code [from, to)} as a view. */
    @Override
    public Matrix rows(int from, int to) {
        Objects.checkFromToIndex(from, to, rows);
        return block(from, 0, to - from, cols);
    }

    /** Columns {@code [from, to)} as a view. */
    @Override
    public Matrix cols(int from, int to) {
        Objects.checkFromToIndex(from, to, cols);
        return block(0, from, rows, to - from);
    }

    /** The {@code nr × nc} block whose top-left element is (r0, c0), as a view. */
    @Override
    public Matrix block(int r0, int c0, int nr, int nc) {
        Objects.checkFromIndexSize(r0, nr, rows);
        Objects.checkFromIndexSize(c0, nc, cols);
        long off = (nr == 0 || nc == 0) ? offset : index(r0, c0);
        return new Matrix(segment, dtype, off, nr, nc, ld, transposed);
    }

    /** Column j as a vector view. */
    public Vec col(int j) {
        Objects.checkIndex(j, cols);
        return Vec.of(segment, dtype, offset + j * colStride(), rows, (int) rowStride());
    }

    /** Row i as a vector view. */
    public Vec row(int i) {
        Objects.checkIndex(i, rows);
        return Vec.of(segment, dtype, offset + i * rowStride(), cols, (int) colStride());
    }

    /** Sets every element to {@code v}. */
    public void fill(double v) {
        Elements.checkAlive(segment);
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                Elements.set(segment, dtype, index(i, j), v);
            }
        }
    }

    /**
     * Copies {@code src} (same shape, any dtype/layout) into this view, element by element.
     *
     * @throws IllegalArgumentException if shapes differ or the two views overlap in memory
     *                                  without being identical
     */
    public void copyFrom(Matrix src) {
        if (src.rows != rows || src.cols != cols) {
            throw new IllegalArgumentException("shape mismatch: copying " + src.rows + "x" + src.cols
                    + " into " + rows + "x" + cols);
        }
        if (sameLayoutAs(src)) {
            return;
        }
        if (overlaps(src)) {
            throw new IllegalArgumentException("source and destination views overlap in memory");
        }
        Elements.checkAlive(segment);
        Elements.checkAlive(src.segment);
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                Elements.set(segment, dtype, index(i, j), Elements.get(src.segment, src.dtype, src.index(i, j)));
            }
        }
    }

    /** A row-major Java copy of the elements (for tests and small results). */
    public double[][] toArray() {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = get(i, j);
            }
        }
        return a;
    }

    /** The bytes this view can touch, from its first to its last element (empty for an empty view). */
    public MemorySegment span() {
        if (rows == 0 || cols == 0) {
            return segment.asSlice(Math.min(offset * dtype.byteSize(), segment.byteSize()), 0);
        }
        long last = index(rows - 1, cols - 1);
        return segment.asSlice(offset * dtype.byteSize(), (last - offset + 1) * dtype.byteSize());
    }

    /**
     * Whether the memory spans of two views intersect (conservative: interleaved views that share a
     * span but no element still count as overlapping).
     */
    public boolean overlaps(Matrix other) {
        return span().asOverlappingSlice(other.span()).isPresent();
    }

    private boolean sameLayoutAs(Matrix o) {
        return o.dtype == dtype && o.offset == offset && o.rowStride() == rowStride() && o.colStride() == colStride()
                && o.segment.address() == segment.address()
                && o.segment.heapBase().equals(segment.heapBase());
    }

    @Override
    public String toString() {
        return "Matrix[" + dtype + " " + rows + "x" + cols + ", ld=" + ld + ", offset=" + offset
                + (transposed ? ", transposed" : "") + "]";
    }
}
