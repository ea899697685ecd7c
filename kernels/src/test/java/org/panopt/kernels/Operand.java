package org.panopt.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * A test operand: a strided vector or a column-major matrix inside a segment with random padding
 * around it (and a random element offset), in one of three kinds of segment — native, a heap array,
 * or a slice of a heap array — so that the suites also check that nothing outside the operand is
 * touched. Values are uniform in [−1, 1] (rounded to float for float32).
 */
public final class Operand {
    public final boolean f32;
    public final MemorySegment seg;
    public final long off;
    public final int n;
    public final int inc;
    public final int rows;
    public final int cols;
    public final int ld;
    private final double[] before;

    private Operand(boolean f32, MemorySegment seg, long off, int n, int inc, int rows, int cols, int ld) {
        this.f32 = f32;
        this.seg = seg;
        this.off = off;
        this.n = n;
        this.inc = inc;
        this.rows = rows;
        this.cols = cols;
        this.ld = ld;
        this.before = snapshot();
    }

    /** A vector of n elements with increment inc (kind: 0 native, 1 heap, 2 heap slice). */
    public static Operand vector(SplittableRandom r, boolean f32, int n, int inc, int kind) {
        long off = r.nextInt(4);
        long span = n == 0 ? 0 : (long) (n - 1) * Math.abs(inc) + 1;
        MemorySegment s = segment(r, f32, off + span + r.nextInt(3), kind);
        return new Operand(f32, s, off, n, inc, 0, 0, 0);
    }

    /** A rows × cols column-major matrix with leading dimension ld. */
    public static Operand matrix(SplittableRandom r, boolean f32, int rows, int cols, int ld, int kind) {
        long off = r.nextInt(4);
        long span = rows == 0 || cols == 0 ? 0 : (long) (cols - 1) * ld + rows;
        MemorySegment s = segment(r, f32, off + span + r.nextInt(3), kind);
        return new Operand(f32, s, off, 0, 0, rows, cols, ld);
    }

    private static MemorySegment segment(SplittableRandom r, boolean f32, long elements, int kind) {
        int extra = kind == 2 ? 3 : 0;
        int len = (int) elements + extra;
        MemorySegment s;
        if (kind == 0) {
            s = Arena.ofAuto().allocate(Math.max(1, len) * (long) (f32 ? 4 : 8), 64);
        } else if (f32) {
            s = MemorySegment.ofArray(new float[len]);
        } else {
            s = MemorySegment.ofArray(new double[len]);
        }
        s = s.asSlice(extra * (long) (f32 ? 4 : 8));
        long cnt = s.byteSize() / (f32 ? 4 : 8);
        for (long k = 0; k < cnt; k++) {
            ElementAccess.set(s, k, 2 * r.nextDouble() - 1, f32);
        }
        return s;
    }

    /** Segment index of vector element k (BLAS walk order; negative increments start at the end). */
    public long index(int k) {
        return Checks.firstIndex(off, n, inc) + (long) k * inc;
    }

    public double get(int k) {
        return ElementAccess.get(seg, index(k), f32);
    }

    public void set(int k, double v) {
        ElementAccess.set(seg, index(k), v, f32);
    }

    public double get(int i, int j) {
        return ElementAccess.get(seg, off + i + (long) j * ld, f32);
    }

    public void set(int i, int j, double v) {
        ElementAccess.set(seg, off + i + (long) j * ld, v, f32);
    }

    /** The values of vector elements 0..n−1 now. */
    public double[] values() {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = get(k);
        }
        return v;
    }

    public double[] snapshot() {
        long cnt = seg.byteSize() / (f32 ? 4 : 8);
        double[] v = new double[(int) cnt];
        for (int k = 0; k < cnt; k++) {
            v[k] = ElementAccess.get(seg, k, f32);
        }
        return v;
    }

    /** Refreshes the "before" picture (after a test has planted special values). */
    public Operand mark() {
        System.arraycopy(snapshot(), 0, before, 0, before.length);
        return this;
    }

    /** Every element outside the operand is as it was when the operand was made or last marked. */
    public void assertOutsideUntouched(String what) {
        double[] now = snapshot();
        boolean[] inside = new boolean[now.length];
        if (rows > 0 && cols > 0) {
            for (int j = 0; j < cols; j++) {
                for (int i = 0; i < rows; i++) {
                    inside[(int) (off + i + (long) j * ld)] = true;
                }
            }
        }
        for (int k = 0; k < n; k++) {
            inside[(int) index(k)] = true;
        }
        for (int k = 0; k < now.length; k++) {
            if (!inside[k]) {
                assertEquals(Double.doubleToRawLongBits(before[k]), Double.doubleToRawLongBits(now[k]),
                        what + ": element " + k + " outside the operand was written");
            }
        }
    }

    /** The whole segment is bit-for-bit as it was (after a call that threw). */
    public void assertUnchanged(String what) {
        double[] now = snapshot();
        for (int k = 0; k < now.length; k++) {
            assertEquals(Double.doubleToRawLongBits(before[k]), Double.doubleToRawLongBits(now[k]),
                    what + ": element " + k + " changed");
        }
    }
}
