package org.panopt.ffi;

/** Whether a triangular matrix has an implicit unit diagonal. */
public enum Diag {
    NON_UNIT(131),
    UNIT(132);

    private final int cblas;

    Diag(int cblas) {
        this.cblas = cblas;
    }

    /** The CBLAS enum value ({@code CblasNonUnit = 131}, {@code CblasUnit = 132}). */
    public int cblas() {
        return cblas;
    }
}
