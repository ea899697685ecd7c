package org.panopt.core.backend;

import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;
import org.panopt.ffi.openblas.OpenBlas;

/**
 * Chooses per call between a Java backend (small sizes, where a native call's fixed cost dominates)
 * and OpenBLAS (large sizes), from per-operation {@link Thresholds}. Results follow the backend chosen;
 * both obey the {@link Backend} contract.
 *
 * <p>{@link #host()} builds the JVM's default once and logs its choice once. Properties:
 * {@code -Dpanopt.backend=java-simd|openblas|java-reference} forces one backend for every call;
 * {@code -Dpanopt.backend.openblas=false} disables OpenBLAS (the Java backend then runs everything);
 * thresholds as in {@link Thresholds#load()}.
 */
public final class DispatchingBackend implements Backend<Matrix> {
    private final Backend<Matrix> small;
    private final Backend<Matrix> large;
    private final Thresholds t;
    private final String description;

    /**
     * @param small runs below the thresholds (and everything if {@code large} is null)
     * @param large runs at or above them; null if unavailable or disabled
     */
    public DispatchingBackend(Backend<Matrix> small, Backend<Matrix> large, Thresholds thresholds) {
        this(small, large, thresholds, small.name() + (large == null ? " only" : " below, " + large.name()
                + " at or above thresholds " + thresholds));
    }

    private DispatchingBackend(Backend<Matrix> small, Backend<Matrix> large, Thresholds thresholds, String description) {
        this.small = small;
        this.large = large;
        this.t = thresholds;
        this.description = description;
    }

    private static final class Default {
        static final DispatchingBackend INSTANCE = configure(System.getProperties());
    }

    /** The JVM's host backend, configured from properties and the calibration file on first use. */
    public static DispatchingBackend host() {
        return Default.INSTANCE;
    }

    /** The dispatcher that {@code props} ask for (see the class comment); logs its choice. */
    static DispatchingBackend configure(java.util.Properties props) {
        Backend<Matrix> java = JavaSimdBackend.INSTANCE;
        boolean openblasAllowed = !"false".equalsIgnoreCase(props.getProperty("panopt.backend.openblas", "true"));
        Backend<Matrix> openblas = openblasAllowed && OpenBlas.isAvailable() ? OpenBlasBackend.get() : null;
        String forced = props.getProperty("panopt.backend", "").strip();
        Thresholds th = Thresholds.load(props);
        Backend<Matrix> lo;
        Backend<Matrix> hi;
        String why;
        if (forced.equals("openblas")) {
            if (openblas == null) {
                throw new IllegalStateException("-Dpanopt.backend=openblas but OpenBLAS is "
                        + (openblasAllowed ? "unavailable: " + OpenBlas.status().describe() : "disabled"));
            }
            lo = openblas;
            hi = openblas;
            why = "forced to openblas by -Dpanopt.backend";
        } else if (forced.equals(java.name()) || forced.equals(ReferenceBackend.INSTANCE.name())) {
            lo = forced.equals(java.name()) ? java : ReferenceBackend.INSTANCE;
            hi = null;
            why = "forced to " + lo.name() + " by -Dpanopt.backend";
        } else if (!forced.isEmpty()) {
            throw new IllegalArgumentException("-Dpanopt.backend=" + forced + ": expected " + java.name()
                    + ", openblas or " + ReferenceBackend.INSTANCE.name());
        } else if (openblas == null) {
            lo = java;
            hi = null;
            why = java.name() + " only: OpenBLAS is " + (openblasAllowed ? "unavailable ("
                    + OpenBlas.status().describe() + ")" : "disabled by -Dpanopt.backend.openblas=false");
        } else {
            lo = java;
            hi = openblas;
            why = java.name() + " below, openblas (" + OpenBlas.library() + ") at or above thresholds " + th;
        }
        System.getLogger("org.panopt.core.backend").log(System.Logger.Level.INFO, "panopt host backend: " + why);
        return new DispatchingBackend(lo, hi, th, why);
    }

    /** What this dispatcher does and why (for the host default: the line it logged once). */
    public String description() {
        return description;
    }

    /** The thresholds in use. */
    public Thresholds thresholds() {
        return t;
    }

    @Override
    public String name() {
        return "dispatch";
    }

    private Backend<Matrix> pick(long work, long threshold) {
        return large != null && work >= threshold ? large : small;
    }

    private static long elements(Matrix m) {
        return (long) m.rows() * m.cols();
    }

    @Override
    public Matrix allocate(Workspace ws, DType dtype, int rows, int cols) {
        return ws.matrix(dtype, rows, cols);
    }

    @Override
    public void gemm(double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        pick(elements(c) * a.cols(), t.gemm()).gemm(alpha, a, b, beta, c);
    }

    @Override
    public void syrk(double alpha, Matrix a, double beta, Matrix c) {
        pick(elements(c) * a.rows(), t.syrk()).syrk(alpha, a, beta, c);
    }

    @Override
    public void geam(double alpha, Matrix a, double beta, Matrix b, Matrix c) {
        pick(elements(c), t.elementwise()).geam(alpha, a, beta, b, c);
    }

    @Override
    public void axpy(double alpha, Matrix x, Matrix y) {
        pick(elements(y), t.elementwise()).axpy(alpha, x, y);
    }

    @Override
    public void scale(double alpha, Matrix a) {
        pick(elements(a), t.elementwise()).scale(alpha, a);
    }

    @Override
    public void addIdentity(double alpha, Matrix c) {
        small.addIdentity(alpha, c); // min(m, n) scalar updates: never worth a native call
    }

    @Override
    public void copy(Matrix src, Matrix dst) {
        pick(elements(dst), t.elementwise()).copy(src, dst);
    }

    @Override
    public double dot(Matrix a, Matrix b) {
        return pick(elements(a), t.reduction()).dot(a, b);
    }

    @Override
    public double norm(Matrix a) {
        return pick(elements(a), t.reduction()).norm(a);
    }

    @Override
    public void upload(Matrix src, Matrix dst) {
        small.upload(src, dst);
    }

    @Override
    public void download(Matrix src, Matrix dst) {
        small.download(src, dst);
    }
}
