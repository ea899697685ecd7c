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
 * from one seeded generator (μ = 0.5). Prefix sums of the per-sample terms are stored (memory
 * {@code (n_in + 1)(p² + pq + p) + (n_out + 1)(p² + p + q² + q)} doubles), so that a batch oracle on a
 * contiguous range costs O(p² + pq) whatever the batch size. Not thread-safe (scratch).
 */
public final class QuadraticBilevel implements BilevelProblem, ExactSolution {
    private static final double MU = 0.5;
    private final int p;
    private final int q;
    private final int nIn;
    private final int nOut;
    // Prefix sums over samples: pa[k] = Σ_{i<k} A_i (k = 0..n), so that a batch mean over a
    // contiguous range is (pa[to] − pa[from])/(to − from): two small products per term whatever the
    // batch size. The cancellation costs about log10(n) digits, far below the tolerances used.
    private final Matrix[] pa;
    private final Matrix[] pb;
    private final Matrix paLin;
    private final Matrix[] pc;
    private final Matrix pcLin;
    private final Matrix[] pd;
    private final Matrix pdLin;
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
        this.pa = prefixBlocks(ws, nIn, p, p);
        this.pb = prefixBlocks(ws, nIn, p, q);
        this.pc = prefixBlocks(ws, nOut, p, p);
        this.pd = prefixBlocks(ws, nOut, q, q);
        this.paLin = ws.matrix(DType.F64, p, nIn + 1).t();
        this.pcLin = ws.matrix(DType.F64, p, nOut + 1).t();
        this.pdLin = ws.matrix(DType.F64, q, nOut + 1).t();
        Matrix sample = ws.matrix(DType.F64, Math.max(p, q), Math.max(p, q)).t();
        for (int i = 0; i < nIn; i++) {
            gram(r, sample.block(0, 0, p, p), MU);
            accumulate(pa, i, sample.block(0, 0, p, p));
            gaussian(r, sample.block(0, 0, p, q), 1 / Math.sqrt(p));
            accumulate(pb, i, sample.block(0, 0, p, q));
            gaussian(r, sample.block(0, 0, 1, p), 1);
            accumulate(paLin, i, sample.block(0, 0, 1, p));
        }
        for (int j = 0; j < nOut; j++) {
            gram(r, sample.block(0, 0, p, p), 0);
            accumulate(pc, j, sample.block(0, 0, p, p));
            gram(r, sample.block(0, 0, q, q), MU);
            accumulate(pd, j, sample.block(0, 0, q, q));
            gaussian(r, sample.block(0, 0, 1, p), 1);
            accumulate(pcLin, j, sample.block(0, 0, 1, p));
            gaussian(r, sample.block(0, 0, 1, q), 1);
            accumulate(pdLin, j, sample.block(0, 0, 1, q));
        }
        this.aMean = mean(ws, pa[nIn], nIn);
        this.bMean = mean(ws, pb[nIn], nIn);
        this.cMean = mean(ws, pc[nOut], nOut);
        this.dMean = mean(ws, pd[nOut], nOut);
        this.aLinMean = rowMean(ws, paLin, nIn);
        this.cLinMean = rowMean(ws, pcLin, nOut);
        this.dLinMean = rowMean(ws, pdLin, nOut);
        this.scratchP = ws.vector(DType.F64, p);
        this.scratchQ = ws.vector(DType.F64, q);

