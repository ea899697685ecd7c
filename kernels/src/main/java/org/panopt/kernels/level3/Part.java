package org.panopt.kernels.level3;

/** Which part of a square C a kernel writes: all of it (GEMM) or one triangle (SYRK). */
enum Part {
    FULL, LOWER, UPPER;

    /**
     * Whether the block of {@code rows × cols} elements whose top-left element is (i0, j0) lies
     * wholly outside this part, so that it need not be computed.
     */
    boolean skips(int i0, int j0, int rows, int cols) {
        return switch (this) {
            case FULL -> false;
            case LOWER -> i0 + rows - 1 < j0;
            case UPPER -> i0 > j0 + cols - 1;
        };
    }
}
