package org.panopt.ffi;

/** Whether the triangular matrix of a TRSM multiplies from the left (op(A) X = αB) or the right (X op(A) = αB). */
public enum Side {
    LEFT(141),
    RIGHT(142);

    private final int cblas;

    Side(int cblas) {
        this.cblas = cblas;
    }

    /** The CBLAS enum value ({@code CblasLeft = 141}, {@code CblasRight = 142}). */
    public int cblas() {
        return cblas;
    }
}
