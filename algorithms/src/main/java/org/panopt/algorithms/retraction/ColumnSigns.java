package org.panopt.algorithms.retraction;

import org.panopt.core.array.Matrix;

/** Column sign flips shared by the QR retractions (R's diagonal made positive). */
final class ColumnSigns {
    private ColumnSigns() {
    }

    /** Negates the columns j of {@code q} whose {@code sign[j]} is negative. */
    static void apply(Matrix q, double[] sign) {
        for (int j = 0; j < q.cols(); j++) {
            if (sign[j] < 0) {
                for (int i = 0; i < q.rows(); i++) {
                    q.set(i, j, -q.get(i, j));
                }
            }
        }
    }
}
