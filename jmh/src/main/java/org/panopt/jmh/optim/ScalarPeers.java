package org.panopt.jmh.optim;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The peers of the optimiser benchmarks: the same update rules as {@code org.panopt.algorithms.optim}
 * written as plain scalar loops over the same memory segments (what one would write without the
 * Vector API). Whatever C2 makes of them (it may auto-vectorise some) is part of the comparison.
 */
final class ScalarPeers {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private ScalarPeers() {
    }

    /** Adam (PyTorch's update) at step t. */
    static void adam(MemorySegment p, MemorySegment g, MemorySegment m, MemorySegment v, int n, long t, double lr,
                     double b1, double b2, double eps) {
        double stepSize = lr / (1 - Math.pow(b1, t));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(b2, t));
        for (int i = 0; i < n; i++) {
            double gi = g.getAtIndex(D, i);
            double mi = b1 * m.getAtIndex(D, i) + (1 - b1) * gi;
            double vi = b2 * v.getAtIndex(D, i) + (1 - b2) * (gi * gi);
            m.setAtIndex(D, i, mi);
            v.setAtIndex(D, i, vi);
            p.setAtIndex(D, i, p.getAtIndex(D, i) - stepSize * (mi / (Math.sqrt(vi) / bc2Sqrt + eps)));
        }
    }

    /** SGD with heavy-ball momentum (after the first step). */
    static void sgdMomentum(MemorySegment p, MemorySegment g, MemorySegment buf, int n, double lr, double mu) {
        for (int i = 0; i < n; i++) {
            double b = mu * buf.getAtIndex(D, i) + g.getAtIndex(D, i);
            buf.setAtIndex(D, i, b);
            p.setAtIndex(D, i, p.getAtIndex(D, i) - lr * b);
        }
    }

    /** Model EMA ζ ← ρζ + (1 − ρ)θ. */
    static void ema(MemorySegment z, MemorySegment theta, int n, double rho) {
        double c = 1 - rho;
        for (int i = 0; i < n; i++) {
            z.setAtIndex(D, i, rho * z.getAtIndex(D, i) + c * theta.getAtIndex(D, i));
        }
    }

    /** Bloop's standard direction: EMA update with both reductions, then the projection. */
    static double bloop(MemorySegment e, MemorySegment gm, MemorySegment ga, MemorySegment out, int n, double beta,
                        double lambda) {
        double dot = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double ei = e.getAtIndex(D, i);
            ei = ei + beta * (gm.getAtIndex(D, i) - ei);
            e.setAtIndex(D, i, ei);
            dot += ei * ga.getAtIndex(D, i);
            sq += ei * ei;
        }
        double r = dot / (sq + 1e-7);
        for (int i = 0; i < n; i++) {
            out.setAtIndex(D, i, gm.getAtIndex(D, i) + lambda * (ga.getAtIndex(D, i) - r * e.getAtIndex(D, i)));
        }
        return r;
    }
}
