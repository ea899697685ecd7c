package org.panopt.ffi;

/**
 * How {@code C ← α op(A) op(B) + βC} over column-major <em>views</em> that may each be stored
 * transposed maps onto one column-major GEMM call, without copying.
 *
 * <p>If C's storage holds C itself, the call is {@code gemm(opA, opB, m, n, k, A, B, C)}, where a
 * view whose storage holds Aᵀ asks for op = T. If C's storage holds Cᵀ (a row-major C), the identity
 * {@code Cᵀ = Bᵀ Aᵀ} gives the {@code n × m} product with the operands swapped:
 * {@code gemm(op'B, op'A, n, m, k, B, A, C)}, where now a view stored as itself asks for T.
 *
 * <p>Static functions rather than a record: an object here was allocated on every call whenever the
 * JIT did not inline the whole caller (40 bytes per GEMM), and GEMMs sit in allocation-free steps.
 */
public final class GemmPlan {
    private GemmPlan() {
    }

    /** Whether B's storage goes first and the stored result is {@code n × m}: exactly when C is stored transposed. */
    public static boolean swapped(boolean cStoredTransposed) {
        return cStoredTransposed;
    }

    /** The op of the first operand passed (A's storage, or B's if swapped). */
    public static Trans first(boolean aStoredTransposed, boolean bStoredTransposed, boolean cStoredTransposed) {
        return cStoredTransposed ? Trans.of(!bStoredTransposed) : Trans.of(aStoredTransposed);
    }

    /** The op of the second operand passed (B's storage, or A's if swapped). */
    public static Trans second(boolean aStoredTransposed, boolean bStoredTransposed, boolean cStoredTransposed) {
        return cStoredTransposed ? Trans.of(!aStoredTransposed) : Trans.of(bStoredTransposed);
    }
}
