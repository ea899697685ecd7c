package org.panopt.kernels.level3;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The tile and block sizes of the packed GEMM (the five loops of BLIS, Van Zee &amp; van de Geijn,
 * "BLIS: A Framework for Rapidly Instantiating BLAS Functionality", TOMS 41(3), 2015), kept as data.
 *
 * <p>The micro-kernel updates an {@code mr × nr} tile of C from an {@code mr × kc} sliver of packed A
 * and a {@code kc × nr} sliver of packed B; packed A blocks are {@code mc × kc}, packed B panels
 * {@code kc × nc}. Two tile shapes exist, chosen by the register file: with 32 vector registers
 * (512-bit species) {@code mr = 3·lanes, nr = 8} (24 accumulators), otherwise {@code mr = 2·lanes,
 * nr = 6} (12 accumulators, fits 16 registers).
 *
 * @param mr rows of the register tile: 4 or 2 vectors of the precision's preferred species
 * @param nr columns of the register tile: 6
 * @param kc depth of one packed block (the k loop is cut into blocks of this size)
 * @param mc rows of one packed A block, a multiple of {@code mr}
 * @param nc columns of one packed B panel, a multiple of {@code nr}
 */
public record BlockSizes(int mr, int nr, int kc, int mc, int nc) {
    private static final CacheSizes CACHES = CacheSizes.detect();
    private static final BlockSizes DOUBLES = derive(CACHES, DoubleVector.SPECIES_PREFERRED, Double.BYTES);
    private static final BlockSizes FLOATS = derive(CACHES, FloatVector.SPECIES_PREFERRED, Float.BYTES);

    public BlockSizes {
        if (mr <= 0 || nr <= 0 || kc <= 0 || mc <= 0 || nc <= 0) {
            throw new IllegalArgumentException("block sizes must be positive: " + describe(mr, nr, kc, mc, nc));
        }
        if (mc % mr != 0 || nc % nr != 0) {
            throw new IllegalArgumentException("mc must be a multiple of mr and nc of nr: " + describe(mr, nr, kc, mc, nc));
        }
    }

    /** Block sizes for {@code double} GEMM on this machine (preferred species, caches from sysfs). */
    public static BlockSizes forDoubles() {
        return DOUBLES;
    }

    /** Block sizes for {@code float} GEMM on this machine. */
    public static BlockSizes forFloats() {
        return FLOATS;
    }

    /** The cache sizes the defaults were derived from. */
    public static CacheSizes caches() {
        return CACHES;
    }

    /**
     * Derives block sizes for a species from the caches, after the analytical model of Low et al.,
     * "Analytical Modeling Is Enough for High-Performance BLIS", TOMS 43(2), 2016: a {@code kc × nr}
     * sliver of B takes half of L1, an {@code mc × kc} block of A half of L2, a {@code kc × nc} panel
     * of B half of this core's share of L3 (capped at 4096 columns to bound the workspace).
     */
    public static BlockSizes derive(CacheSizes caches, VectorSpecies<?> species, int elemBytes) {
        int lanes = species.length();
        boolean wide = species.vectorBitSize() >= 512;
        int mr = (wide ? 4 : 2) * lanes;
        int nr = 6;
        int kc = clamp(roundDown(caches.l1d() / 2 / ((long) nr * elemBytes), 8), 64, 1024);
        int mc = clamp(roundDown(caches.l2() / 2 / ((long) kc * elemBytes), mr), mr, 4096 / mr * mr);
        long l3 = caches.l3() > 0 ? caches.l3() : caches.l2();
        int nc = clamp(roundDown(l3 / 2 / ((long) kc * elemBytes), nr), nr, 4096 / nr * nr);
        return new BlockSizes(mr, nr, kc, mc, nc);
    }

    private static int roundDown(long v, int q) {
        return (int) Math.min(Integer.MAX_VALUE, v / q * q);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static String describe(int mr, int nr, int kc, int mc, int nc) {
        return "mr=" + mr + ", nr=" + nr + ", kc=" + kc + ", mc=" + mc + ", nc=" + nc;
    }
}
