package org.panopt.algorithms.bilevel;

import java.util.SplittableRandom;
import org.panopt.algorithms.linalg.Blas;
import org.panopt.algorithms.linalg.Cholesky;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * A synthetic quadratic bilevel problem with a closed-form solution (after benchmark_bilevel's
 * quadratic oracle):
 * <pre>
 *   G_i(z, x) = ½ zᵀA_i z + zᵀB_i x + a_iᵀz                 (A_i ≻ 0, p × p; B_i p × q)
 *   F_j(z, x) = ½ zᵀC_j z + c_jᵀz + ½ xᵀD_j x + d_jᵀx         (C_j ⪰ 0; D_j ≻ 0, q × q)
 * </pre>
 * With means Ā, B̄, ā, C̄, c̄, D̄, d̄: {@code z*(x) = M x + m} where {@code M = −Ā⁻¹B̄},
 * {@code m = −Ā⁻¹ā}; {@code v*(x) = −Ā⁻¹(C̄ z*(x) + c̄)}; {@code ∇h(x) = D̄x + d̄ + B̄ᵀv*(x)}; h is a
 * strongly convex quadratic whose minimiser is
 * {@code x* = −(MᵀC̄M + D̄)⁻¹(Mᵀ(C̄m + c̄) + d̄)}.
 *
 * <p>Random instances: {@code A_i = μI + G_iG_iᵀ/p}, {@code C_j = H_jH_jᵀ/p},
 * {@code D_j = μI + K_jK_jᵀ/q}, {@code B_i} with entries N(0, 1/p), the linear terms N(0, 1), all
 * from one seeded generator (μ = 0.5). Per-sample matrices are stored: memory
 * {@code n_in(p² + pq + p) + n_out(p² + p + q² + q)} doubles. Not thread-safe (oracle scratch).
 */
public final class QuadraticBilevel implements BilevelProblem, ExactSolution {
    private static final double MU = 0.5;
    private final int p;
    private final int q;
    private final int nIn;
    private final int nOut;
    private final Matrix[] a;
    private final Matrix[] b;
    private final Matrix aLin;
    private final Matrix[] c;
    private final Matrix cLin;
    private final Matrix[] d;
    private final Matrix dLin;
    private final Matrix aMean;
    private final Matrix bMean;
    private final Vec aLinMean;
    private final Matrix cMean;
    private final Vec cLinMean;
    private final Matrix dMean;
    private final Vec dLinMean;
    private final Cholesky aFactor;
    private final Matrix m;
    private final Vec mOffset;
    private final Vec xStar;
    private final Vec scratchP;
    private final Vec scratchQ;

