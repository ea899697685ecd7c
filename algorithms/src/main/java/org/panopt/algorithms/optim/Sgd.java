package org.panopt.algorithms.optim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/**
 * Stochastic gradient descent with optional heavy-ball or Nesterov momentum and L2 weight decay,
 * with exactly the update of PyTorch's {@code torch.optim.SGD} (documented algorithm, PyTorch
 * 1.13–2.x), step t = 1, 2, …:
 * <pre>
 *   g ← g + λ θ                                (weight decay λ)
 *   b ← g                           if t = 1   (momentum buffer)
 *   b ← μ b + (1 − τ) g             if t &gt; 1  (momentum μ, dampening τ)
 *   d ← g + μ b  (Nesterov)   or   d ← b
 *   θ ← θ − γ d
 * </pre>
 * With μ = 0 it is plain SGD {@code θ ← θ − γ (g + λθ)} and keeps no buffer traffic.
 *
 * <p>Contiguous float64 vectors; one fused pass per step; the momentum buffer is allocated once.
 */
public final class Sgd extends LearningRateState {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    /**
     * Hyperparameters (PyTorch's names and defaults apart from the learning rate, which has none
     * there either in older versions).
     *
     * @param lr          learning rate γ ≥ 0
     * @param momentum    μ ∈ [0, 1); default 0 (plain SGD)
     * @param dampening   τ ∈ [0, 1]; default 0
     * @param nesterov    Nesterov momentum; default false; needs μ &gt; 0 and τ = 0 (as in PyTorch)
     * @param weightDecay L2 weight decay λ ≥ 0 added to the gradient; default 0
     */
    public record Options(double lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
        public Options {
            Validate.nonNegative("learning rate", lr);
            Validate.unitInterval("momentum", momentum);
            Validate.closedUnitInterval("dampening", dampening);
            Validate.nonNegative("weight decay", weightDecay);
            if (nesterov && (momentum == 0 || dampening != 0)) {
                throw new IllegalArgumentException("Nesterov momentum needs momentum > 0 and dampening = 0, got momentum "
                        + momentum + ", dampening " + dampening);
            }
        }

        /** Plain SGD with learning rate {@code lr}, every other field at its default. */
        public static Options of(double lr) {
            return new Options(lr, 0, 0, false, 0);
        }

        public Options withLr(double v) {
            return new Options(v, momentum, dampening, nesterov, weightDecay);
        }

        public Options withMomentum(double v) {
            return new Options(lr, v, dampening, nesterov, weightDecay);
        }

        public Options withDampening(double v) {
            return new Options(lr, momentum, v, nesterov, weightDecay);
        }

        public Options withNesterov(boolean v) {
            return new Options(lr, momentum, dampening, v, weightDecay);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, momentum, dampening, nesterov, v);
        }
    }

    private final Options options;
    private final Vec buffer;

    /** SGD over {@code n} float64 parameters, its momentum buffer (if μ &gt; 0) in {@code workspace}. */
    public Sgd(Workspace workspace, int n, Options options) {
        this(StateBuffers.of(workspace), n, options);
    }

    /** SGD with its momentum buffer owned by {@code arena}. */
    public Sgd(Arena arena, int n, Options options) {
        this(StateBuffers.of(arena), n, options);
    }

    private Sgd(StateBuffers buffers, int n, Options options) {
        super(n, Objects.requireNonNull(options, "options").lr());
        this.options = options;
        this.buffer = options.momentum() > 0 ? buffers.vector(DType.F64, n) : null;
    }

    @Override
    public void step(Vec params, Vec grad) {
        Validate.vector("params", params, DType.F64, n, true);
        Validate.vector("grad", grad, DType.F64, n, false);
        MemorySegment p = params.segment();
        MemorySegment g = grad.segment();
        long pOff = Validate.byteOffset(params);
        long gOff = Validate.byteOffset(grad);
        if (buffer == null) {
            plain(p, pOff, g, gOff, n, lr, options.weightDecay());
        } else {
            double mu = options.momentum();
            boolean first = iterations == 0;
            // First step: b ← g, written as 0·b + 1·g (b is zero-filled, so this is exactly g).
            double keep = first ? 0.0 : mu;
            double take = first ? 1.0 : 1.0 - options.dampening();
            // Heavy ball: d = 0·g + 1·b = b; Nesterov: d = 1·g + μ·b.
            double dg = options.nesterov() ? 1.0 : 0.0;
            double db = options.nesterov() ? mu : 1.0;
            momentum(p, pOff, g, gOff, buffer.segment(), n, lr, options.weightDecay(), keep, take, dg, db);
        }
        iterations++;
    }

    private static void plain(MemorySegment p, long pOff, MemorySegment g, long gOff, int n, double lr, double wd) {
        int upper = S.loopBound(n);
        int i = 0;
        for (; i < upper; i += S.length()) {
            long b = (long) i << 3;
            DoubleVector th = DoubleVector.fromMemorySegment(S, p, pOff + b, ORDER);
            DoubleVector gv = DoubleVector.fromMemorySegment(S, g, gOff + b, ORDER).add(th.mul(wd));
            th.sub(gv.mul(lr)).intoMemorySegment(p, pOff + b, ORDER);
        }
        for (; i < n; i++) {
            long b = (long) i << 3;
            double th = p.get(F64, pOff + b);
            double gi = g.get(F64, gOff + b) + wd * th;
            p.set(F64, pOff + b, th - lr * gi);
        }
    }

    private static void momentum(MemorySegment p, long pOff, MemorySegment g, long gOff, MemorySegment buf, int n,
                                 double lr, double wd, double keep, double take, double dg, double db) {
        int upper = S.loopBound(n);
        int i = 0;
        for (; i < upper; i += S.length()) {
            long b = (long) i << 3;
            DoubleVector th = DoubleVector.fromMemorySegment(S, p, pOff + b, ORDER);
            DoubleVector gv = DoubleVector.fromMemorySegment(S, g, gOff + b, ORDER).add(th.mul(wd));
            DoubleVector bv = DoubleVector.fromMemorySegment(S, buf, b, ORDER).mul(keep).add(gv.mul(take));
            bv.intoMemorySegment(buf, b, ORDER);
            DoubleVector d = gv.mul(dg).add(bv.mul(db));
            th.sub(d.mul(lr)).intoMemorySegment(p, pOff + b, ORDER);
        }
        for (; i < n; i++) {
            long b = (long) i << 3;
            double th = p.get(F64, pOff + b);
            double gi = g.get(F64, gOff + b) + wd * th;
            double bi = keep * buf.get(F64, b) + take * gi;
            buf.set(F64, b, bi);
            double d = dg * gi + db * bi;
            p.set(F64, pOff + b, th - lr * d);
        }
    }

    public Options options() {
        return options;
    }

    /** The momentum buffer b (empty view if μ = 0). */
    public Vec momentumBuffer() {
        return buffer == null ? Vec.wrap(new double[0]) : buffer;
    }
}
