package org.panopt.algorithms.landing;

import java.util.Objects;
import java.util.SplittableRandom;
import org.panopt.algorithms.optim.schedule.Schedule;
import org.panopt.core.array.DType;
import org.panopt.core.array.MatrixView;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;

/**
 * Landing on the Stiefel manifold {@code St(n, p) = {X : XᵀX = I_p}} ({@code p = n}: the orthogonal
 * group), deterministic, stochastic or SAGA (SPEC §1a, §1b; Ablin &amp; Peyré, AISTATS 2022; Ablin,
 * Vary, Gao &amp; Absil, arXiv 2303.16510). Each step moves the iterate X (the caller's matrix, updated
 * in place) along the landing field
 * <pre>
 *   Λ = Ψ + λ X(XᵀX − I),   Ψ = skew(G Xᵀ) X = ½ (G S − X U),   S = XᵀX,  U = GᵀX
 * </pre>
 * computed as {@code Λ = ½ G S − X(½ U − λ(S − I))}: one SYRK and three GEMMs of size O(np²) (about
 * 7np² flops), never an {@code n × n} matrix, plus p×p work and two passes over n×p data (a norm and
 * the update). With a relative-gradient oracle ({@link GradientKind#RELATIVE}, n = p) the field is
 * {@code skew(H) X + λ X(S − I)}.
 *
 * <p>The step is {@code η = schedule(t)}, capped by the {@linkplain SafeStep safe step} when it is on,
 * so that {@code ‖XᵀX − I‖ ≤ ε} holds at every iterate. All buffers come from the workspace at
 * construction; {@link #step()} allocates nothing and throws {@link IllegalStateException} (leaving X
 * unchanged) if the field is not finite or the safe step is zero because X is too far from the
 * manifold ({@code ‖XᵀX − I‖ ≥ 1}: start closer, or project the start).
 *
 * @param <M> the matrix view type of the backend
 */
public final class StiefelLanding<M extends MatrixView<M>> extends SteppedIteration {
    /** How the SAGA gradient table starts (SPEC §1b). */
    public enum SagaInit {
        /** All stored gradients zero (their average too). */
        ZERO,
        /** One full pass at the start point: every term's gradient stored, and their average. */
        FULL_PASS
    }

    private final Backend<M> be;
    private final M x;
    private final Source<M> source;
    private final GradientKind kind;
    private final Schedule schedule;
    private final double lambda;
    private final double eps;
    private final boolean safe;
    private final double mu;
    private final long reprojectEvery;
    private final PolarProjection<M> polar;

    private final M g;      // the gradient (n × p) or relative gradient (p × p) of this step
    private final M gT;     // its transpose (views are made once: a view per step would allocate)
    private final M s;      // XᵀX
    private final M delta;  // XᵀX − I
    private final M u;      // GᵀX
    private final M k;      // λ(S − I) − ½U, or skew(H)
    private final M field;  // Λ
    private final M psi;    // Ψ (momentum only)
    private final M mom;    // heavy-ball buffer (momentum only)

    private int nextTerm = -1;

    private StiefelLanding(Backend<M> backend, Workspace ws, M x, Source<M> source, GradientKind kind,
                           LandingOptions options) {
        this.be = Objects.requireNonNull(backend, "backend");
        this.x = x;
        this.source = source;
        this.kind = kind;
        this.schedule = options.schedule();
        this.lambda = options.lambda();
        this.eps = options.eps();
        this.safe = options.safeStep();
        this.mu = options.momentum();
        this.reprojectEvery = options.reprojectEvery();
        int n = x.rows();
        int p = x.cols();
        DType dt = x.dtype();
        boolean relative = kind == GradientKind.RELATIVE;
        this.g = relative ? backend.allocate(ws, dt, p, p) : backend.allocate(ws, dt, n, p);
        this.gT = g.t();
        this.s = backend.allocate(ws, dt, p, p);
        this.delta = backend.allocate(ws, dt, p, p);
        this.u = relative ? null : backend.allocate(ws, dt, p, p);
        this.k = backend.allocate(ws, dt, p, p);
        this.field = backend.allocate(ws, dt, n, p);
        this.psi = mu > 0 ? backend.allocate(ws, dt, n, p) : null;
        this.mom = mu > 0 ? backend.allocate(ws, dt, n, p) : null;
        boolean needsPolar = options.projectStart() || reprojectEvery > 0;
        this.polar = needsPolar ? new PolarProjection<>(backend, ws, dt, n, p) : null;
        if (options.projectStart()) {
            polar.project(x);
        }
    }