    /**
     * A random instance.
     *
     * @param p    inner dimension
     * @param q    outer dimension
     * @param nIn  inner samples
     * @param nOut outer samples
     * @param seed generator seed (same seed, same problem)
     * @param ws   owns all the problem's storage
     */
    public QuadraticBilevel(int p, int q, int nIn, int nOut, long seed, Workspace ws) {
        if (p < 1 || q < 1 || nIn < 1 || nOut < 1) {
            throw new IllegalArgumentException("dimensions and sample counts must be >= 1, got p = " + p + ", q = "
                    + q + ", n_in = " + nIn + ", n_out = " + nOut);
        }
        this.p = p;
        this.q = q;
        this.nIn = nIn;
        this.nOut = nOut;
        SplittableRandom r = new SplittableRandom(seed);
        Matrix aAll = ws.matrix(DType.F64, p, nIn * p).t();
        Matrix bAll = ws.matrix(DType.F64, q, nIn * p).t();
        Matrix cAll = ws.matrix(DType.F64, p, nOut * p).t();
        Matrix dAll = ws.matrix(DType.F64, q, nOut * q).t();
        this.aLin = ws.matrix(DType.F64, p, nIn).t();
        this.cLin = ws.matrix(DType.F64, p, nOut).t();
        this.dLin = ws.matrix(DType.F64, q, nOut).t();
        this.a = new Matrix[nIn];
        this.b = new Matrix[nIn];
        this.c = new Matrix[nOut];
        this.d = new Matrix[nOut];
        for (int i = 0; i < nIn; i++) {
            a[i] = aAll.rows(i * p, (i + 1) * p);
            b[i] = bAll.rows(i * p, (i + 1) * p);
            gram(r, a[i], MU);
            gaussian(r, b[i], 1 / Math.sqrt(p));
            gaussian(r, aLin.rows(i, i + 1), 1);
        }
        for (int j = 0; j < nOut; j++) {
            c[j] = cAll.rows(j * p, (j + 1) * p);
            d[j] = dAll.rows(j * q, (j + 1) * q);
            gram(r, c[j], 0);
            gram(r, d[j], MU);
            gaussian(r, cLin.rows(j, j + 1), 1);
            gaussian(r, dLin.rows(j, j + 1), 1);
        }
        this.aMean = mean(ws, a, p, p);
        this.bMean = mean(ws, b, p, q);
        this.cMean = mean(ws, c, p, p);
        this.dMean = mean(ws, d, q, q);
        this.aLinMean = columnMean(ws, aLin);
        this.cLinMean = columnMean(ws, cLin);
        this.dLinMean = columnMean(ws, dLin);
        this.scratchP = ws.vector(DType.F64, p);
        this.scratchQ = ws.vector(DType.F64, q);

        // Closed form: M = −Ā⁻¹B̄ (column by column), m = −Ā⁻¹ā, then x* from the outer normal equations.
        this.aFactor = new Cholesky(ws, p);
        aFactor.factor(aMean);
        this.m = ws.matrix(DType.F64, q, p).t();
        for (int k = 0; k < q; k++) {
            Blas.copy(bMean.col(k), scratchP);
            aFactor.solve(scratchP);
            Blas.scal(-1, scratchP);
            m.col(k).copyFrom(scratchP);
        }
        this.mOffset = ws.vector(DType.F64, p);
        Blas.copy(aLinMean, mOffset);
        aFactor.solve(mOffset);
        Blas.scal(-1, mOffset);
        Matrix hOuter = ws.matrix(DType.F64, q, q).t();
        Vec rhs = ws.vector(DType.F64, q);
        Vec cm = ws.vector(DType.F64, p);
        for (int k = 0; k < q; k++) {
            Blas.gemvRows(1, cMean, 0, p, m.col(k), 0, cm);      // C̄ M e_k
            Blas.gemvRowsT(1, m, 0, p, cm, 0, scratchQ);           // Mᵀ C̄ M e_k
            Blas.axpy(1, dMean.col(k), scratchQ);
            hOuter.col(k).copyFrom(scratchQ);
        }
        Blas.gemvRows(1, cMean, 0, p, mOffset, 0, cm);           // C̄ m + c̄
        Blas.axpy(1, cLinMean, cm);
        Blas.gemvRowsT(1, m, 0, p, cm, 0, rhs);                    // Mᵀ(C̄m + c̄) + d̄
        Blas.axpy(1, dLinMean, rhs);
        Cholesky hFactor = new Cholesky(ws, q);
        hFactor.factor(hOuter);
        hFactor.solve(rhs);
        Blas.scal(-1, rhs);
        this.xStar = rhs;
    }

