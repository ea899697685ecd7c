package org.panopt.ffi.openblas;

/** Which singular vectors an SVD computes (LAPACK's JOBZ / JOBU / JOBVT). */
public enum SvdJob {
    /** All of them: U is m × m (or Vᵀ n × n). */
    ALL('A'),
    /** The first min(m, n): U is m × min(m, n) (or Vᵀ min(m, n) × n). */
    SOME('S'),
    /** The first min(m, n), written over A instead of U (or Vᵀ); see each routine. */
    OVERWRITE('O'),
    /** None. */
    NONE('N');

    private final byte code;

    SvdJob(char code) {
        this.code = (byte) code;
    }

    /** The LAPACK character. */
    public byte code() {
        return code;
    }
}