    /**
     * Deterministic landing: the oracle's gradient every step.
     *
     * @param x the start point, {@code n × p} with {@code n ≥ p}; updated in place by every step
     */
    public static <M extends MatrixView<M>> StiefelLanding<M> of(Backend<M> backend, Workspace ws, M x,
                                                                 GradientOracle<M> oracle, LandingOptions options) {
        Objects.requireNonNull(oracle, "oracle");
        check(x, oracle.kind(), options);
        return new StiefelLanding<>(backend, ws, x, (it, at, out) -> oracle.gradient(at, out), oracle.kind(),
                options);
    }

    /**
     * Stochastic landing: each {@link #step()} uses the gradient of one term drawn uniformly (seeded
     * by {@link LandingOptions#seed()}); {@link #step(int)} chooses the term.
     */
    public static <M extends MatrixView<M>> StiefelLanding<M> stochastic(Backend<M> backend, Workspace ws, M x,
                                                                         FiniteSumOracle<M> oracle,
                                                                         LandingOptions options) {
        checkFiniteSum(oracle);
        check(x, oracle.kind(), options);
        SplittableRandom rnd = new SplittableRandom(options.seed());
        int terms = oracle.terms();
        return new StiefelLanding<>(backend, ws, x, (it, at, out) -> oracle.gradient(at, it.term(rnd, terms), out),
                oracle.kind(), options);
    }

    /**
     * SAGA landing (SPEC §1b): a table of the last gradient seen for each of the N terms and their
     * average, preallocated here (N + 2 gradients of memory); the direction
     * {@code D = g_i − mem[i] + avg} replaces G in the field.
     */
    public static <M extends MatrixView<M>> StiefelLanding<M> saga(Backend<M> backend, Workspace ws, M x,
                                                                   FiniteSumOracle<M> oracle, LandingOptions options,
                                                                   SagaInit init) {
        checkFiniteSum(oracle);
        Objects.requireNonNull(init, "init");
        check(x, oracle.kind(), options);
        Saga<M> saga = new Saga<>(backend, ws, x, oracle, init, new SplittableRandom(options.seed()));
        return new StiefelLanding<>(backend, ws, x, saga, oracle.kind(), options);
    }

    private static void checkFiniteSum(FiniteSumOracle<?> oracle) {
        Objects.requireNonNull(oracle, "oracle");
        if (oracle.terms() < 1) {
            throw new IllegalArgumentException("a finite sum needs at least one term, got " + oracle.terms());
        }
    }

