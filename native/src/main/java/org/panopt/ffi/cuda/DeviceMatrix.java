package org.panopt.ffi.cuda;

import java.util.Objects;
import org.panopt.ffi.ElementType;

/**
 * A dense matrix view over a {@link DeviceBuffer}, laid out like the host {@code Matrix} views:
 * column-major storage with a leading dimension, plus a transpose flag. If not transposed, element
 * (i, j) is at element {@code offset + i + j·ld}; if transposed, the storage holds the
 * {@code cols × rows} column-major matrix (a row-major {@code rows × cols} matrix is exactly that), and
 * cuBLAS calls use the operand-swap identity instead of copying.
 *
 * @param buffer     the device memory (not owned)
 * @param type       element type
 * @param offset     element offset of the stored (0, 0)
 * @param rows       logical rows
 * @param cols       logical columns
 * @param ld         leading dimension of the storage
 * @param transposed whether the storage holds the transpose
 */
public record DeviceMatrix(DeviceBuffer buffer, ElementType type, long offset, int rows, int cols, int ld,
                           boolean transposed) {

    /**
     * A validated view.
     *
     * @throws IllegalArgumentException  for negative sizes or a leading dimension below the stored rows
     * @throws IndexOutOfBoundsException if the view does not fit in the buffer
     */
    public static DeviceMatrix of(DeviceBuffer buffer, ElementType type, long offset, int rows, int cols, int ld,
                                  boolean transposed) {
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(type, "type");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative matrix size " + rows + "x" + cols);
        }
        int storageRows = transposed ? cols : rows;
        int storageCols = transposed ? rows : cols;
        if (ld < Math.max(1, storageRows)) {
            throw new IllegalArgumentException("leading dimension " + ld + " < max(1, " + storageRows + ")");
        }
        long elements = buffer.byteSize() / type.bytes();
        long last = rows == 0 || cols == 0 ? offset - 1 : offset + storageRows - 1 + (long) (storageCols - 1) * ld;
        if (offset < 0 || last >= elements) {
            throw new IndexOutOfBoundsException("a " + rows + "x" + cols + " view at offset " + offset + " with ld " + ld
                    + " needs " + (last + 1) + " elements, the buffer holds " + elements);
        }
        return new DeviceMatrix(buffer, type, offset, rows, cols, ld, transposed);
    }

    /** A row-major {@code rows × cols} matrix stored from element {@code offset} with row stride {@code ld}. */
    public static DeviceMatrix rowMajor(DeviceBuffer buffer, ElementType type, long offset, int rows, int cols, int ld) {
        return of(buffer, type, offset, rows, cols, ld, true);
    }

    /** The transposed view (no copy). */
    public DeviceMatrix t() {
        return new DeviceMatrix(buffer, type, offset, cols, rows, ld, !transposed);
    }

    /** Rows of the stored column-major matrix. */
    public int storageRows() {
        return transposed ? cols : rows;
    }

    /** Columns of the stored column-major matrix. */
    public int storageCols() {
        return transposed ? rows : cols;
    }

    /** Device address of the stored (0, 0). */
    long address() {
        return buffer.pointer() + offset * type.bytes();
    }
}
