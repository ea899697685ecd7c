package org.panopt.kernels.level3;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * The pack buffers of one GEMM or SYRK call, sized once and reused by every later call, so that a
 * call allocates nothing. One workspace serves one precision and one thread at a time (the parallel
 * path keeps one per thread).
 *
 * <p>A workspace is sized either for the full block sizes ({@link #forDoubles()}: serves every
 * shape) or for a largest shape ({@link #forDoubles(int, int, int)}: serves every call with
 * {@code m, n, k} no larger, and is smaller when the shape is small). A call that does not fit its
 * workspace throws {@link IllegalArgumentException} before touching memory. The buffers are Java
 * arrays: a probe here measured them 5–20 % faster than {@code MemorySegment} buffers for packing.
 *
 * <p>Calls without a workspace argument use a per-thread cache that grows to the largest shape seen
 * on that thread (so it allocates only when a thread first meets a larger shape).
 */
public final class GemmWorkspace {
    private static final ThreadLocal<GemmWorkspace> DOUBLES = new ThreadLocal<>();
    private static final ThreadLocal<GemmWorkspace> FLOATS = new ThreadLocal<>();

    final BlockSizes blocks;
    final boolean isDouble;
    /** The largest m, n, k this workspace was sized for (clamped to the block sizes). */
    private final int capM, capN, capK;
    final double[] dA, dB, dTile;
    final float[] sA, sB, sTile;

    private GemmWorkspace(BlockSizes blocks, boolean isDouble, int m, int n, int k) {
        int lanes = isDouble ? DoubleVector.SPECIES_PREFERRED.length() : FloatVector.SPECIES_PREFERRED.length();
        if (blocks.nr() != 6 || (blocks.mr() != 4 * lanes && blocks.mr() != 2 * lanes)) {
            throw new IllegalArgumentException("unsupported register tile " + blocks.mr() + "x" + blocks.nr() + " for "
                    + lanes + "-lane " + (isDouble ? "double" : "float") + " vectors: use " + 4 * lanes + "x6 or "
                    + 2 * lanes + "x6");
        }
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative shape " + m + "x" + n + "x" + k);
        }
        this.blocks = blocks;
        this.isDouble = isDouble;
        this.capM = Math.min(m, blocks.mc());
        this.capN = Math.min(n, blocks.nc());
        this.capK = Math.min(k, blocks.kc());
        int a = roundUp(capM, blocks.mr()) * capK;
        int b = capK * roundUp(capN, blocks.nr());
        int tile = blocks.mr() * blocks.nr();
        this.dA = isDouble ? new double[a] : null;
        this.dB = isDouble ? new double[b] : null;
        this.dTile = isDouble ? new double[tile] : null;
        this.sA = isDouble ? null : new float[a];
        this.sB = isDouble ? null : new float[b];
        this.sTile = isDouble ? null : new float[tile];
    }

    /** A {@code double} workspace for every shape, with this machine's block sizes. */
    public static GemmWorkspace forDoubles() {
        return forDoubles(BlockSizes.forDoubles());
    }

    /** A {@code double} workspace for every shape, with the given block sizes. */
    public static GemmWorkspace forDoubles(BlockSizes blocks) {
        return new GemmWorkspace(blocks, true, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** A {@code double} workspace for calls with at most {@code m} rows, {@code n} columns and depth {@code k}. */
    public static GemmWorkspace forDoubles(int m, int n, int k) {
        return new GemmWorkspace(BlockSizes.forDoubles(), true, m, n, k);
    }

    /** A {@code float} workspace for every shape, with this machine's block sizes. */
    public static GemmWorkspace forFloats() {
        return forFloats(BlockSizes.forFloats());
    }

    /** A {@code float} workspace for every shape, with the given block sizes. */
    public static GemmWorkspace forFloats(BlockSizes blocks) {
        return new GemmWorkspace(blocks, false, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** A {@code float} workspace for calls with at most {@code m} rows, {@code n} columns and depth {@code k}. */
    public static GemmWorkspace forFloats(int m, int n, int k) {
        return new GemmWorkspace(BlockSizes.forFloats(), false, m, n, k);
    }

    /** The block sizes this workspace packs with. */
    public BlockSizes blocks() {
        return blocks;
    }

    /** Whether this workspace holds {@code double} buffers (else {@code float}). */
    public boolean isDouble() {
        return isDouble;
    }

    /** Whether a call of shape {@code m × n × k} fits this workspace. */
    public boolean fits(int m, int n, int k) {
        return Math.min(m, blocks.mc()) <= capM && Math.min(n, blocks.nc()) <= capN
                && Math.min(k, blocks.kc()) <= capK;
    }

    /** Validates that this workspace serves a call of the given precision and shape. */
    void require(boolean doubles, int m, int n, int k) {
        if (doubles != isDouble) {
            throw new IllegalArgumentException("workspace holds " + (isDouble ? "double" : "float")
                    + " buffers, the call is " + (doubles ? "double" : "float"));
        }
        if (!fits(m, n, k)) {
            throw new IllegalArgumentException("workspace sized for m=" + capM + ", n=" + capN + ", k=" + capK
                    + " cannot serve a call with m=" + m + ", n=" + n + ", k=" + k);
        }
    }

    /** This thread's cached {@code double} workspace, grown if it does not fit {@code m × n × k}. */
    static GemmWorkspace threadDoubles(int m, int n, int k) {
        return cached(DOUBLES, true, m, n, k);
    }

    /** This thread's cached {@code float} workspace, grown if it does not fit {@code m × n × k}. */
    static GemmWorkspace threadFloats(int m, int n, int k) {
        return cached(FLOATS, false, m, n, k);
    }

    private static GemmWorkspace cached(ThreadLocal<GemmWorkspace> cache, boolean doubles, int m, int n, int k) {
        GemmWorkspace ws = cache.get();
        if (ws == null || !ws.fits(m, n, k)) {
            BlockSizes b = doubles ? BlockSizes.forDoubles() : BlockSizes.forFloats();
            int cm = ws == null ? m : Math.max(ws.capM, m);
            int cn = ws == null ? n : Math.max(ws.capN, n);
            int ck = ws == null ? k : Math.max(ws.capK, k);
            ws = new GemmWorkspace(b, doubles, cm, cn, ck);
            cache.set(ws);
        }
        return ws;
    }

    static int roundUp(int v, int q) {
        return (v + q - 1) / q * q;
    }
}
