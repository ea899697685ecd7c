package org.panopt.algorithms.landing;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.backend.Backend;
import org.panopt.core.backend.OpenBlasBackend;
import org.panopt.core.backend.JavaSimdBackend;
import org.panopt.core.backend.ReferenceBackend;
import org.panopt.ffi.Uplo;
import org.panopt.ffi.openblas.Lapack;
import org.panopt.ffi.openblas.OpenBlas;
import org.panopt.ffi.openblas.SvdJob;

/**
 * Test data and independent references: seeded Gaussian matrices, row-major double[][] arithmetic,
 * and LAPACK (dsyevd, dgesdd) for eigenvectors and polar factors.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** The host backends available here: java-reference and java-simd always, openblas when loaded. */
    public static List<Backend<Matrix>> hostBackends() {
        List<Backend<Matrix>> list = new ArrayList<>();
        list.add(ReferenceBackend.INSTANCE);
        list.add(JavaSimdBackend.INSTANCE);
        if (OpenBlas.isAvailable()) {
            list.add(OpenBlasBackend.get());
        }
        return list;
    }

    /** The fastest host backend here (openblas if loaded). */
    public static Backend<Matrix> fast() {
        List<Backend<Matrix>> b = hostBackends();
        return b.get(b.size() - 1);
    }

    public static double[][] gaussian(SplittableRandom rnd, int r, int c) {
        double[][] a = new double[r][c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                double u = rnd.nextDouble(Double.MIN_VALUE, 1.0);
                double v = rnd.nextDouble();
                a[i][j] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
            }
        }
        return a;
    }

    public static double[][] mul(double[][] a, double[][] b) {
        int n = a.length, k = b.length, m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < k; q++) {
                double v = a[i][q];
                for (int j = 0; j < m; j++) {
                    c[i][j] += v * b[q][j];
                }
            }
        }
        return c;
    }

    public static double[][] t(double[][] a) {
        double[][] b = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                b[j][i] = a[i][j];
            }
        }
        return b;
    }

    public static double[][] columns(double[][] a, int from, int to) {
        double[][] b = new double[a.length][to - from];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], from, b[i], 0, to - from);
        }
        return b;
    }

    public static double maxAbsDiff(double[][] a, double[][] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                d = Math.max(d, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return d;
    }

    public static double frob(double[][] a) {
        double s = 0;
        for (double[] r : a) {
            for (double v : r) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    /** ‖XᵀX − I‖ of a host matrix, in double[][] arithmetic. */
    public static double distance(Matrix x) {
        double[][] a = x.toArray();
        double[][] s = mul(t(a), a);
        for (int i = 0; i < s.length; i++) {
            s[i][i] -= 1;
        }
        return frob(s);
    }

    /** Eigen-decomposition of a symmetric matrix (LAPACK dsyevd): values ascending, vectors as columns. */
    public record Eigen(double[] values, double[][] vectors) {
        /** The eigenvectors of the p largest eigenvalues, largest first. */
        public double[][] top(int p) {
            int n = values.length;
            double[][] v = new double[n][p];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    v[i][j] = vectors[i][n - 1 - j];
                }
            }
            return v;
        }

        public double[] topValues(int p) {
            double[] v = new double[p];
            for (int j = 0; j < p; j++) {
                v[j] = values[values.length - 1 - j];
            }
            return v;
        }
    }

    public static Eigen eig(double[][] a) {
        int n = a.length;
        try (Arena arena = Arena.ofConfined()) {
            Matrix m = Matrix.copyOf(arena, a);
            MemorySegment w = arena.allocate(8L * n, 64);
            Lapack.dsyevd(true, Uplo.UPPER, n, m.segment(), 0, n, w, 0);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = w.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            }
            return new Eigen(values, m.toArray());
        }
    }

    /** Singular values and the polar factor UVᵀ of an n × p matrix (LAPACK dgesdd). */
    public record Polar(double[] singularValues, double[][] factor) {
    }

    public static Polar polar(double[][] e) {
        int n = e.length, p = e[0].length;
        try (Arena arena = Arena.ofConfined()) {
            Matrix a = Matrix.copyOf(arena, e);
            Matrix u = Matrix.allocate(arena, DType.F64, n, p);
            Matrix vt = Matrix.allocate(arena, DType.F64, p, p);
            MemorySegment s = arena.allocate(8L * p, 64);
            Lapack.dgesdd(SvdJob.SOME, n, p, a.segment(), 0, n, s, 0, u.segment(), 0, n, vt.segment(), 0, p);
            double[] sv = new double[p];
            for (int i = 0; i < p; i++) {
                sv[i] = s.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            }
            return new Polar(sv, mul(u.toArray(), vt.toArray()));
        }
    }

    /** An orthonormal basis of span(a) by modified Gram–Schmidt twice (a has full column rank). */
    public static double[][] orthonormal(double[][] a) {
        double[][] q = t(a);   // rows are columns
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < q.length; j++) {
                for (int k = 0; k < j; k++) {
                    double d = 0;
                    for (int i = 0; i < q[j].length; i++) {
                        d += q[j][i] * q[k][i];
                    }
                    for (int i = 0; i < q[j].length; i++) {
                        q[j][i] -= d * q[k][i];
                    }
                }
                double nrm = 0;
                for (double v : q[j]) {
                    nrm += v * v;
                }
                nrm = Math.sqrt(nrm);
                for (int i = 0; i < q[j].length; i++) {
                    q[j][i] /= nrm;
                }
            }
        }
        return t(q);
    }

    /**
     * The sine of the largest principal angle between span(a) and span(b) (bounded above by
     * {@code ‖(I − QₐQₐᵀ)Q_b‖_F}, which is what this returns: exact enough to test "&lt; 1e-8").
     */
    public static double subspaceAngle(double[][] a, double[][] b) {
        double[][] qa = orthonormal(a);
        double[][] qb = orthonormal(b);
        double[][] proj = mul(qa, mul(t(qa), qb));
        double s = 0;
        for (int i = 0; i < qb.length; i++) {
            for (int j = 0; j < qb[0].length; j++) {
                double d = qb[i][j] - proj[i][j];
                s += d * d;
            }
        }
        return Math.sqrt(s);
    }

    /** A random orthogonal n × n matrix (polar factor of a Gaussian one). */
    public static double[][] orthogonal(SplittableRandom rnd, int n) {
        return polar(gaussian(rnd, n, n)).factor();
    }

    /**
     * A random rotation (orthogonal, determinant +1): the orthogonal group has two components, and a
     * descent method stays in the one it starts in.
     */
    public static double[][] rotation(SplittableRandom rnd, int n) {
        double[][] q = orthogonal(rnd, n);
        if (det(q) < 0) {
            for (double[] row : q) {
                row[0] = -row[0];
            }
        }
        return q;
    }

    /** Determinant by Gaussian elimination with partial pivoting. */
    public static double det(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = m[i].clone();
        }
        double det = 1;
        for (int k = 0; k < n; k++) {
            int piv = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(a[i][k]) > Math.abs(a[piv][k])) {
                    piv = i;
                }
            }
            if (piv != k) {
                double[] tmp = a[k];
                a[k] = a[piv];
                a[piv] = tmp;
                det = -det;
            }
            det *= a[k][k];
            for (int i = k + 1; i < n; i++) {
                double f = a[i][k] / a[k][k];
                for (int j = k; j < n; j++) {
                    a[i][j] -= f * a[k][j];
                }
            }
        }
        return det;
    }

    /** A symmetric matrix Q diag(values) Qᵀ with a random orthogonal Q. */
    public static double[][] symmetric(SplittableRandom rnd, double[] values) {
        int n = values.length;
        double[][] q = orthogonal(rnd, n);
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                d[i][j] = q[i][j] * values[j];
            }
        }
        return mul(d, t(q));
    }

    /** A start point near St(n, p): the first p columns of a random rotation, plus noise of size noise. */
    public static double[][] nearStiefel(SplittableRandom rnd, int n, int p, double noise) {
        double[][] q = columns(rotation(rnd, n), 0, p);
        double[][] z = gaussian(rnd, n, p);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                q[i][j] += noise * z[i][j];
            }
        }
        return q;
    }
}
