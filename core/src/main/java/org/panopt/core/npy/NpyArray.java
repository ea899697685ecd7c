package org.panopt.core.npy;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;

/**
 * An array read from a {@code .npy} file: its element type, shape, storage order and the data
 * segment (a slice of the memory-mapped file, or of a converted copy). Views made from it are
 * zero-copy; a C-order 2-D array becomes a transposed {@link Matrix} view.
 *
 * @param dtype        element type of {@link #data()}
 * @param shape        NumPy shape: length 0 (a scalar), 1 or 2
 * @param fortranOrder NumPy's {@code fortran_order} flag
 * @param data         the elements, densely packed in the stored order
 * @param version      the file's format version as {@code major * 10 + minor} (10, 20 or 30)
 */
public record NpyArray(DType dtype, int[] shape, boolean fortranOrder, MemorySegment data, int version) {

    public NpyArray {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long size() {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /**
     * The array as a matrix view: 2-D arrays keep their shape, 1-D arrays of length n become an
     * {@code n × 1} column, a scalar becomes {@code 1 × 1}.
     */
    public Matrix matrix() {
        return switch (shape.length) {
            case 0 -> Matrix.of(data, dtype, 0, 1, 1, 1);
            case 1 -> Matrix.of(data, dtype, 0, shape[0], 1, Math.max(1, shape[0]));
            default -> fortranOrder
                    ? Matrix.of(data, dtype, 0, shape[0], shape[1], Math.max(1, shape[0]))
                    : Matrix.of(data, dtype, 0, shape[0], shape[1], Math.max(1, shape[1]), true);
        };
    }

    /**
     * The array as a contiguous vector view: allowed for scalars, 1-D arrays and 2-D arrays with a
     * dimension of size 1.
     *
     * @throws IllegalStateException for a genuinely 2-D array
     */
    public Vec vector() {
        if (shape.length == 2 && shape[0] != 1 && shape[1] != 1) {
            throw new IllegalStateException("a " + shape[0] + "x" + shape[1] + " array is not a vector");
        }
        return Vec.of(data, dtype, 0, (int) size(), 1);
    }

    @Override
    public String toString() {
        return "NpyArray[" + dtype + " shape=" + Arrays.toString(shape) + (fortranOrder ? " F-order" : " C-order")
                + " v" + version / 10 + "." + version % 10 + "]";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
