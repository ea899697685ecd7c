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
 * Adam (Kingma &amp; Ba 2015), AdamW (decoupled weight decay, Loshchilov &amp; Hutter 2019) and
 * AMSGrad (Reddi et al. 2018) in one fused pass per step. The update is the one PyTorch's
 * {@code torch.optim.Adam} / {@code AdamW} implement ({@code _single_tensor_adam}, PyTorch
 * 1.11–2.x), including where the bias corrections enter, step t = 1, 2, …:
 * <pre>
 *   θ ← θ (1 − γ λ)                            (AdamW: decoupled weight decay λ)
 *   g ← g + λ θ                                (Adam: L2 weight decay λ)
 *   m ← β₁ m + (1 − β₁) g
 *   v ← β₂ v + (1 − β₂) g²
 *   v_max ← max(v_max, v)                      (AMSGrad; v below then means v_max)
 *   θ ← θ − (γ / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * (PyTorch's AMSGrad keeps the running maximum of the raw second moment and bias-corrects it with
 * the current step, as above; its older documentation wrote the maximum over bias-corrected values.)
 *
 * <p>Contiguous float64 vectors; state m, v (and v_max) allocated once at construction.
 */
public final class Adam extends LearningRateState {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    /**
     * Hyperparameters; defaults are PyTorch's ({@link #defaults()}).
     *
     * @param lr          learning rate γ ≥ 0; default 1e-3
     * @param beta1       first-moment decay β₁ ∈ [0, 1); default 0.9
     * @param beta2       second-moment decay β₂ ∈ [0, 1); default 0.999
     * @param eps         ε &gt; 0 added to the denominator; default 1e-8
     * @param weightDecay λ ≥ 0; default 0 (Adam) — {@link #adamW()} uses 0.01 as PyTorch does
     * @param decoupled   true for AdamW's decoupled decay θ ← θ(1 − γλ), false for L2 (g + λθ)
     * @param amsgrad     use the running maximum of the second moment; default false
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
                          boolean amsgrad) {
        public Options {
            Validate.nonNegative("learning rate", lr);
            Validate.unitInterval("beta1", beta1);
            Validate.unitInterval("beta2", beta2);
            Validate.positive("eps", eps);
            Validate.nonNegative("weight decay", weightDecay);
        }

        /** Adam with PyTorch's defaults: γ = 1e-3, β = (0.9, 0.999), ε = 1e-8, no weight decay. */
        public static Options defaults() {
            return new Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false);
        }

        /** AdamW with PyTorch's defaults: as {@link #defaults()} with decoupled weight decay 0.01. */
        public static Options adamW() {
            return new Options(1e-3, 0.9, 0.999, 1e-8, 0.01, true, false);
        }

        public Options withLr(double v) {
            return new Options(v, beta1, beta2, eps, weightDecay, decoupled, amsgrad);
        }

        public Options withBetas(double b1, double b2) {
            return new Options(lr, b1, b2, eps, weightDecay, decoupled, amsgrad);
        }

        public Options withEps(double v) {
            return new Options(lr, beta1, beta2, v, weightDecay, decoupled, amsgrad);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, beta1, beta2, eps, v, decoupled, amsgrad);
        }

        public Options withDecoupled(boolean v) {
            return new Options(lr, beta1, beta2, eps, weightDecay, v, amsgrad);
        }

        public Options withAmsgrad(boolean v) {
            return new Options(lr, beta1, beta2, eps, weightDecay, decoupled, v);
        }
    }

    private final Options options;
    private final Vec m;
    private final Vec v;
    private final Vec vmax;

    /** Adam over {@code n} float64 parameters with its state in {@code workspace}. */
    public Adam(Workspace workspace, int n, Options options) {
        this(StateBuffers.of(workspace), n, options);
    }

    /** Adam with its state owned by {@code arena}. */
    public Adam(Arena arena, int n, Options options) {
        this(StateBuffers.of(arena), n, options);
    }

    private Adam(StateBuffers buffers, int n, Options options) {
        super(n, Objects.requireNonNull(options, "options").lr());
        this.options = options;
        this.m = buffers.vector(DType.F64, n);
        this.v = buffers.vector(DType.F64, n);
        this.vmax = options.amsgrad() ? buffers.vector(DType.F64, n) : null;
    }

    @Override
    public void step(Vec params, Vec grad) {
        Validate.vector("params", params, DType.F64, n, true);
        Validate.vector("grad", grad, DType.F64, n, false);
        long t = iterations + 1;
        double b1 = options.beta1();
        double b2 = options.beta2();
        double stepSize = lr / (1.0 - Math.pow(b1, t));
        double bc2Sqrt = Math.sqrt(1.0 - Math.pow(b2, t));
        double wd = options.weightDecay();
        // One kernel serves both decays: multiplying by 1 and adding 0·θ change nothing.
        double decay = options.decoupled() ? 1.0 - lr * wd : 1.0;
        double l2 = options.decoupled() ? 0.0 : wd;
        kernel(params.segment(), Validate.byteOffset(params), grad.segment(), Validate.byteOffset(grad),
                m.segment(), v.segment(), vmax == null ? null : vmax.segment(), n,
                b1, b2, options.eps(), stepSize, bc2Sqrt, decay, l2);
        iterations++;
    }

    private static void kernel(MemorySegment p, long pOff, MemorySegment g, long gOff, MemorySegment ms,
                               MemorySegment vs, MemorySegment vmaxs, int n, double b1, double b2, double eps,
                               double stepSize, double bc2Sqrt, double decay, double l2) {
        double c1 = 1.0 - b1;
        double c2 = 1.0 - b2;
        boolean ams = vmaxs != null;
        int upper = S.loopBound(n);
        int i = 0;
        for (; i < upper; i += S.length()) {
            long b = (long) i << 3;
            DoubleVector th0 = DoubleVector.fromMemorySegment(S, p, pOff + b, ORDER);
            DoubleVector gv = DoubleVector.fromMemorySegment(S, g, gOff + b, ORDER).add(th0.mul(l2));
            DoubleVector th = th0.mul(decay);
            DoubleVector mv = DoubleVector.fromMemorySegment(S, ms, b, ORDER).mul(b1).add(gv.mul(c1));
            DoubleVector vv = DoubleVector.fromMemorySegment(S, vs, b, ORDER).mul(b2).add(gv.mul(gv).mul(c2));
            mv.intoMemorySegment(ms, b, ORDER);
            vv.intoMemorySegment(vs, b, ORDER);
            if (ams) {
                vv = DoubleVector.fromMemorySegment(S, vmaxs, b, ORDER).max(vv);
                vv.intoMemorySegment(vmaxs, b, ORDER);
            }
            DoubleVector denom = vv.sqrt().div(bc2Sqrt).add(eps);
            th.sub(mv.div(denom).mul(stepSize)).intoMemorySegment(p, pOff + b, ORDER);
        }
        for (; i < n; i++) {
            long b = (long) i << 3;
            double th0 = p.get(F64, pOff + b);
            double gi = g.get(F64, gOff + b) + l2 * th0;
            double th = th0 * decay;
            double mi = b1 * ms.get(F64, b) + c1 * gi;
            double vi = b2 * vs.get(F64, b) + c2 * (gi * gi);
            ms.set(F64, b, mi);
            vs.set(F64, b, vi);
            if (ams) {
                vi = Math.max(vmaxs.get(F64, b), vi);
                vmaxs.set(F64, b, vi);
            }
            double denom = Math.sqrt(vi) / bc2Sqrt + eps;
            p.set(F64, pOff + b, th - (mi / denom) * stepSize);
        }
    }

    public Options options() {
        return options;
    }

    /** First moment m. */
    public Vec firstMoment() {
        return m;
    }

    /** Second moment v. */
    public Vec secondMoment() {
        return v;
    }
}
