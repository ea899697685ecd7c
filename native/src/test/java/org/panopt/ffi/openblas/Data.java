package org.panopt.ffi.openblas;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/** Test data in either precision: segments filled with reproducible random values, read back as doubles. */
enum Data {
    F64(8), F32(4);

    final int bytes;

    Data(int bytes) {
        this.bytes = bytes;
    }

    /** Relative tolerance for sums of a few hundred products. */
    double tol() {
        return this == F64 ? 1e-12 : 2e-5;
    }

    MemorySegment random(Arena arena, long count, long seed) {
        MemorySegment s = arena.allocate(Math.max(1, count) * bytes, 64);
        Random r = new Random(seed);
        for (long i = 0; i < count; i++) {
            set(s, i, r.nextDouble() * 2 - 1);
        }
        return s;
    }

    MemorySegment heapRandom(long count, long seed) {
        MemorySegment s = this == F64 ? MemorySegment.ofArray(new double[(int) count])
                : MemorySegment.ofArray(new float[(int) count]);
        Random r = new Random(seed);
        for (long i = 0; i < count; i++) {
            set(s, i, r.nextDouble() * 2 - 1);
        }
        return s;
    }

    double get(MemorySegment s, long i) {
        return this == F64 ? s.getAtIndex(ValueLayout.JAVA_DOUBLE, i) : s.getAtIndex(ValueLayout.JAVA_FLOAT, i);
    }

    void set(MemorySegment s, long i, double v) {
        if (this == F64) {
            s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
        } else {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
        }
    }

    double[] toArray(MemorySegment s) {
        double[] a = new double[(int) (s.byteSize() / bytes)];
        for (int i = 0; i < a.length; i++) {
            a[i] = get(s, i);
        }
        return a;
    }

    /** Copies a double[] into the segment (same element count). */
    void fill(MemorySegment s, double[] v) {
        for (int i = 0; i < v.length; i++) {
            set(s, i, v[i]);
        }
    }
}