        // Closed form: M = −Ā⁻¹B̄ (column by column), m = −Ā⁻¹ā, then x* from the outer normal equations.
        this.aFactor = new Cholesky(ws, p);
        aFactor.factor(aMean);
        this.m = ws.matrix(DType.F64, q, p).t();
        // (Columns are copied element by element: construction-time work, and it keeps every kernel
        // call on contiguous rows.)
        for (int k = 0; k < q; k++) {
            column(bMean, k, scratchP);
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
        Vec mk = ws.vector(DType.F64, p);
        for (int k = 0; k < q; k++) {
            column(m, k, mk);
            Blas.gemvRows(1, cMean, 0, p, mk, 0, cm);              // C̄ M e_k
            Blas.gemvRowsT(1, m, 0, p, cm, 0, scratchQ);           // Mᵀ C̄ M e_k
            Blas.rowAxpy(1, dMean, k, scratchQ);                   // D̄ is symmetric: row k = column k
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

    private static void column(Matrix a, int k, Vec out) {
        for (int i = 0; i < a.rows(); i++) {
            out.set(i, a.get(i, k));
        }
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

    /** n + 1 row-major blocks of rows × cols, the first all zeros. */
    private static Matrix[] prefixBlocks(Workspace ws, int n, int rows, int cols) {
        Matrix all = ws.matrix(DType.F64, cols, (n + 1) * rows).t();
        Matrix[] out = new Matrix[n + 1];
        for (int k = 0; k <= n; k++) {
            out[k] = all.rows(k * rows, (k + 1) * rows);
        }
        return out;
    }

    /** prefix[k + 1] = prefix[k] + term (block by block). */
    private static void accumulate(Matrix[] prefix, int k, Matrix term) {
        for (int i = 0; i < term.rows(); i++) {
            for (int j = 0; j < term.cols(); j++) {
                prefix[k + 1].set(i, j, prefix[k].get(i, j) + term.get(i, j));
            }
        }
    }

    /** Row k + 1 of prefix = row k + the single-row term. */
    private static void accumulate(Matrix prefix, int k, Matrix term) {
        for (int j = 0; j < term.cols(); j++) {
            prefix.set(k + 1, j, prefix.get(k, j) + term.get(0, j));
        }
    }

    private static Matrix mean(Workspace ws, Matrix sum, int n) {
        Matrix out = ws.matrix(DType.F64, sum.cols(), sum.rows()).t();
        for (int i = 0; i < sum.rows(); i++) {
            Blas.rowAxpyRow(1.0 / n, sum, i, out, i);
        }
        return out;
    }

    private static Vec rowMean(Workspace ws, Matrix prefix, int n) {
        Vec out = ws.vector(DType.F64, prefix.cols());
        Blas.rowAxpy(1.0 / n, prefix, n, out);
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
        // Batch means as differences of prefix sums: mean_B M·u = w·(P[to]·u − P[from]·u).
        Blas.gemvRows(w, pa[to], 0, p, z, 0, gradZ);
        Blas.gemvRows(-w, pa[from], 0, p, z, 1, gradZ);
        Blas.gemvRows(w, pb[to], 0, p, x, 1, gradZ);
        Blas.gemvRows(-w, pb[from], 0, p, x, 1, gradZ);
        Blas.rowAxpy(w, paLin, to, gradZ);
        Blas.rowAxpy(-w, paLin, from, gradZ);
        Blas.gemvRows(w, pa[to], 0, p, v, 0, hvp);
        Blas.gemvRows(-w, pa[from], 0, p, v, 1, hvp);
        Blas.gemvRowsT(w, pb[to], 0, p, v, 0, cross);
        Blas.gemvRowsT(-w, pb[from], 0, p, v, 1, cross);
    }

    @Override
    public void outerOracles(Vec z, Vec x, int from, int to, Vec gradZ, Vec gradX) {
        checkRange(from, to, nOut);
        double w = 1.0 / (to - from);
        Blas.gemvRows(w, pc[to], 0, p, z, 0, gradZ);
        Blas.gemvRows(-w, pc[from], 0, p, z, 1, gradZ);
        Blas.rowAxpy(w, pcLin, to, gradZ);
        Blas.rowAxpy(-w, pcLin, from, gradZ);
        Blas.gemvRows(w, pd[to], 0, q, x, 0, gradX);
        Blas.gemvRows(-w, pd[from], 0, q, x, 1, gradX);
        Blas.rowAxpy(w, pdLin, to, gradX);
        Blas.rowAxpy(-w, pdLin, from, gradX);
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
