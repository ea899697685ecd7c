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
 * @param swapped     pass B's storage first and A's second
 * @param transFirst  op of the first operand passed
 * @param transSecond op of the second operand passed
 * @param m           rows of the stored result
 * @param n           columns of the stored result
 * @param k           the inner dimension
 */
public record GemmPlan(boolean swapped, Trans transFirst, Trans transSecond, int m, int n, int k) {

    /**
     * @param aStoredTransposed whether A's storage holds Aᵀ (likewise for B and C)
     * @param m                 rows of the logical C and A
     * @param n                 columns of the logical C and B
     * @param k                 columns of the logical A, rows of the logical B
     */
    public static GemmPlan of(boolean aStoredTransposed, boolean bStoredTransposed, boolean cStoredTransposed,
                              int m, int n, int k) {
        if (!cStoredTransposed) {
            return new GemmPlan(false, Trans.of(aStoredTransposed), Trans.of(bStoredTransposed), m, n, k);
        }
        return new GemmPlan(true, Trans.of(!bStoredTransposed), Trans.of(!aStoredTransposed), n, m, k);
    }
}
