package org.panopt.algorithms.prox;

import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;

/**
 * Argument checks of the penalties in this package, once per call and before any memory is touched:
 * the vectors are float64 and contiguous (the kernels they run on take unit strides), of one length,
 * and the step is finite and ≥ 0 ({@link Prox#checkArguments}).
 */
final class ProxArgs {
    private ProxArgs() {
    }

    /** A prox call: {@code v} and {@code out} contiguous float64 of one length, t finite and ≥ 0. */
    static void prox(Vec v, double t, Vec out) {
        Prox.checkArguments(v, t, out);
        contiguous("input", v);
        contiguous("output", out);
    }

    /** A gradient call: {@code z} and {@code out} contiguous float64 of one length. */
    static void pair(Vec z, Vec out) {
        contiguous("input", z);
        contiguous("output", out);
        if (z.length() != out.length()) {
            throw new IllegalArgumentException("input has " + z.length() + " elements, output " + out.length());
        }
    }

    /** One contiguous float64 vector. */
    static void contiguous(String name, Vec v) {
        if (v.dtype() != DType.F64 || v.stride() != 1) {
            throw new IllegalArgumentException(name + " must be a contiguous float64 vector, got " + v);
        }
    }

    /** A penalty weight: finite and ≥ 0. */
    static double weight(String name, double w) {
        if (!(w >= 0 && w <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + w);
        }
        return w;
    }

    /** The dimension a penalty was built for. */
    static void dimension(String penalty, int expected, Vec v) {
        if (v.length() != expected) {
            throw new IllegalArgumentException(penalty + " acts on vectors of " + expected + " elements, got " + v.length());
        }
    }
}
