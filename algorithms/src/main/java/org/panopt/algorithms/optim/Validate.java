package org.panopt.algorithms.optim;

import java.lang.foreign.MemorySegment;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;

/**
 * Argument checks shared by the update rules: hyperparameters when options are built, vectors on
 * every step. Every check runs before any element is written, so a bad call leaves the caller's
 * parameters and the rule's state untouched. Nothing here allocates on the success path.
 */
final class Validate {
    private Validate() {
    }

    /** {@code v} is neither NaN nor infinite. */
    static double finite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + v);
        }
        return v;
    }

    /** {@code v ≥ 0} and finite. */
    static double nonNegative(String name, double v) {
        finite(name, v);
        if (v < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + v);
        }
        return v;
    }

    /** {@code v > 0} and finite. */
    static double positive(String name, double v) {
        finite(name, v);
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + v);
        }
        return v;
    }

    /** {@code v ∈ [0, 1)}: a decay/momentum coefficient. */
    static double unitInterval(String name, double v) {
        finite(name, v);
        if (v < 0 || v >= 1) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + v);
        }
        return v;
    }

    /** {@code v ∈ [0, 1]}. */
    static double closedUnitInterval(String name, double v) {
        finite(name, v);
        if (v < 0 || v > 1) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
        return v;
    }

    /** {@code n ≥ 0}. */
    static int size(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("parameter count must be >= 0, got " + n);
        }
        return n;
    }

    /**
     * {@code v} is a contiguous vector of {@code n} elements of {@code dtype} whose memory is still
     * alive (and writable if {@code writable}).
     */
    static void vector(String name, Vec v, DType dtype, int n, boolean writable) {
        if (v == null) {
            throw new NullPointerException(name + " is null");
        }
        if (v.length() != n) {
            throw new IllegalArgumentException(name + " has " + v.length() + " elements, this rule was built for " + n);
        }
        if (v.dtype() != dtype) {
            throw new IllegalArgumentException(name + " is " + v.dtype() + ", this rule works on " + dtype);
        }
        if (v.stride() != 1 && n > 1) {
            throw new IllegalArgumentException(name + " must be contiguous (stride 1), got stride " + v.stride()
                    + ": copy it into a contiguous vector first");
        }
        MemorySegment s = v.segment();
        if (!s.scope().isAlive()) {
            throw new IllegalStateException("the memory behind " + name
                    + " was freed: its Arena or Workspace is closed");
        }
        if (writable && s.isReadOnly()) {
            throw new IllegalArgumentException(name + " is read-only and cannot be updated in place");
        }
    }

    /**
     * {@code out} and {@code in} are either the very same elements or do not overlap at all. Only
     * checked for native segments, where addresses are comparable without allocating.
     */
    static void sameOrDisjoint(String outName, Vec out, String inName, Vec in) {
        MemorySegment a = out.segment();
        MemorySegment b = in.segment();
        if (!a.isNative() || !b.isNative() || out.length() == 0) {
            return;
        }
        long bytes = (long) out.length() * out.dtype().byteSize();
        long a0 = a.address() + out.offset() * out.dtype().byteSize();
        long b0 = b.address() + in.offset() * in.dtype().byteSize();
        if (a0 != b0 && a0 < b0 + bytes && b0 < a0 + bytes) {
            throw new IllegalArgumentException(outName + " partially overlaps " + inName
                    + ": pass the same view or disjoint memory");
        }
    }

    /** Byte offset of element 0 of a contiguous view. */
    static long byteOffset(Vec v) {
        return v.offset() * v.dtype().byteSize();
    }
}
