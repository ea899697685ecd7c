package org.panopt.algorithms.prox;

import org.panopt.core.array.Vec;
import org.panopt.kernels.level1.Level1;
import org.panopt.kernels.threshold.Threshold;

/**
 * The group norm τ(z) = λ Σ_B ‖z_B‖₂ over consecutive blocks B of {@code blockSize} coordinates (the
 * group lasso; Yuan &amp; Lin 2006); {@code blockSize = 0} makes the whole vector one block, the plain
 * ℓ2 norm λ‖z‖₂. Prox: block soft-thresholding {@code z_B ← max(0, 1 − tλ/‖v_B‖)·v_B}
 * ({@link Threshold#dblockSoft}); gradient {@code λ z_B/‖z_B‖}, and 0 on a zero block (the
 * least-norm subgradient). Immutable; vectors must be contiguous float64 whose length the block
 * size divides.
 *
 * @param weight    λ ≥ 0
 * @param blockSize coordinates per group, ≥ 1, or 0 for one group
 */
public record GroupNorm(double weight, int blockSize) implements Prox {

    public GroupNorm {
        ProxArgs.weight("group-norm weight", weight);
        if (blockSize < 0) {
            throw new IllegalArgumentException("block size must be >= 0 (0: one block), got " + blockSize);
        }
    }

    /** λ‖z‖₂: one block. */
    public static GroupNorm l2(double weight) {
        return new GroupNorm(weight, 0);
    }

    private int block(Vec v) {
        int b = blockSize == 0 ? v.length() : blockSize;
        if (v.length() > 0 && v.length() % b != 0) {
            throw new IllegalArgumentException("block size " + b + " does not divide the length " + v.length());
        }
        return Math.max(b, 1);
    }

    @Override
    public void prox(Vec v, double t, Vec out) {
        ProxArgs.prox(v, t, out);
        Threshold.dblockSoft(v.length(), block(v), t * weight, v.segment(), v.offset(), out.segment(), out.offset());
    }

    @Override
    public double value(Vec z) {
        ProxArgs.contiguous("input", z);
        int b = block(z);
        double s = 0;
        for (int k = 0; k < z.length(); k += b) {
            s += Level1.dnrm2(b, z.segment(), z.offset() + k, 1);
        }
        return weight * s;
    }

    @Override
    public boolean hasGradient() {
        return true;
    }

    @Override
    public void gradient(Vec z, Vec out) {
        ProxArgs.pair(z, out);
        int b = block(z);
        for (int k = 0; k < z.length(); k += b) {
            double norm = Level1.dnrm2(b, z.segment(), z.offset() + k, 1);
            Level1.daxpby(b, norm == 0 ? 0 : weight / norm, z.segment(), z.offset() + k, 1, 0, out.segment(),
                    out.offset() + k, 1);
        }
    }
}