    private static void check(MatrixView<?> x, GradientKind kind, LandingOptions options) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(options, "options");
        Args.stiefel(x);
        if (kind == GradientKind.RELATIVE && x.rows() != x.cols()) {
            throw new IllegalArgumentException("a relative-gradient oracle needs a square iterate (the orthogonal"
                    + " group), got " + x.rows() + "x" + x.cols());
        }
    }

    /** The iterate (the caller's matrix, updated in place). */
    public M x() {
        return x;
    }

    /** The landing field Λ of the last step (a view of internal memory, overwritten by the next step). */
    public M field() {
        return field;
    }

    /** One step with the minibatch {@code term} (stochastic and SAGA variants; ignored by the deterministic one). */
    public void step(int term) {
        nextTerm = term;
        step();
    }

    @Override
    public void step() {
        double f = source.direction(this, x, g);
        be.syrk(1, x, 0, s);
        be.copy(s, delta);
        be.addIdentity(-1, delta);
        double d = be.norm(delta);
        M psiOut = mu > 0 ? psi : field;
        if (kind == GradientKind.EUCLIDEAN) {
            be.gemm(1, gT, x, 0, u);              // U = GᵀX
            if (mu > 0) {                            // Ψ = ½ G S − ½ X U
                be.gemm(0.5, g, s, 0, psi);
                be.gemm(-0.5, x, u, 1, psi);
            } else {                                 // Λ = ½ G S + X (λ(S − I) − ½ U)
                be.geam(lambda, delta, -0.5, u, k);
                be.gemm(0.5, g, s, 0, field);
                be.gemm(1, x, k, 1, field);
            }
        } else {                                     // Ψ = skew(H) X
            be.geam(0.5, g, -0.5, gT, k);
            be.gemm(1, k, x, 0, psiOut);
            if (mu == 0) {
                be.gemm(lambda, x, delta, 1, field);
            }
        }
        if (mu > 0) {                                // heavy ball on Ψ, then Λ = M + λ X(S − I)
            be.geam(mu, mom, 1, psi, mom);
            be.copy(mom, field);
            be.gemm(lambda, x, delta, 1, field);
        }
        double gn = be.norm(field);
        if (!Double.isFinite(gn) || !Double.isFinite(d)) {
            throw new IllegalStateException("landing step " + iterations() + ": the field is not finite (norm " + gn
                    + ", distance " + d + "); the iterate is unchanged");
        }
        double eta = schedule.at(iterations());
        if (safe) {
            double cap = SafeStep.eta(d, gn, lambda, eps);
            if (cap <= 0 && gn > 0) {
                throw new IllegalStateException("landing step " + iterations() + ": the iterate is at distance " + d
                        + " >= 1 from the manifold, where the safe step is 0; start closer (projectStart) or"
                        + " turn the safe step off");
            }
            eta = Math.min(eta, cap);
        }
        be.axpy(-eta, field, x);
        record(f, d, eta, gn);
        if (reprojectEvery > 0 && iterations() % reprojectEvery == 0) {
            polar.project(x);
        }
    }

    /** The term for this step: the one {@link #step(int)} asked for, else one drawn uniformly. */
    private int term(SplittableRandom rnd, int terms) {
        int t = nextTerm;
        nextTerm = -1;
        if (t < 0) {
            return rnd.nextInt(terms);
        }
        if (t >= terms) {
            throw new IndexOutOfBoundsException("term " + t + " of a finite sum of " + terms);
        }
        return t;
    }

    /** Where a step's gradient comes from: the oracle, one sampled term, or the SAGA estimate. */
    @FunctionalInterface
    private interface Source<M extends MatrixView<M>> {
        /** Writes the direction used in place of G into {@code out}; returns the (minibatch) objective. */
        double direction(StiefelLanding<M> it, M x, M out);
    }

    /** The SAGA table: {@code D = g_i − mem[i] + avg}, then {@code avg += (g_i − mem[i])/N}, {@code mem[i] = g_i}. */
    private static final class Saga<M extends MatrixView<M>> implements Source<M> {
        private final Backend<M> be;
        private final FiniteSumOracle<M> oracle;
        private final SplittableRandom rnd;
        private final M[] mem;
        private final M avg;
        private M fresh;

        @SuppressWarnings("unchecked")
        Saga(Backend<M> be, Workspace ws, M x, FiniteSumOracle<M> oracle, SagaInit init, SplittableRandom rnd) {
            this.be = be;
            this.oracle = oracle;
            this.rnd = rnd;
            int r = oracle.kind() == GradientKind.RELATIVE ? x.cols() : x.rows();
            int c = x.cols();
            int n = oracle.terms();
            this.mem = (M[]) new MatrixView<?>[n];
            for (int i = 0; i < n; i++) {
                mem[i] = be.allocate(ws, x.dtype(), r, c);
            }
            this.avg = be.allocate(ws, x.dtype(), r, c);
            this.fresh = be.allocate(ws, x.dtype(), r, c);
            if (init == SagaInit.FULL_PASS) {
                for (int i = 0; i < n; i++) {
                    oracle.gradient(x, i, mem[i]);
                    be.axpy(1.0 / n, mem[i], avg);
                }
            }
        }

        @Override
        public double direction(StiefelLanding<M> it, M x, M out) {
            int n = mem.length;
            int i = it.term(rnd, n);
            double f = oracle.gradient(x, i, fresh);
            M old = mem[i];
            be.geam(1, fresh, -1, old, out);
            be.axpy(1, avg, out);
            be.axpy(1.0 / n, fresh, avg);
            be.axpy(-1.0 / n, old, avg);
            mem[i] = fresh;   // swap: the old slot becomes the next step's scratch
            fresh = old;
            return f;
        }
    }
}
