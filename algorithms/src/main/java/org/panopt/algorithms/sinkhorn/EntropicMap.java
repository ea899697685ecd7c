package org.panopt.algorithms.sinkhorn;

import java.util.Objects;
import org.panopt.algorithms.geometry.CostReducer;
import org.panopt.algorithms.geometry.PointCloud;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * The entropic potential and the entropic map of a solved problem at new points (Pooladian &amp;
 * Niles-Weed; SPEC §2c): for a query x, {@code p_j(x) = softmax_j((g̃_j − c(x, y_j))/ε + log b_j)},
 * {@code f_ε(x) = −ε LSE_j((g̃_j − c(x, y_j))/ε + log b_j)} and {@code T(x) = Σ_j p_j(x) y_j} (for the
 * squared-Euclidean cost {@code ‖x − y‖²} this is the entropic Brenier map estimate; for another
 * cost it is the barycentric projection).
 *
 * <p>Convention: SPEC's g̃ is the potential relative to the product measure {@code a⊗b}. This
 * library's (and POT's) potentials define {@code P_ij = exp((f_i + g_j − C_ij)/ε)} without that
 * reference, so {@code g̃_j = g_j − ε log b_j}, the {@code log b_j} terms cancel, and b is not needed:
 * {@code p_j(x) = softmax_j((g_j − c(x, y_j))/ε)}. At a source point {@code x_i},
 * {@code f_ε(x_i) = f_i − ε log a_i} and {@code T(x_i) = Σ_j P_ij y_j / a_i}.
 *
 * <p>Queries are evaluated in batches of at most {@code maxBatch} rows, all through one workspace
 * sized at creation; the targets' cost tiles are streamed, so memory is {@code O((batch + m)·d)}.
 */
public final class EntropicMap implements AutoCloseable {
    private final Workspace ws;
    private final CostReducer.Points reducer;
    private final int maxBatch;
    private final int d;
    private final double rawEps;
    private final double scale;
    private final Vec g;
    private final Vec lse;
    private final Vec fq;

    private EntropicMap(PointCloud geometry, SinkhornResult result, int maxBatch) {
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(result, "result");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        }
        int m = geometry.m();
        double[] gRes = result.g();
        if (gRes.length != m) {
            throw new IllegalArgumentException("the result has " + gRes.length + " target potentials, the geometry has "
                    + m + " targets");
        }
        this.maxBatch = maxBatch;
        this.d = geometry.dim();
        this.scale = result.costScale();
        this.rawEps = result.epsilon() * scale;
        this.ws = Workspace.create();
        try {
            this.reducer = geometry.queryReducer(ws, maxBatch);
            this.g = ws.vector(DType.F64, m);
            for (int j = 0; j < m; j++) {
                g.set(j, gRes[j] * scale);
            }
            this.lse = ws.vector(DType.F64, maxBatch);
            this.fq = ws.vector(DType.F64, maxBatch);
        } catch (RuntimeException e) {
            ws.close();
            throw e;
        }
    }

    /**
     * An evaluator for the map of {@code result}, solved over {@code geometry}, taking up to
     * {@code maxBatch} queries per pass.
     */
    public static EntropicMap create(PointCloud geometry, SinkhornResult result, int maxBatch) {
        return new EntropicMap(geometry, result, maxBatch);
    }

    /**
     * Evaluates at the rows of {@code queries} ({@code k × d}, the geometry's dtype).
     *
     * @param map       {@code k × d} float64 output for {@code T(x)}, or null
     * @param potential length-k output for {@code f_ε(x)} (of the rescaled cost), or null
     * @throws IllegalArgumentException if a shape or dtype does not match
     */
    public void evaluate(Matrix queries, Matrix map, Vec potential) {
        int k = queries.rows();
        if (queries.cols() != d) {
            throw new IllegalArgumentException("queries have dimension " + queries.cols() + ", the points have " + d);
        }
        if (map != null && (map.rows() != k || map.cols() != d)) {
            throw new IllegalArgumentException("map output is " + map.rows() + "x" + map.cols() + ", expected " + k + "x" + d);
        }
        if (potential != null && potential.length() != k) {
            throw new IllegalArgumentException("potential output has length " + potential.length() + ", expected " + k);
        }
        for (int k0 = 0; k0 < k; k0 += maxBatch) {
            int k1 = Math.min(k, k0 + maxBatch);
            boolean whole = k0 == 0 && k1 == k;
            batch(whole ? queries : queries.rows(k0, k1), map == null ? null : whole ? map : map.rows(k0, k1),
                    potential, k0);
        }
    }

    private void batch(Matrix q, Matrix map, Vec potential, int k0) {
        int nb = q.rows();
        reducer.loadQueries(q);
        double invEps = 1 / rawEps;
        reducer.lseOverCols(g, null, invEps, lse, 0, nb);
        for (int i = 0; i < nb; i++) {
            double fi = -rawEps * lse.get(i);
            fq.set(i, fi);
            if (potential != null) {
                potential.set(k0 + i, fi / scale);
            }
        }
        if (map != null) {
            reducer.weightedTargets(fq, g, null, invEps, map);
        }
    }

    @Override
    public void close() {
        ws.close();
    }
}
