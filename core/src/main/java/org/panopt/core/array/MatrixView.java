package org.panopt.core.array;

/**
 * What generic algorithm code needs to know of a dense matrix, wherever it lives: host memory
 * ({@link Matrix}) or a device (the cuBLAS backend's device matrices). A view is column-major
 * storage with a leading dimension and a transpose flag; slicing and transposing never copy.
 *
 * @param <M> the concrete view type, so that slices keep it
 */
public interface MatrixView<M extends MatrixView<M>> {
    int rows();

    int cols();

    DType dtype();

    /** Whether the storage holds the transpose of the logical matrix. */
    boolean isTransposed();

    /** Leading dimension of the column-major storage. */
    int ld();

    /** The transposed view (no copy). */
    M t();

    /** The {@code nr × nc} block whose top-left element is (r0, c0), as a view. */
    M block(int r0, int c0, int nr, int nc);

    /** Columns {@code [from, to)} as a view. */
    M cols(int from, int to);

    /** Rows {@code [from, to)} as a view. */
    M rows(int from, int to);
}
