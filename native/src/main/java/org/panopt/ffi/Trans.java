package org.panopt.ffi;

/** Whether a BLAS routine uses a matrix operand as stored ({@link #N}) or transposed ({@link #T}). */
public enum Trans {
    /** op(A) = A. */
    N(111, 0, 'N'),
    /** op(A) = Aᵀ. */
    T(112, 1, 'T');

    private final int cblas;
    private final int cublas;
    private final byte lapack;

    Trans(int cblas, int cublas, char lapack) {
        this.cblas = cblas;
        this.cublas = cublas;
        this.lapack = (byte) lapack;
    }

    /** The CBLAS enum value ({@code CblasNoTrans = 111}, {@code CblasTrans = 112}). */
    public int cblas() {
        return cblas;
    }

    /** The cuBLAS enum value ({@code CUBLAS_OP_N = 0}, {@code CUBLAS_OP_T = 1}). */
    public int cublas() {
        return cublas;
    }

    /** The LAPACK character. */
    public byte lapack() {
        return lapack;
    }

    /** The other one. */
    public Trans flip() {
        return this == N ? T : N;
    }

    /** {@link #T} if {@code transposed}, else {@link #N}. */
    public static Trans of(boolean transposed) {
        return transposed ? T : N;
    }
}
