package org.panopt.algorithms.retraction;

import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.core.backend.Backend;
import org.panopt.ffi.openblas.OpenBlas;

/** The retractions for host matrices, LAPACK when OpenBLAS is loaded and a Java fallback otherwise. */
public final class Retractions {
    private Retractions() {
    }

    /** QR: {@link LapackQr} if OpenBLAS is available, else {@link HouseholderQr}. */
    public static Retraction<Matrix> qr(Workspace ws, DType dtype, int n, int p) {
        return OpenBlas.isAvailable() ? new LapackQr(ws, dtype, n, p) : new HouseholderQr(n, p);
    }

    /** Polar: {@link SvdPolar} if OpenBLAS is available, else {@link NewtonSchulzPolar} on {@code backend}. */
    public static Retraction<Matrix> polar(Backend<Matrix> backend, Workspace ws, DType dtype, int n, int p) {
        return OpenBlas.isAvailable() ? new SvdPolar(backend, ws, dtype, n, p)
                : new NewtonSchulzPolar<>(backend, ws, dtype, n, p);
    }
}
