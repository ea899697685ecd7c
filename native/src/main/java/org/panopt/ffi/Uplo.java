package org.panopt.ffi;

/** Which triangle of a symmetric or triangular matrix is referenced. */
public enum Uplo {
    UPPER(121, 1, 'U'),
    LOWER(122, 0, 'L');

    private final int cblas;
    private final int cublas;
    private final byte lapack;

    Uplo(int cblas, int cublas, char lapack) {
        this.cblas = cblas;
        this.cublas = cublas;
        this.lapack = (byte) lapack;
    }

    /** The CBLAS enum value ({@code CblasUpper = 121}, {@code CblasLower = 122}). */
    public int cblas() {
        return cblas;
    }

    /** The cuBLAS fill mode ({@code CUBLAS_FILL_MODE_LOWER = 0}, {@code UPPER = 1}). */
    public int cublas() {
        return cublas;
    }

    /** The LAPACK character. */
    public byte lapack() {
        return lapack;
    }
}