    private static void gram(SplittableRandom r, Matrix out, double shift) {
        int n = out.rows();
        double[][] g = new double[n][n];
        for (double[] row : g) {
            for (int k = 0; k < n; k++) {
                row[k] = r.nextGaussian();
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += g[i][k] * g[j][k];
                }
                out.set(i, j, s / n + (i == j ? shift : 0));
            }
        }
    }

    private static void gaussian(SplittableRandom r, Matrix out, double scale) {
        for (int i = 0; i < out.rows(); i++) {
            for (int j = 0; j < out.cols(); j++) {
                out.set(i, j, scale * r.nextGaussian());
            }
        }
    }

    private static Matrix mean(Workspace ws, Matrix[] ms, int rows, int cols) {
        Matrix out = ws.matrix(DType.F64, cols, rows).t();
        for (Matrix mi : ms) {
            for (int i = 0; i < rows; i++) {
                Blas.rowAxpyRow(1.0 / ms.length, mi, i, out, i);
            }
        }
        return out;
    }

    private static Vec columnMean(Workspace ws, Matrix rows) {
        Vec out = ws.vector(DType.F64, rows.cols());
        for (int i = 0; i < rows.rows(); i++) {
            Blas.rowAxpy(1.0 / rows.rows(), rows, i, out);
        }
        return out;
    }

    @Override
    public int innerDimension() {
        return p;
    }

    @Override
    public int outerDimension() {
        return q;
    }

    @Override
    public int innerSamples() {
        return nIn;
    }

    @Override
    public int outerSamples() {
        return nOut;
    }

    @Override
    public void innerOracles(Vec z, Vec x, Vec v, int from, int to, Vec gradZ, Vec hvp, Vec cross) {
        checkRange(from, to, nIn);
        double w = 1.0 / (to - from);
        Blas.zero(gradZ);
        Blas.zero(hvp);
        Blas.zero(cross);
        for (int i = from; i < to; i++) {
            Blas.gemvRows(w, a[i], 0, p, z, 1, gradZ);
            Blas.gemvRows(w, b[i], 0, p, x, 1, gradZ);
            Blas.rowAxpy(w, aLin, i, gradZ);
            Blas.gemvRows(w, a[i], 0, p, v, 1, hvp);
            Blas.gemvRowsT(w, b[i], 0, p, v, 1, cross);
        }
    }

    @Override
    public void outerOracles(Vec z, Vec x, int from, int to, Vec gradZ, Vec gradX) {
        checkRange(from, to, nOut);
        double w = 1.0 / (to - from);
        Blas.zero(gradZ);
        Blas.zero(gradX);
        for (int j = from; j < to; j++) {
            Blas.gemvRows(w, c[j], 0, p, z, 1, gradZ);
            Blas.rowAxpy(w, cLin, j, gradZ);
            Blas.gemvRows(w, d[j], 0, q, x, 1, gradX);
            Blas.rowAxpy(w, dLin, j, gradX);
        }
    }

    @Override
    public double innerValue(Vec z, Vec x) {
        Blas.gemvRows(0.5, aMean, 0, p, z, 0, scratchP);
        Blas.gemvRows(1, bMean, 0, p, x, 1, scratchP);
        Blas.axpy(1, aLinMean, scratchP);
        return Blas.dot(z, scratchP);
    }

    @Override
    public double outerValue(Vec z, Vec x) {
        Blas.gemvRows(0.5, cMean, 0, p, z, 0, scratchP);
        Blas.axpy(1, cLinMean, scratchP);
        Blas.gemvRows(0.5, dMean, 0, q, x, 0, scratchQ);
        Blas.axpy(1, dLinMean, scratchQ);
        return Blas.dot(z, scratchP) + Blas.dot(x, scratchQ);
    }

    @Override
    public void solve(Vec x, Vec zStar, Vec vStar, Vec hypergradient) {
        Blas.gemvRows(1, m, 0, p, x, 0, zStar);
        Blas.axpy(1, mOffset, zStar);
        Blas.gemvRows(1, cMean, 0, p, zStar, 0, vStar);
        Blas.axpy(1, cLinMean, vStar);
        aFactor.solve(vStar);
        Blas.scal(-1, vStar);
        Blas.gemvRows(1, dMean, 0, q, x, 0, hypergradient);
        Blas.axpy(1, dLinMean, hypergradient);
        Blas.gemvRowsT(1, bMean, 0, p, vStar, 1, hypergradient);
    }

    /** Writes the minimiser x* of h. */
    public void optimum(Vec out) {
        Blas.copy(xStar, out);
    }

    static void checkRange(int from, int to, int n) {
        if (from < 0 || to > n || from >= to) {
            throw new IndexOutOfBoundsException("sample range [" + from + ", " + to + ") of " + n + " samples");
        }
    }
}
