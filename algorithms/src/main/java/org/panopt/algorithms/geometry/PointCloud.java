package org.panopt.algorithms.geometry;

import java.util.Objects;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;

/**
 * Two point clouds, one point per row ({@code x} is {@code n × d}, {@code y} is {@code m × d}), with a
 * translation-invariant cost {@code c(x_i, y_j) = h(x_i − y_j)}. C is never materialised: reducers
 * compute it tile by tile. For {@link #squaredEuclidean} ({@code ‖x − y‖²}, no ½) a tile is one small
 * GEMM, {@code C_ij = ‖x_i‖² + ‖y_j‖² − 2 x_i·y_j}, on points centred by their joint mean (the cost is
 * translation invariant, and centring shrinks the norms that would otherwise cancel).
 *
 * @param x    source points, any layout (a C-order {@code .npy} file maps as a transposed view)
 * @param y    target points, same dtype and dimension
 * @param cost h; {@link TranslationInvariantCost#SQUARED_EUCLIDEAN} selects the GEMM path
 */
public record PointCloud(Matrix x, Matrix y, TranslationInvariantCost cost) implements Geometry {
    public PointCloud {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(cost, "cost");
        if (x.rows() == 0 || y.rows() == 0) {
            throw new IllegalArgumentException("empty point cloud: x has " + x.rows() + " points, y has " + y.rows());
        }
        if (x.cols() != y.cols()) {
            throw new IllegalArgumentException("points of different dimensions: x is " + x.rows() + "x" + x.cols()
                    + ", y is " + y.rows() + "x" + y.cols());
        }
        if (x.dtype() != y.dtype()) {
            throw new IllegalArgumentException("x is " + x.dtype() + " but y is " + y.dtype());
        }
    }

    /** Squared-Euclidean cost {@code ‖x_i − y_j‖²} (no ½). */
    public static PointCloud squaredEuclidean(Matrix x, Matrix y) {
        return new PointCloud(x, y, TranslationInvariantCost.SQUARED_EUCLIDEAN);
    }

    /** Any translation-invariant cost {@code h(x_i − y_j)}. */
    public static PointCloud of(Matrix x, Matrix y, TranslationInvariantCost h) {
        return new PointCloud(x, y, h);
    }

    /** Dimension of the points. */
    public int dim() {
        return x.cols();
    }

    /** Whether the tiles come from a GEMM (squared-Euclidean cost). */
    public boolean isSquaredEuclidean() {
        return cost == TranslationInvariantCost.SQUARED_EUCLIDEAN;
    }

    @Override
    public int n() {
        return x.rows();
    }

    @Override
    public int m() {
        return y.rows();
    }

    @Override
    public DType dtype() {
        return x.dtype();
    }

    @Override
    public double cost(int i, int j) {
        double[] z = new double[dim()];
        for (int k = 0; k < z.length; k++) {
            z[k] = x.get(i, k) - y.get(j, k);
        }
        return cost.value(z);
    }

    @Override
    public boolean isDense() {
        return false;
    }

    @Override
    public CostReducer[] reducers(Workspace ws, int count) {
        CostReducer.Points.Shared shared = new CostReducer.Points.Shared(ws, this, n(), true);
        shared.loadSources(x);
        CostReducer[] r = new CostReducer[count];
        for (int k = 0; k < count; k++) {
            r[k] = new CostReducer.Points(ws, shared);
        }
        return r;
    }

    /**
     * A reducer whose rows are query points loaded later with
     * {@link CostReducer.Points#loadQueries(Matrix)} (at most {@code maxQueries} at a time) and whose
     * columns are this cloud's targets {@code y}: the engine of the entropic map (SPEC §2c).
     */
    public CostReducer.Points queryReducer(Workspace ws, int maxQueries) {
        CostReducer.Points.Shared shared = new CostReducer.Points.Shared(ws, this, maxQueries, false);
        return new CostReducer.Points(ws, shared);
    }
}
