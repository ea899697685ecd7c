package org.panopt.core.backend;

import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Workspace;

/**
 * {@code java-reference}: every operation as plain Java loops over {@link Matrix} element access,
 * accumulating in float64. It is the independent reference the backend tests compare with, and the
 * small-size side of {@link DispatchingBackend} until the Vector API backend exists (at small sizes the
 * cost of a native call dominates, and plain loops win). Allocation-free.
 */
public final class ReferenceBackend implements Backend<Matrix> {
    /** The one instance (it has no state). */
    public static final ReferenceBackend INSTANCE = new ReferenceBackend();

    private ReferenceBackend() {
    }

    @Override
    public String name() {
        return "java-reference";
    }

    @Override
    public Matrix allocate(Workspace ws, DType dtype, int rows, int cols) {
        return ws.matrix(dtype, rows, cols);
    }

    @Override
    public void gemm(double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        Shapes.gemm(a, b, c);
        Overlap.refuse("gemm", c, a, b);
        for (int j = 0; j < c.cols(); j++) {
            for (int i = 0; i < c.rows(); i++) {
                double s = 0;
                for (int q = 0; q < a.cols(); q++) {
                    s += a.get(i, q) * b.get(q, j);
                }
                c.set(i, j, beta == 0 ? alpha * s : alpha * s + beta * c.get(i, j));
            }
        }
    }

    @Override
    public void syrk(double alpha, Matrix a, double beta, Matrix c) {
        Shapes.syrk(a, c);
        Overlap.refuse("syrk", c, a, a);
        for (int j = 0; j < c.cols(); j++) {
            for (int i = 0; i <= j; i++) {
                double s = 0;
                for (int q = 0; q < a.rows(); q++) {
                    s += a.get(q, i) * a.get(q, j);
                }
                double v = beta == 0 ? alpha * s : alpha * s + beta * c.get(i, j);
                c.set(i, j, v);
                c.set(j, i, v);
            }
        }
    }

    @Override
    public void geam(double alpha, Matrix a, double beta, Matrix b, Matrix c) {
        Shapes.same("geam", a, b, c);
        if (!Overlap.same(c, a)) {
            Overlap.refuse("geam", c, a, a);
        }
        if (!Overlap.same(c, b)) {
            Overlap.refuse("geam", c, b, b);
        }
        for (int j = 0; j < c.cols(); j++) {
            for (int i = 0; i < c.rows(); i++) {
                double va = alpha == 0 ? 0 : alpha * a.get(i, j);
                double vb = beta == 0 ? 0 : beta * b.get(i, j);
                c.set(i, j, va + vb);
            }
        }
    }

    @Override
    public void axpy(double alpha, Matrix x, Matrix y) {
        Shapes.same("axpy", x, y);
        Overlap.refuse("axpy", y, x, x);
        for (int j = 0; j < y.cols(); j++) {
            for (int i = 0; i < y.rows(); i++) {
                y.set(i, j, y.get(i, j) + alpha * x.get(i, j));
            }
        }
    }

    @Override
    public void scale(double alpha, Matrix a) {
        for (int j = 0; j < a.cols(); j++) {
            for (int i = 0; i < a.rows(); i++) {
                a.set(i, j, alpha * a.get(i, j));
            }
        }
    }

    @Override
    public void addIdentity(double alpha, Matrix c) {
        for (int i = 0; i < Math.min(c.rows(), c.cols()); i++) {
            c.set(i, i, c.get(i, i) + alpha);
        }
    }

    @Override
    public void copy(Matrix src, Matrix dst) {
        Shapes.same("copy", src, dst);
        if (Overlap.same(src, dst)) {
            return;
        }
        Overlap.refuse("copy", dst, src, src);
        for (int j = 0; j < dst.cols(); j++) {
            for (int i = 0; i < dst.rows(); i++) {
                dst.set(i, j, src.get(i, j));
            }
        }
    }

    @Override
    public double dot(Matrix a, Matrix b) {
        Shapes.same("dot", a, b);
        double s = 0;
        for (int j = 0; j < a.cols(); j++) {
            for (int i = 0; i < a.rows(); i++) {
                s += a.get(i, j) * b.get(i, j);
            }
        }
        return s;
    }

    @Override
    public double norm(Matrix a) {
        double scale = 0;
        double ssq = 1;
        for (int j = 0; j < a.cols(); j++) {
            for (int i = 0; i < a.rows(); i++) {
                double v = Math.abs(a.get(i, j));
                if (v != 0) { // LAPACK dlassq: sum of squares scaled by the running maximum, no overflow
                    if (v > scale) {
                        ssq = 1 + ssq * (scale / v) * (scale / v);
                        scale = v;
                    } else {
                        ssq += (v / scale) * (v / scale);
                    }
                }
            }
        }
        return scale * Math.sqrt(ssq);
    }

    @Override
    public void upload(Matrix src, Matrix dst) {
        dst.copyFrom(src);
    }

    @Override
    public void download(Matrix src, Matrix dst) {
        dst.copyFrom(src);
    }
}
