package org.panopt.algorithms.geometry;

import java.util.Objects;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;

/**
 * A materialised cost matrix: any {@link Matrix} view (column-major, or transposed such as a C-order
 * {@code .npy} file mapped with {@link org.panopt.core.npy.Npy}), read in place, never copied.
 *
 * @param c the {@code n × m} cost; must stay alive (its arena open) while solvers use it
 */
public record CostMatrix(Matrix c) implements Geometry {
    public CostMatrix {
        Objects.requireNonNull(c, "cost matrix");
        if (c.rows() == 0 || c.cols() == 0) {
            throw new IllegalArgumentException("the cost matrix is empty: " + c.rows() + "x" + c.cols());
        }
    }

    /** The geometry of the matrix {@code c}. */
    public static CostMatrix of(Matrix c) {
        return new CostMatrix(c);
    }

    @Override
    public int n() {
        return c.rows();
    }

    @Override
    public int m() {
        return c.cols();
    }

    @Override
    public DType dtype() {
        return c.dtype();
    }

    @Override
    public double cost(int i, int j) {
        return c.get(i, j);
    }

    @Override
    public boolean isDense() {
        return true;
    }

    @Override
    public CostReducer[] reducers(Workspace ws, int count) {
        if (count > 1 && !c.segment().isAccessibleBy(new Thread(() -> { }))) {
            throw new IllegalArgumentException("the cost matrix lives in a confined arena that a thread pool cannot"
                    + " read: allocate it in a shared or automatic arena (Arena.ofShared(), Arena.ofAuto())");
        }
        CostReducer[] r = new CostReducer[count];
        for (int k = 0; k < count; k++) {
            r[k] = new CostReducer.Dense(ws, c);
        }
        return r;
    }
}
