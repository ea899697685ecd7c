package org.panopt.algorithms.bilevel;

import java.lang.foreign.Arena;
import java.util.Objects;
import java.util.SplittableRandom;
import org.panopt.algorithms.data.Datasets;
import org.panopt.algorithms.data.TrainValidationSplit;
import org.panopt.algorithms.linalg.Blas;
import org.panopt.algorithms.linalg.Cholesky;
import org.panopt.algorithms.stochastic.LeastSquares;
import org.panopt.algorithms.stochastic.LinearModel;
import org.panopt.algorithms.stochastic.LogisticRegression;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * Selecting ℓ2 regularisation strengths on a validation set (SPEC.md §4b): for a linear model with
 * losses φ_i on n_in training rows a_i and ψ_j on n_out validation rows ã_j,
 * <pre>
 *   G_i(z, x) = φ_i(a_iᵀz) + ½ Σ_k e^{x_k} z_k²        (one strength per feature, q = d)
 *   G_i(z, x) = φ_i(a_iᵀz) + ½ e^{x} ‖z‖²              (one shared strength, q = 1)
 *   F_j(z, x) = ψ_j(ã_jᵀz)
 * </pre>
 * Ridge regression (squared losses) and logistic regression are built by {@link #ridge} and
 * {@link #logistic}. The oracles: {@code ∇_zG_B = (1/|B|) Σ φ_i'·a_i + e^x⊙z},
 * {@code ∇²_zzG_B·v = (1/|B|) Σ φ_i''·(a_iᵀv)·a_i + e^x⊙v}, {@code ∇²_xzG·v = e^x⊙z⊙v} (shared:
 * {@code e^x zᵀv}), {@code ∇_zF_B = (1/|B|) Σ ψ_j'·ã_j}, {@code ∇_xF = 0}.
 *
 * <p>{@link #solve} computes z*(x) by Newton's method with backtracking on the full inner problem
 * (for squared losses the first Newton step is the closed form {@code z* = (AᵀA/n + diag e^x)⁻¹Aᵀb/n}),
 * then {@code v* = −∇²_zzG(z*)⁻¹ ∇_zF(z*)} and {@code ∇h = e^x⊙z*⊙v*}, with Cholesky solves:
 * O(n_in·d² + d³) per call. The outer variable is kept in {@code [−12, 12]} (as benchmark_bilevel's
 * prox), so that e^x stays finite and positive. Not thread-safe (scratch).
 */
public final class HyperparameterSelection implements BilevelProblem, ExactSolution {
    /** Bounds of the log-regularisation parameters. */
    public static final double MIN_LOG = -12;
    public static final double MAX_LOG = 12;
    private static final int NEWTON_MAX = 60;

    private final LinearModel train;
    private final LinearModel validation;
    private final boolean perFeature;
    private final int d;
    private final Matrix a;
    private final Matrix av;
    private final Vec trainScratch;
    private final Vec trainScratch2;
    private final Vec validationScratch;
    private final Vec expX;
    private final Vec zNewton;
    private final Vec trial;
    private final Vec grad;
    private final Vec direction;
    private final Matrix hessian;
    private final Matrix columns;
    private final Vec weightedColumn;
    private final Cholesky cholesky;

    /**
     * @param train      the training model (its losses φ_i and rows); its own ridge term, if any, is
     *                   kept in G
     * @param validation the validation model (losses ψ_j); must have no ridge term
     * @param perFeature one regularisation strength per feature (q = d), else one shared (q = 1)
     * @param ws         owns the scratch
     */
    public HyperparameterSelection(LinearModel train, LinearModel validation, boolean perFeature, Workspace ws) {
        this.train = Objects.requireNonNull(train, "train");
        this.validation = Objects.requireNonNull(validation, "validation");
        if (train.dimension() != validation.dimension()) {
            throw new IllegalArgumentException("training rows have " + train.dimension() + " features, validation rows "
                    + validation.dimension());
        }
        if (validation.l2() != 0) {
            throw new IllegalArgumentException("the validation model must have no ridge term, got " + validation.l2());
        }
        this.perFeature = perFeature;
        this.d = train.dimension();
        this.a = train.features();
        this.av = validation.features();
        this.trainScratch = ws.vector(DType.F64, train.samples());
        this.trainScratch2 = ws.vector(DType.F64, train.samples());
        this.validationScratch = ws.vector(DType.F64, validation.samples());
        this.expX = ws.vector(DType.F64, d);
        this.zNewton = ws.vector(DType.F64, d);
        this.trial = ws.vector(DType.F64, d);
        this.grad = ws.vector(DType.F64, d);
        this.direction = ws.vector(DType.F64, d);
        this.hessian = ws.matrix(DType.F64, d, d).t();
        // The training features by columns (d × n, row-major): the Hessian's entries are then d²/2
        // long dot products rather than n·d short axpys.
        int n = train.samples();
        this.columns = ws.matrix(DType.F64, n, d).t();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                columns.set(k, i, a.get(i, k));
            }
        }
        this.weightedColumn = ws.vector(DType.F64, n);
        this.cholesky = new Cholesky(ws, d);
    }

    /** Ridge regression: squared losses on both sides (targets are the labels). */
    public static HyperparameterSelection ridge(TrainValidationSplit data, boolean perFeature, Workspace ws) {
        Arena arena = ws.arena();
        return new HyperparameterSelection(
                new LeastSquares(data.train().x(), data.train().labels(), 0, arena),
                new LeastSquares(data.validation().x(), data.validation().labels(), 0, arena), perFeature, ws);
    }

    /** Binary logistic regression on both sides (labels 0/1 or ±1). */
    public static HyperparameterSelection logistic(TrainValidationSplit data, boolean perFeature, Workspace ws) {
        Arena arena = ws.arena();
        return new HyperparameterSelection(
                new LogisticRegression(data.train().x(), data.train().labels(), 0, arena),
                new LogisticRegression(data.validation().x(), data.validation().labels(), 0, arena), perFeature, ws);
    }

    /**
     * Per-feature logistic hyperparameter selection on the breast-cancer data: columns standardised,
     * 60 % training / 40 % validation by a seeded permutation.
     */
    public static HyperparameterSelection breastCancer(long seed, Workspace ws) {
        TrainValidationSplit s = TrainValidationSplit.standardised(Datasets.breastCancer(ws.arena()), 0.6, seed,
                ws.arena());
        return logistic(s, true, ws);
    }

    /**
     * Synthetic ridge data with a planted, interior optimum. Features are independent standard
     * normal; the validation targets are {@code Xw + ε} ({@code w_k = ±1}, ε standard normal); the
     * training targets are noise-free but with inflated coefficients {@code w_k(1 + δ_k)},
     * {@code δ_k} uniform in [0.5, 2]. The per-feature ridge solution is then about
     * {@code w_k(1 + δ_k)/(1 + λ_k)}, so the validation loss is smallest near {@code λ_k = δ_k}:
     * every coordinate of the optimum x* = log λ* is finite (near [−0.7, 0.7]) and h is well
     * conditioned there, so {@code ‖∇h‖²} goes to 0 linearly. (With ordinary noisy training targets,
     * about half the features want no regularisation at all and x_k drifts to −∞.)
     */
    public static TrainValidationSplit syntheticRidgeData(int nTrain, int nValidation, int d, long seed, Arena arena) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[d];
        double[] inflated = new double[d];
        for (int k = 0; k < d; k++) {
            w[k] = r.nextBoolean() ? 1 : -1;
            inflated[k] = w[k] * (1 + 0.5 + 1.5 * r.nextDouble());
        }
        return new TrainValidationSplit(gaussianRegression(r, inflated, nTrain, 0, arena),
                gaussianRegression(r, w, nValidation, 1, arena));
    }

    private static Datasets.Labelled gaussianRegression(SplittableRandom r, double[] w, int n, double noise,
                                                        Arena arena) {
        int d = w.length;
        Matrix x = Matrix.allocate(arena, DType.F64, d, n).t();
        Vec y = Vec.allocate(arena, DType.F64, n);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                double e = r.nextGaussian();
                x.set(i, k, e);
                s += e * w[k];
            }
            y.set(i, s + noise * r.nextGaussian());
        }
        return new Datasets.Labelled(x, y);
    }

    public LinearModel trainModel() {
        return train;
    }

    public LinearModel validationModel() {
        return validation;
    }

    @Override
    public int innerDimension() {
        return d;
    }

    @Override
    public int outerDimension() {
        return perFeature ? d : 1;
    }

    @Override
    public int innerSamples() {
        return train.samples();
    }

    @Override
    public int outerSamples() {
        return validation.samples();
    }

    /** expX ← e^{x_k} per feature (or e^{x_0} everywhere when shared). */
    private void exponentiate(Vec x) {
        if (x.length() != outerDimension()) {
            throw new IllegalArgumentException("outer variable has " + x.length() + " elements, expected "
                    + outerDimension());
        }
        for (int k = 0; k < d; k++) {
            expX.set(k, Math.exp(x.get(perFeature ? k : 0)));
        }
    }

    @Override
    public void innerOracles(Vec z, Vec x, Vec v, int from, int to, Vec gradZ, Vec hvp, Vec cross) {
        QuadraticBilevel.checkRange(from, to, train.samples());
        exponentiate(x);
        double w = 1.0 / (to - from);
        Blas.gemvRows(1, a, from, to, z, 0, trainScratch);
        Blas.gemvRows(1, a, from, to, v, 0, trainScratch2);
        for (int i = from; i < to; i++) {
            double m = trainScratch.get(i);
            trainScratch.set(i, w * train.derivative(i, m));
            trainScratch2.set(i, w * train.curvature(i, m) * trainScratch2.get(i));
        }
        Blas.gemvRowsT(1, a, from, to, trainScratch, 0, gradZ);
        Blas.gemvRowsT(1, a, from, to, trainScratch2, 0, hvp);
        double l2 = train.l2();
        if (l2 != 0) {
            Blas.axpy(l2, z, gradZ);
            Blas.axpy(l2, v, hvp);
        }
        Blas.fma(1, expX, z, gradZ);
        Blas.fma(1, expX, v, hvp);
        if (perFeature) {
            Blas.mul(expX, z, cross);
            Blas.mul(cross, v, cross);
        } else {
            cross.set(0, expX.get(0) * Blas.dot(z, v));
        }
    }

    @Override
    public void outerOracles(Vec z, Vec x, int from, int to, Vec gradZ, Vec gradX) {
        QuadraticBilevel.checkRange(from, to, validation.samples());
        double w = 1.0 / (to - from);
        Blas.gemvRows(1, av, from, to, z, 0, validationScratch);
        for (int j = from; j < to; j++) {
            validationScratch.set(j, w * validation.derivative(j, validationScratch.get(j)));
        }
        Blas.gemvRowsT(1, av, from, to, validationScratch, 0, gradZ);
        Blas.zero(gradX);
    }

    @Override
    public double innerValue(Vec z, Vec x) {
        exponentiate(x);
        return train.value(z) + regularisation(z);
    }

    private double regularisation(Vec z) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            double zk = z.get(k);
            s += expX.get(k) * zk * zk;
        }
        return 0.5 * s;
    }

    @Override
    public double outerValue(Vec z, Vec x) {
        return validation.value(z);
    }

    /** Clamps x to [{@link #MIN_LOG}, {@link #MAX_LOG}]. */
    @Override
    public void projectOuter(Vec x) {
        for (int k = 0; k < x.length(); k++) {
            x.set(k, Math.clamp(x.get(k), MIN_LOG, MAX_LOG));
        }
    }

    @Override
    public void solve(Vec x, Vec zStar, Vec vStar, Vec hypergradient) {
        exponentiate(x);
        // Newton on G(·, x) from the last solution (a warm start along a trajectory).
        for (int it = 0; it < NEWTON_MAX; it++) {
            gradientAndHessian(zNewton);
            cholesky.factor(hessian);
            Blas.copy(grad, direction);
            cholesky.solve(direction);
            double decrement = Blas.dot(grad, direction);        // Newton decrement λ², ≥ 0
            if (!(decrement > 1e-30)) {
                break;
            }
            double t = 1;
            if (decrement > 1e-12) {                             // far from z*: Armijo backtracking
                double g0 = train.value(zNewton) + regularisation(zNewton);
                for (int k = 0; k < 60; k++) {
                    Blas.copy(zNewton, trial);
                    Blas.axpy(-t, direction, trial);
                    if (train.value(trial) + regularisation(trial) <= g0 - 0.25 * t * decrement) {
                        break;
                    }
                    t *= 0.5;
                }
            }
            Blas.axpy(-t, direction, zNewton);
            if (decrement < 1e-20) {                             // quadratic convergence: this step was the last
                break;
            }
        }
        Blas.copy(zNewton, zStar);
        gradientAndHessian(zStar);
        cholesky.factor(hessian);
        outerOracles(zStar, x, 0, validation.samples(), vStar, hypergradient);
        cholesky.solve(vStar);
        Blas.scal(-1, vStar);
        if (perFeature) {
            Blas.mul(expX, zStar, hypergradient);
            Blas.mul(hypergradient, vStar, hypergradient);
        } else {
            hypergradient.set(0, expX.get(0) * Blas.dot(zStar, vStar));
        }
    }

    /** grad ← ∇_zG(z, x), hessian ← ∇²_zzG(z, x), for the e^x already in expX. */
    private void gradientAndHessian(Vec z) {
        int n = train.samples();
        Blas.gemvRows(1, a, 0, n, z, 0, trainScratch);
        for (int i = 0; i < n; i++) {
            double m = trainScratch.get(i);
            trainScratch.set(i, train.derivative(i, m) / n);
            trainScratch2.set(i, train.curvature(i, m) / n);
        }
        Blas.gemvRowsT(1, a, 0, n, trainScratch, 0, grad);
        Blas.fma(1, expX, z, grad);
        double l2 = train.l2();
        if (l2 != 0) {
            Blas.axpy(l2, z, grad);
        }
        // H_kl = Σ_i w_i a_ik a_il + δ_kl (e^{x_k} + λ), w_i = φ_i''/n
        for (int k = 0; k < d; k++) {
            Blas.copyFromRow(columns, k, weightedColumn);
            Blas.mul(trainScratch2, weightedColumn, weightedColumn);
            for (int l = 0; l <= k; l++) {
                double h = Blas.rowDot(columns, l, weightedColumn);
                hessian.set(k, l, h);
                hessian.set(l, k, h);
            }
            hessian.set(k, k, hessian.get(k, k) + expX.get(k) + l2);
        }
    }
}
