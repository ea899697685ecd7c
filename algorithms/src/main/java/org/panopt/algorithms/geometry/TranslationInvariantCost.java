package org.panopt.algorithms.geometry;

/**
 * A translation-invariant ground cost {@code c(x, y) = h(x − y)} on {@code R^d}, given by the value
 * of {@code h} at a displacement and, optionally, its gradient (the proximal Bregman maps of SPEC §3
 * need {@code ∇h}). Implementations must be allocation-free and thread-safe (no mutable state): a
 * parallel solver calls them from several threads at once.
 */
public interface TranslationInvariantCost {
    /** {@code h(z)} for a displacement {@code z} of length d (read only). */
    double value(double[] z);

    /** Whether {@link #gradient} is implemented. */
    default boolean hasGradient() {
        return false;
    }

    /**
     * Writes {@code ∇h(z)} into {@code out} (length d).
     *
     * @throws UnsupportedOperationException if {@link #hasGradient()} is false
     */
    default void gradient(double[] z, double[] out) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " gives no gradient of h");
    }

    /** {@code h(z) = ‖z‖²} (no ½): the cost that {@link PointCloud#squaredEuclidean} computes with a GEMM. */
    TranslationInvariantCost SQUARED_EUCLIDEAN = new TranslationInvariantCost() {
        @Override
        public double value(double[] z) {
            double s = 0;
            for (double v : z) {
                s += v * v;
            }
            return s;
        }

        @Override
        public boolean hasGradient() {
            return true;
        }

        @Override
        public void gradient(double[] z, double[] out) {
            for (int k = 0; k < z.length; k++) {
                out[k] = 2 * z[k];
            }
        }

        @Override
        public String toString() {
            return "squared Euclidean";
        }
    };
}
