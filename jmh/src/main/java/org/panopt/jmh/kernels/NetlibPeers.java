package org.panopt.jmh.kernels;

import dev.ludovic.netlib.blas.BLAS;
import java.lang.reflect.Method;

/**
 * netlib's pure-Java BLAS implementations, picked explicitly (their classes are package-private, so
 * through their public static {@code getInstance()}): {@code VectorBLAS} (Vector API) and
 * {@code F2jBLAS} (the F2J translation of the reference Fortran).
 */
final class NetlibPeers {
    private NetlibPeers() {
    }

    static BLAS vectorBlas() {
        return instance("dev.ludovic.netlib.blas.VectorBLAS");
    }

    static BLAS f2j() {
        return instance("dev.ludovic.netlib.blas.F2jBLAS");
    }

    private static BLAS instance(String cls) {
        try {
            Method m = Class.forName(cls).getMethod("getInstance");
            m.setAccessible(true);
            return (BLAS) m.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("netlib implementation " + cls + " not available", e);
        }
    }
}
