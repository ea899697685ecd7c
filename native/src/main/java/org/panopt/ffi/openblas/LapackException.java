package org.panopt.ffi.openblas;

/**
 * A LAPACK routine reported failure through its {@code info} argument: the message says what failed in
 * the terms of the problem (not positive definite at a column, a zero pivot, no convergence).
 */
public final class LapackException extends ArithmeticException {
    private static final long serialVersionUID = 1L;
    private final String routine;
    private final int info;

    public LapackException(String routine, int info, String message) {
        super(routine + ": " + message + " (info = " + info + ")");
        this.routine = routine;
        this.info = info;
    }

    /** The LAPACK routine, e.g. {@code dpotrf}. */
    public String routine() {
        return routine;
    }

    /** LAPACK's raw {@code info} value (positive: a numerical failure; negative: an illegal argument). */
    public int info() {
        return info;
    }
}
