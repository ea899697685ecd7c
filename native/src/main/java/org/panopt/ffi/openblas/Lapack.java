package org.panopt.ffi.openblas;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.panopt.ffi.Downcalls.at;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import org.panopt.ffi.Checks;
import org.panopt.ffi.Downcalls;
import org.panopt.ffi.Trans;
import org.panopt.ffi.Uplo;

/**
 * The LAPACK subset the algorithms need, float64 ({@code d}) and float32 ({@code s}), on the
 * OpenBLAS in use: QR ({@code geqrf} + {@code orgqr}), SVD ({@code gesdd}, {@code gesvd}), symmetric
 * eigendecomposition ({@code syevd}), Cholesky ({@code potrf}/{@code potrs}) and LU
 * ({@code getrf}/{@code getrs}).
 *
 * <p>These bind the Fortran entry points ({@code dgeqrf_} …), not LAPACKE: Debian's
 * {@code libopenblas0} (the usual system library) exports LAPACK but not LAPACKE, while both it and
 * the bundled copy export the Fortran symbols. Arguments are passed by reference with gfortran's
 * hidden character lengths; workspaces are queried ({@code lwork = -1}) and allocated off-heap for the
 * call, so these calls allocate (a little Java heap for the scratch arena, plus native workspace).
 * QR ({@code geqrf}, {@code orgqr}) and {@code gesdd} also come in a variant that takes a
 * {@link Scratch} sized once (see {@link #geqrfWorkSize}, {@link #orgqrWorkSize},
 * {@link #gesddWorkSize}): warmed up, those calls allocate nothing, for iterations that factor a
 * matrix every step.
 *
 * <p>Storage is column-major with a leading dimension and an element offset per operand, as in
 * {@link Blas}; every shape, bound and pivot index is checked before the downcall. All operands must
 * be off-heap: LAPACK calls are long, so never critical. A non-zero {@code info} becomes a
 * {@link LapackException} that says what failed.
 */
public final class Lapack {
    private Lapack() {
    }

    private static final long CHAR_LEN = 1;

    private static FunctionDescriptor pointers(int n, int hiddenLengths) {
        MemoryLayout[] args = new MemoryLayout[n + hiddenLengths];
        Arrays.fill(args, 0, n, ADDRESS);
        Arrays.fill(args, n, n + hiddenLengths, JAVA_LONG);
        return FunctionDescriptor.ofVoid(args);
    }

    private static final class H {
        static final FunctionDescriptor GEQRF = pointers(8, 0);
        static final FunctionDescriptor ORGQR = pointers(9, 0);
        static final FunctionDescriptor GESDD = pointers(14, 1);
        static final FunctionDescriptor GESVD = pointers(14, 2);
        static final FunctionDescriptor SYEVD = pointers(11, 2);
        static final FunctionDescriptor POTRF = pointers(5, 1);
        static final FunctionDescriptor POTRS = pointers(8, 1);
        static final FunctionDescriptor GETRF = pointers(6, 0);
        static final FunctionDescriptor GETRS = pointers(9, 1);
        static final MethodHandle DGEQRF = OpenBlas.bind("dgeqrf_", GEQRF, false);
        static final MethodHandle SGEQRF = OpenBlas.bind("sgeqrf_", GEQRF, false);
        static final MethodHandle DORGQR = OpenBlas.bind("dorgqr_", ORGQR, false);
        static final MethodHandle SORGQR = OpenBlas.bind("sorgqr_", ORGQR, false);
        static final MethodHandle DGESDD = OpenBlas.bind("dgesdd_", GESDD, false);
        static final MethodHandle SGESDD = OpenBlas.bind("sgesdd_", GESDD, false);
        static final MethodHandle DGESVD = OpenBlas.bind("dgesvd_", GESVD, false);
        static final MethodHandle SGESVD = OpenBlas.bind("sgesvd_", GESVD, false);
        static final MethodHandle DSYEVD = OpenBlas.bind("dsyevd_", SYEVD, false);
        static final MethodHandle SSYEVD = OpenBlas.bind("ssyevd_", SYEVD, false);
        static final MethodHandle DPOTRF = OpenBlas.bind("dpotrf_", POTRF, false);
        static final MethodHandle SPOTRF = OpenBlas.bind("spotrf_", POTRF, false);
        static final MethodHandle DPOTRS = OpenBlas.bind("dpotrs_", POTRS, false);
        static final MethodHandle SPOTRS = OpenBlas.bind("spotrs_", POTRS, false);
        static final MethodHandle DGETRF = OpenBlas.bind("dgetrf_", GETRF, false);
        static final MethodHandle SGETRF = OpenBlas.bind("sgetrf_", GETRF, false);
        static final MethodHandle DGETRS = OpenBlas.bind("dgetrs_", GETRS, false);
        static final MethodHandle SGETRS = OpenBlas.bind("sgetrs_", GETRS, false);
    }

    /** Scratch for one call: by-reference scalars, {@code info}, workspaces; freed when the call returns. */
    private static final class Frame implements AutoCloseable {
        final Arena arena = Arena.ofConfined();
        final boolean dbl;
        final MemorySegment info = arena.allocate(JAVA_INT);

        Frame(boolean dbl) {
            this.dbl = dbl;
        }

        MemorySegment i(int v) {
            return arena.allocateFrom(JAVA_INT, v);
        }

        MemorySegment c(byte v) {
            return arena.allocateFrom(JAVA_BYTE, v);
        }

        MemorySegment reals(long count) {
            return arena.allocate(Math.max(1, count) * (dbl ? 8 : 4), 64);
        }

        MemorySegment ints(long count) {
            return arena.allocate(Math.max(1, count) * 4, 64);
        }

        /** The optimal workspace size a query ({@code lwork = -1}) wrote into {@code work[0]}. */
        int optimal(MemorySegment work) {
            double v = dbl ? work.get(JAVA_DOUBLE, 0) : work.get(JAVA_FLOAT, 0);
            if (!(v >= 1) || v > Integer.MAX_VALUE) {
                return 1;
            }
            return (int) Math.ceil(v);
        }

        int info() {
            return info.get(JAVA_INT, 0);
        }

        @Override
        public void close() {
            arena.close();
        }
    }


    /**
     * Reusable native scratch for the allocation-free LAPACK variants: one segment per by-reference
     * argument, {@code info}, and the real and integer work arrays, all allocated once from an arena
     * the caller owns. Size {@code realWork} with the {@code *WorkSize} queries (a work array smaller
     * than a routine's minimum is refused by LAPACK, and reported as an illegal {@code LWORK}). Not
     * thread-safe: one scratch per thread of calls.
     */
    public static final class Scratch {
        private static final int SLOTS = 8;
        final boolean dbl;
        private final MemorySegment[] ints = new MemorySegment[SLOTS];
        private final MemorySegment[] chars = new MemorySegment[2];
        final MemorySegment info;
        final MemorySegment work;
        final int lwork;
        final MemorySegment iwork;
        final MemorySegment unused;

        /**
         * @param float64  whether the calls are float64 ({@code d}) or float32 ({@code s}) routines
         * @param realWork elements of real workspace (LWORK)
         * @param intWork  elements of integer workspace ({@code gesdd} needs 8·min(m, n); 0 for QR)
         */
        public Scratch(Arena arena, boolean float64, int realWork, int intWork) {
            Checks.size("realWork", realWork);
            Checks.size("intWork", intWork);
            this.dbl = float64;
            for (int k = 0; k < SLOTS; k++) {
                ints[k] = arena.allocate(JAVA_INT);
            }
            chars[0] = arena.allocate(JAVA_BYTE);
            chars[1] = arena.allocate(JAVA_BYTE);
            info = arena.allocate(JAVA_INT);
            lwork = Math.max(1, realWork);
            work = arena.allocate((long) lwork * (float64 ? 8 : 4), 64);
            iwork = arena.allocate(Math.max(1L, intWork) * 4, 64);
            unused = arena.allocate(8, 8);
        }

        /** Elements of real workspace. */
        public int realWork() {
            return lwork;
        }

        /** Elements of integer workspace. */
        public long intWork() {
            return iwork.byteSize() / 4;
        }

        MemorySegment i(int slot, int v) {
            ints[slot].set(JAVA_INT, 0, v);
            return ints[slot];
        }

        MemorySegment c(int slot, byte v) {
            chars[slot].set(JAVA_BYTE, 0, v);
            return chars[slot];
        }

        int info() {
            return info.get(JAVA_INT, 0);
        }

        void check(boolean float64, String routine) {
            if (float64 != dbl) {
                throw new IllegalArgumentException(routine + ": this scratch was made for float" + (dbl ? "64" : "32")
                        + " routines");
            }
        }
    }

    /** The optimal LWORK of {@code geqrf} for an {@code m × n} matrix (a workspace query; allocates). */
    public static int geqrfWorkSize(boolean float64, int m, int n) {
        Checks.size("m", m);
        Checks.size("n", n);
        if (m == 0 || n == 0) {
            return 1;
        }
        MethodHandle h = float64 ? H.DGEQRF : H.SGEQRF;
        try (Frame f = new Frame(float64)) {
            MemorySegment q = f.reals(1);
            h.invokeExact(f.i(m), f.i(n), f.reals(1), f.i(Math.max(1, m)), f.reals(1), q, f.i(-1), f.info);
            return f.optimal(q);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** The optimal LWORK of {@code orgqr} forming an {@code m × n} Q from {@code k} reflectors (a query; allocates). */
    public static int orgqrWorkSize(boolean float64, int m, int n, int k) {
        Checks.size("k", k);
        if (n > m || k > n) {
            throw new IllegalArgumentException("orgqr needs m >= n >= k >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        }
        if (n == 0) {
            return 1;
        }
        MethodHandle h = float64 ? H.DORGQR : H.SORGQR;
        try (Frame f = new Frame(float64)) {
            MemorySegment q = f.reals(1);
            h.invokeExact(f.i(m), f.i(n), f.i(k), f.reals(1), f.i(Math.max(1, m)), f.reals(1), q, f.i(-1), f.info);
            return f.optimal(q);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** The optimal LWORK of {@code gesdd} with {@code job} on an {@code m × n} matrix (a query; allocates). */
    public static int gesddWorkSize(boolean float64, SvdJob job, int m, int n) {
        Checks.size("m", m);
        Checks.size("n", n);
        if (m == 0 || n == 0) {
            return 1;
        }
        int mn = Math.min(m, n);
        MethodHandle h = float64 ? H.DGESDD : H.SGESDD;
        try (Frame f = new Frame(float64)) {
            MemorySegment q = f.reals(1);
            int ldu = Math.max(1, m);
            int ldvt = Math.max(1, job == SvdJob.SOME ? mn : n);
            h.invokeExact(f.c(job.code()), f.i(m), f.i(n), f.reals(1), f.i(Math.max(1, m)), f.reals(1), f.reals(1),
                    f.i(ldu), f.reals(1), f.i(ldvt), q, f.i(-1), f.ints(8L * mn), f.info, CHAR_LEN);
            return f.optimal(q);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    // ------------------------------------------------------------------ QR

    /**
     * QR factorization {@code A = QR} of the {@code m × n} matrix A (float64): R overwrites the upper
     * triangle, Q is kept as {@code min(m, n)} Householder reflectors below the diagonal and in
     * {@code tau} (min(m, n) elements); {@link #dorgqr} forms Q.
     */
    public static void dgeqrf(int m, int n, MemorySegment a, long offA, int lda, MemorySegment tau, long offTau) {
        geqrf(true, m, n, a, offA, lda, tau, offTau);
    }

    /** {@link #dgeqrf} in float32. */
    public static void sgeqrf(int m, int n, MemorySegment a, long offA, int lda, MemorySegment tau, long offTau) {
        geqrf(false, m, n, a, offA, lda, tau, offTau);
    }

    /**
     * {@link #dgeqrf} with a caller-owned {@link Scratch} (float64, LWORK from {@link #geqrfWorkSize}):
     * allocation-free once warmed up.
     */
    public static void dgeqrf(int m, int n, MemorySegment a, long offA, int lda, MemorySegment tau, long offTau,
                              Scratch scratch) {
        geqrf(true, m, n, a, offA, lda, tau, offTau, scratch);
    }

    /** {@link #dgeqrf(int, int, MemorySegment, long, int, MemorySegment, long, Scratch)} in float32. */
    public static void sgeqrf(int m, int n, MemorySegment a, long offA, int lda, MemorySegment tau, long offTau,
                              Scratch scratch) {
        geqrf(false, m, n, a, offA, lda, tau, offTau, scratch);
    }

    private static void geqrf(boolean d, int m, int n, MemorySegment a, long offA, int lda, MemorySegment tau,
                              long offTau) {
        checkGeqrf(d, m, n, a, offA, lda, tau, offTau);
        if (m == 0 || n == 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            geqrf(d, m, n, a, offA, lda, tau, offTau, new Scratch(arena, d, geqrfWorkSize(d, m, n), 0));
        }
    }

    private static void checkGeqrf(boolean d, int m, int n, MemorySegment a, long offA, int lda, MemorySegment tau,
                                   long offTau) {
        int eb = d ? 8 : 4;
        output("A", a, offA, m, n, lda, eb);
        outputArray("tau", tau, offTau, Math.min(m, n), eb);
    }

    private static void geqrf(boolean d, int m, int n, MemorySegment a, long offA, int lda, MemorySegment tau,
                              long offTau, Scratch s) {
        String name = d ? "dgeqrf" : "sgeqrf";
        s.check(d, name);
        checkGeqrf(d, m, n, a, offA, lda, tau, offTau);
        if (m == 0 || n == 0) {
            return;
        }
        int eb = d ? 8 : 4;
        MethodHandle h = d ? H.DGEQRF : H.SGEQRF;
        try {
            h.invokeExact(s.i(0, m), s.i(1, n), at(a, offA, eb), s.i(2, lda), at(tau, offTau, eb), s.work,
                    s.i(3, s.lwork), s.info);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
        if (s.info() < 0) {
            illegal(name, s.info(), "M", "N", "A", "LDA", "TAU", "WORK", "LWORK");
        }
    }

    /**
     * Forms the {@code m × n} matrix Q with orthonormal columns from the first {@code k} reflectors that
     * {@link #dgeqrf} left in A and {@code tau} (float64); requires {@code m ≥ n ≥ k ≥ 0}. Q overwrites A.
     */
    public static void dorgqr(int m, int n, int k, MemorySegment a, long offA, int lda, MemorySegment tau,
                              long offTau) {
        orgqr(true, m, n, k, a, offA, lda, tau, offTau);
    }

    /** {@link #dorgqr} in float32. */
    public static void sorgqr(int m, int n, int k, MemorySegment a, long offA, int lda, MemorySegment tau,
                              long offTau) {
        orgqr(false, m, n, k, a, offA, lda, tau, offTau);
    }

    /**
     * {@link #dorgqr} with a caller-owned {@link Scratch} (float64, LWORK from {@link #orgqrWorkSize}):
     * allocation-free once warmed up.
     */
    public static void dorgqr(int m, int n, int k, MemorySegment a, long offA, int lda, MemorySegment tau,
                              long offTau, Scratch scratch) {
        orgqr(true, m, n, k, a, offA, lda, tau, offTau, scratch);
    }

    /** {@link #dorgqr(int, int, int, MemorySegment, long, int, MemorySegment, long, Scratch)} in float32. */
    public static void sorgqr(int m, int n, int k, MemorySegment a, long offA, int lda, MemorySegment tau,
                              long offTau, Scratch scratch) {
        orgqr(false, m, n, k, a, offA, lda, tau, offTau, scratch);
    }

    private static void orgqr(boolean d, int m, int n, int k, MemorySegment a, long offA, int lda,
                              MemorySegment tau, long offTau) {
        checkOrgqr(d, m, n, k, a, offA, lda, tau, offTau);
        if (n == 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            orgqr(d, m, n, k, a, offA, lda, tau, offTau, new Scratch(arena, d, orgqrWorkSize(d, m, n, k), 0));
        }
    }

    private static void checkOrgqr(boolean d, int m, int n, int k, MemorySegment a, long offA, int lda,
                                   MemorySegment tau, long offTau) {
        int eb = d ? 8 : 4;
        Checks.size("k", k);
        if (n > m || k > n) {
            throw new IllegalArgumentException("orgqr needs m >= n >= k >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        }
        output("A", a, offA, m, n, lda, eb);
        input("tau", tau, offTau, k, eb);
    }

    private static void orgqr(boolean d, int m, int n, int k, MemorySegment a, long offA, int lda,
                              MemorySegment tau, long offTau, Scratch s) {
        String name = d ? "dorgqr" : "sorgqr";
        s.check(d, name);
        checkOrgqr(d, m, n, k, a, offA, lda, tau, offTau);
        if (n == 0) {
            return;
        }
        int eb = d ? 8 : 4;
        MethodHandle h = d ? H.DORGQR : H.SORGQR;
        try {
            h.invokeExact(s.i(0, m), s.i(1, n), s.i(2, k), at(a, offA, eb), s.i(3, lda), at(tau, offTau, eb), s.work,
                    s.i(4, s.lwork), s.info);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
        if (s.info() < 0) {
            illegal(name, s.info(), "M", "N", "K", "A", "LDA", "TAU", "WORK", "LWORK");
        }
    }

    // ------------------------------------------------------------------ SVD

    /**
     * Singular value decomposition {@code A = U Σ Vᵀ} by divide and conquer (float64): A is
     * {@code m × n} and destroyed; {@code s} receives the min(m, n) singular values, descending.
     * {@code job} ALL: U {@code m × m}, Vᵀ {@code n × n}; SOME: U {@code m × min}, Vᵀ {@code min × n};
     * OVERWRITE: if {@code m ≥ n} U's first n columns overwrite A and Vᵀ is {@code n × n} (u unused),
     * else U is {@code m × m} and Vᵀ's first m rows overwrite A (vt unused); NONE: neither (u and vt
     * unused, may be null with ld 1).
     *
     * @throws LapackException if the iteration did not converge
     */
    public static void dgesdd(SvdJob job, int m, int n, MemorySegment a, long offA, int lda, MemorySegment s,
                              long offS, MemorySegment u, long offU, int ldu, MemorySegment vt, long offVt, int ldvt) {
        gesdd(true, job, m, n, a, offA, lda, s, offS, u, offU, ldu, vt, offVt, ldvt);
    }

    /** {@link #dgesdd} in float32. */
    public static void sgesdd(SvdJob job, int m, int n, MemorySegment a, long offA, int lda, MemorySegment s,
                              long offS, MemorySegment u, long offU, int ldu, MemorySegment vt, long offVt, int ldvt) {
        gesdd(false, job, m, n, a, offA, lda, s, offS, u, offU, ldu, vt, offVt, ldvt);
    }

    /**
     * {@link #dgesdd} with a caller-owned {@link Scratch} (float64; LWORK from {@link #gesddWorkSize},
     * integer work ≥ 8·min(m, n)): allocation-free once warmed up.
     */
    public static void dgesdd(SvdJob job, int m, int n, MemorySegment a, long offA, int lda, MemorySegment s,
                              long offS, MemorySegment u, long offU, int ldu, MemorySegment vt, long offVt, int ldvt,
                              Scratch scratch) {
        gesdd(true, job, m, n, a, offA, lda, s, offS, u, offU, ldu, vt, offVt, ldvt, scratch);
    }

    /** {@link #dgesdd(SvdJob, int, int, MemorySegment, long, int, MemorySegment, long, MemorySegment, long, int,
     * MemorySegment, long, int, Scratch)} in float32. */
    public static void sgesdd(SvdJob job, int m, int n, MemorySegment a, long offA, int lda, MemorySegment s,
                              long offS, MemorySegment u, long offU, int ldu, MemorySegment vt, long offVt, int ldvt,
                              Scratch scratch) {
        gesdd(false, job, m, n, a, offA, lda, s, offS, u, offU, ldu, vt, offVt, ldvt, scratch);
    }

    private static void gesdd(boolean d, SvdJob job, int m, int n, MemorySegment a, long offA, int lda,
                              MemorySegment s, long offS, MemorySegment u, long offU, int ldu, MemorySegment vt,
                              long offVt, int ldvt) {
        checkGesdd(d, job, m, n, a, offA, lda, s, offS, u, offU, ldu, vt, offVt, ldvt);
        if (m == 0 || n == 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            Scratch scratch = new Scratch(arena, d, gesddWorkSize(d, job, m, n), 8 * Math.min(m, n));
            gesdd(d, job, m, n, a, offA, lda, s, offS, u, offU, ldu, vt, offVt, ldvt, scratch);
        }
    }

    private static boolean wantU(SvdJob job, int m, int n) {
        return job == SvdJob.ALL || job == SvdJob.SOME || (job == SvdJob.OVERWRITE && m < n);
    }

    private static boolean wantVt(SvdJob job, int m, int n) {
        return job == SvdJob.ALL || job == SvdJob.SOME || (job == SvdJob.OVERWRITE && m >= n);
    }

    private static void checkGesdd(boolean d, SvdJob job, int m, int n, MemorySegment a, long offA, int lda,
                                   MemorySegment s, long offS, MemorySegment u, long offU, int ldu, MemorySegment vt,
                                   long offVt, int ldvt) {
        int eb = d ? 8 : 4;
        int mn = Math.min(m, n);
        output("A", a, offA, m, n, lda, eb);
        outputArray("s", s, offS, mn, eb);
        int uCols = job == SvdJob.SOME ? mn : m;
        int vtRows = job == SvdJob.SOME ? mn : n;
        vectors("U", wantU(job, m, n), u, offU, m, uCols, ldu, eb);
        vectors("VT", wantVt(job, m, n), vt, offVt, vtRows, n, ldvt, eb);
    }

    private static void gesdd(boolean d, SvdJob job, int m, int n, MemorySegment a, long offA, int lda,
                              MemorySegment s, long offS, MemorySegment u, long offU, int ldu, MemorySegment vt,
                              long offVt, int ldvt, Scratch w) {
        String name = d ? "dgesdd" : "sgesdd";
        w.check(d, name);
        checkGesdd(d, job, m, n, a, offA, lda, s, offS, u, offU, ldu, vt, offVt, ldvt);
        if (m == 0 || n == 0) {
            return;
        }
        if (w.intWork() < 8L * Math.min(m, n)) {
            throw new IllegalArgumentException(name + ": the scratch holds " + w.intWork() + " integers, gesdd needs "
                    + 8L * Math.min(m, n) + " (8·min(m, n))");
        }
        int eb = d ? 8 : 4;
        MethodHandle h = d ? H.DGESDD : H.SGESDD;
        MemorySegment uu = wantU(job, m, n) ? at(u, offU, eb) : w.unused;
        MemorySegment vv = wantVt(job, m, n) ? at(vt, offVt, eb) : w.unused;
        try {
            h.invokeExact(w.c(0, job.code()), w.i(0, m), w.i(1, n), at(a, offA, eb), w.i(2, lda), at(s, offS, eb), uu,
                    w.i(3, ldu), vv, w.i(4, ldvt), w.work, w.i(5, w.lwork), w.iwork, w.info, CHAR_LEN);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
        int info = w.info();
        if (info < 0) {
            illegal(name, info, "JOBZ", "M", "N", "A", "LDA", "S", "U", "LDU", "VT", "LDVT", "WORK", "LWORK");
        }
        if (info > 0) {
            throw new LapackException(name, info, "SVD did not converge (the divide-and-conquer update of the"
                    + " bidiagonal SVD failed); A may hold NaN or Inf, or try gesvd");
        }
    }

    /**
     * Singular value decomposition {@code A = U Σ Vᵀ} by QR iteration (float64): A is {@code m × n} and
     * destroyed (unless a job is OVERWRITE); {@code s} receives the min(m, n) singular values,
     * descending. {@code jobU}: ALL → U {@code m × m}; SOME → U {@code m × min}; OVERWRITE → U's first
     * min(m, n) columns overwrite A (u unused); NONE → none. {@code jobVt} likewise for Vᵀ
     * ({@code n × n} / {@code min × n} / rows over A / none). Not both OVERWRITE.
     *
     * @throws LapackException if some superdiagonals did not converge (the message says how many)
     */
    public static void dgesvd(SvdJob jobU, SvdJob jobVt, int m, int n, MemorySegment a, long offA, int lda,
                              MemorySegment s, long offS, MemorySegment u, long offU, int ldu, MemorySegment vt,
                              long offVt, int ldvt) {
        gesvd(true, jobU, jobVt, m, n, a, offA, lda, s, offS, u, offU, ldu, vt, offVt, ldvt);
    }

    /** {@link #dgesvd} in float32. */
    public static void sgesvd(SvdJob jobU, SvdJob jobVt, int m, int n, MemorySegment a, long offA, int lda,
                              MemorySegment s, long offS, MemorySegment u, long offU, int ldu, MemorySegment vt,
                              long offVt, int ldvt) {
        gesvd(false, jobU, jobVt, m, n, a, offA, lda, s, offS, u, offU, ldu, vt, offVt, ldvt);
    }

    private static void gesvd(boolean d, SvdJob jobU, SvdJob jobVt, int m, int n, MemorySegment a, long offA,
                              int lda, MemorySegment s, long offS, MemorySegment u, long offU, int ldu,
                              MemorySegment vt, long offVt, int ldvt) {
        if (jobU == SvdJob.OVERWRITE && jobVt == SvdJob.OVERWRITE) {
            throw new IllegalArgumentException("gesvd: jobU and jobVt cannot both be OVERWRITE");
        }
        int eb = d ? 8 : 4;
        int mn = Math.min(m, n);
        output("A", a, offA, m, n, lda, eb);
        outputArray("s", s, offS, mn, eb);
        boolean wantU = jobU == SvdJob.ALL || jobU == SvdJob.SOME;
        boolean wantVt = jobVt == SvdJob.ALL || jobVt == SvdJob.SOME;
        vectors("U", wantU, u, offU, m, jobU == SvdJob.SOME ? mn : m, ldu, eb);
        vectors("VT", wantVt, vt, offVt, jobVt == SvdJob.SOME ? mn : n, n, ldvt, eb);
        if (m == 0 || n == 0) {
            return;
        }
        String name = d ? "dgesvd" : "sgesvd";
        MethodHandle h = d ? H.DGESVD : H.SGESVD;
        try (Frame f = new Frame(d)) {
            MemorySegment ju = f.c(jobU.code()), jv = f.c(jobVt.code()), mm = f.i(m), nn = f.i(n);
            MemorySegment aa = at(a, offA, eb), la = f.i(lda), ss = at(s, offS, eb);
            MemorySegment uu = wantU ? at(u, offU, eb) : f.reals(1), lu = f.i(ldu);
            MemorySegment vv = wantVt ? at(vt, offVt, eb) : f.reals(1), lv = f.i(ldvt), q = f.reals(1);
            h.invokeExact(ju, jv, mm, nn, aa, la, ss, uu, lu, vv, lv, q, f.i(-1), f.info, CHAR_LEN, CHAR_LEN);
            illegal(name, f.info(), "JOBU", "JOBVT", "M", "N", "A", "LDA", "S", "U", "LDU", "VT", "LDVT", "WORK",
                    "LWORK");
            int lwork = Math.max(f.optimal(q), Math.max(3 * mn + Math.max(m, n), 5 * mn));
            h.invokeExact(ju, jv, mm, nn, aa, la, ss, uu, lu, vv, lv, f.reals(lwork), f.i(lwork), f.info, CHAR_LEN,
                    CHAR_LEN);
            int info = f.info();
            illegal(name, info, "JOBU", "JOBVT", "M", "N", "A", "LDA", "S", "U", "LDU", "VT", "LDVT", "WORK", "LWORK");
            if (info > 0) {
                throw new LapackException(name, info, "SVD did not converge: " + info + " superdiagonal"
                        + (info == 1 ? "" : "s") + " of the intermediate bidiagonal form did not converge to zero");
            }
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    // ------------------------------------------------------------------ symmetric eigenproblem

    /**
     * Eigenvalues (ascending, into {@code w}, n elements) and, if {@code vectors}, orthonormal
     * eigenvectors (overwriting A, one per column) of the symmetric {@code n × n} matrix A, of which
     * the {@code uplo} triangle is read (float64, divide and conquer). A is destroyed either way.
     *
     * @throws LapackException if the algorithm failed to converge
     */
    public static void dsyevd(boolean vectors, Uplo uplo, int n, MemorySegment a, long offA, int lda,
                              MemorySegment w, long offW) {
        syevd(true, vectors, uplo, n, a, offA, lda, w, offW);
    }

    /** {@link #dsyevd} in float32. */
    public static void ssyevd(boolean vectors, Uplo uplo, int n, MemorySegment a, long offA, int lda,
                              MemorySegment w, long offW) {
        syevd(false, vectors, uplo, n, a, offA, lda, w, offW);
    }

    private static void syevd(boolean d, boolean vectors, Uplo uplo, int n, MemorySegment a, long offA, int lda,
                              MemorySegment w, long offW) {
        int eb = d ? 8 : 4;
        output("A", a, offA, n, n, lda, eb);
        outputArray("w", w, offW, n, eb);
        if (n == 0) {
            return;
        }
        String name = d ? "dsyevd" : "ssyevd";
        MethodHandle h = d ? H.DSYEVD : H.SSYEVD;
        try (Frame f = new Frame(d)) {
            MemorySegment jz = f.c((byte) (vectors ? 'V' : 'N')), ul = f.c(uplo.lapack()), nn = f.i(n);
            MemorySegment aa = at(a, offA, eb), la = f.i(lda), ww = at(w, offW, eb);
            MemorySegment q = f.reals(1), iq = f.ints(1);
            h.invokeExact(jz, ul, nn, aa, la, ww, q, f.i(-1), iq, f.i(-1), f.info, CHAR_LEN, CHAR_LEN);
            illegal(name, f.info(), "JOBZ", "UPLO", "N", "A", "LDA", "W", "WORK", "LWORK", "IWORK", "LIWORK");
            int lwork = f.optimal(q);
            int liwork = Math.max(1, iq.get(JAVA_INT, 0));
            h.invokeExact(jz, ul, nn, aa, la, ww, f.reals(lwork), f.i(lwork), f.ints(liwork), f.i(liwork), f.info,
                    CHAR_LEN, CHAR_LEN);
            int info = f.info();
            illegal(name, info, "JOBZ", "UPLO", "N", "A", "LDA", "W", "WORK", "LWORK", "IWORK", "LIWORK");
            if (info > 0) {
                throw new LapackException(name, info, vectors
                        ? "eigen-decomposition did not converge: failed to compute an eigenvalue while working on the"
                        + " submatrix in rows and columns " + info / (n + 1) + " through " + info % (n + 1)
                        : "eigenvalues did not converge: " + info + " off-diagonal elements of the intermediate"
                        + " tridiagonal form did not converge to zero");
            }
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    // ------------------------------------------------------------------ Cholesky

    /**
     * Cholesky factorization of the symmetric positive definite {@code n × n} matrix A (float64):
     * {@code A = UᵀU} ({@code uplo = UPPER}) or {@code A = LLᵀ} ({@code LOWER}), written over that
     * triangle of A; the other triangle is not touched.
     *
     * @throws LapackException "matrix is not positive definite at column k" (1-based, as LAPACK counts:
     *                         the leading minor of order k is not positive; A is then partly overwritten)
     */
    public static void dpotrf(Uplo uplo, int n, MemorySegment a, long offA, int lda) {
        potrf(true, uplo, n, a, offA, lda);
    }

    /** {@link #dpotrf} in float32. */
    public static void spotrf(Uplo uplo, int n, MemorySegment a, long offA, int lda) {
        potrf(false, uplo, n, a, offA, lda);
    }

    private static void potrf(boolean d, Uplo uplo, int n, MemorySegment a, long offA, int lda) {
        int eb = d ? 8 : 4;
        output("A", a, offA, n, n, lda, eb);
        if (n == 0) {
            return;
        }
        String name = d ? "dpotrf" : "spotrf";
        MethodHandle h = d ? H.DPOTRF : H.SPOTRF;
        try (Frame f = new Frame(d)) {
            h.invokeExact(f.c(uplo.lapack()), f.i(n), at(a, offA, eb), f.i(lda), f.info, CHAR_LEN);
            int info = f.info();
            illegal(name, info, "UPLO", "N", "A", "LDA");
            if (info > 0) {
                throw new LapackException(name, info, "matrix is not positive definite at column " + info
                        + " (1-based: its leading minor of order " + info + " is not positive)");
            }
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * Solves {@code A X = B} with the Cholesky factor from {@link #dpotrf} (same {@code uplo}); B is
     * {@code n × nrhs} and is overwritten by X (float64).
     */
    public static void dpotrs(Uplo uplo, int n, int nrhs, MemorySegment a, long offA, int lda, MemorySegment b,
                              long offB, int ldb) {
        potrs(true, uplo, n, nrhs, a, offA, lda, b, offB, ldb);
    }

    /** {@link #dpotrs} in float32. */
    public static void spotrs(Uplo uplo, int n, int nrhs, MemorySegment a, long offA, int lda, MemorySegment b,
                              long offB, int ldb) {
        potrs(false, uplo, n, nrhs, a, offA, lda, b, offB, ldb);
    }

    private static void potrs(boolean d, Uplo uplo, int n, int nrhs, MemorySegment a, long offA, int lda,
                              MemorySegment b, long offB, int ldb) {
        int eb = d ? 8 : 4;
        input("A", a, offA, n, n, lda, eb);
        output("B", b, offB, n, nrhs, ldb, eb);
        if (n == 0 || nrhs == 0) {
            return;
        }
        String name = d ? "dpotrs" : "spotrs";
        MethodHandle h = d ? H.DPOTRS : H.SPOTRS;
        try (Frame f = new Frame(d)) {
            h.invokeExact(f.c(uplo.lapack()), f.i(n), f.i(nrhs), at(a, offA, eb), f.i(lda), at(b, offB, eb), f.i(ldb),
                    f.info, CHAR_LEN);
            illegal(name, f.info(), "UPLO", "N", "NRHS", "A", "LDA", "B", "LDB");
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    // ------------------------------------------------------------------ LU

    /**
     * LU factorization with partial pivoting {@code A = P L U} of the {@code m × n} matrix A (float64):
     * L (unit diagonal, not stored) and U overwrite A; {@code ipiv} (min(m, n) 32-bit ints) receives the
     * 1-based pivot rows (row i was swapped with row ipiv[i]).
     *
     * @throws LapackException "singular: U(k,k) is exactly zero" (1-based); the factorization is complete
     *                         but solving with it would divide by zero
     */
    public static void dgetrf(int m, int n, MemorySegment a, long offA, int lda, MemorySegment ipiv, long offIpiv) {
        getrf(true, m, n, a, offA, lda, ipiv, offIpiv);
    }

    /** {@link #dgetrf} in float32. */
    public static void sgetrf(int m, int n, MemorySegment a, long offA, int lda, MemorySegment ipiv, long offIpiv) {
        getrf(false, m, n, a, offA, lda, ipiv, offIpiv);
    }

    private static void getrf(boolean d, int m, int n, MemorySegment a, long offA, int lda, MemorySegment ipiv,
                              long offIpiv) {
        int eb = d ? 8 : 4;
        output("A", a, offA, m, n, lda, eb);
        outputArray("ipiv", ipiv, offIpiv, Math.min(m, n), 4);
        if (m == 0 || n == 0) {
            return;
        }
        String name = d ? "dgetrf" : "sgetrf";
        MethodHandle h = d ? H.DGETRF : H.SGETRF;
        try (Frame f = new Frame(d)) {
            h.invokeExact(f.i(m), f.i(n), at(a, offA, eb), f.i(lda), at(ipiv, offIpiv, 4), f.info);
            int info = f.info();
            illegal(name, info, "M", "N", "A", "LDA", "IPIV");
            if (info > 0) {
                throw new LapackException(name, info, "singular: U(" + info + "," + info + ") is exactly zero"
                        + " (1-based; the factorization was completed, solving with it would divide by zero)");
            }
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * Solves {@code op(A) X = B} with the LU factors and pivots from {@link #dgetrf} of the
     * {@code n × n} A; B is {@code n × nrhs} and is overwritten by X (float64). Every pivot is checked to
     * lie in 1..n first (a corrupted pivot would make LAPACK swap rows outside B).
     */
    public static void dgetrs(Trans trans, int n, int nrhs, MemorySegment a, long offA, int lda, MemorySegment ipiv,
                              long offIpiv, MemorySegment b, long offB, int ldb) {
        getrs(true, trans, n, nrhs, a, offA, lda, ipiv, offIpiv, b, offB, ldb);
    }

    /** {@link #dgetrs} in float32. */
    public static void sgetrs(Trans trans, int n, int nrhs, MemorySegment a, long offA, int lda, MemorySegment ipiv,
                              long offIpiv, MemorySegment b, long offB, int ldb) {
        getrs(false, trans, n, nrhs, a, offA, lda, ipiv, offIpiv, b, offB, ldb);
    }

    private static void getrs(boolean d, Trans trans, int n, int nrhs, MemorySegment a, long offA, int lda,
                              MemorySegment ipiv, long offIpiv, MemorySegment b, long offB, int ldb) {
        int eb = d ? 8 : 4;
        input("A", a, offA, n, n, lda, eb);
        input("ipiv", ipiv, offIpiv, n, 4);
        output("B", b, offB, n, nrhs, ldb, eb);
        if (n == 0 || nrhs == 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            int p = ipiv.getAtIndex(JAVA_INT, offIpiv + i);
            if (p < 1 || p > n) {
                throw new IllegalArgumentException("ipiv[" + i + "] = " + p + " is not a pivot row in 1.." + n
                        + " (ipiv must come from getrf of this matrix)");
            }
        }
        String name = d ? "dgetrs" : "sgetrs";
        MethodHandle h = d ? H.DGETRS : H.SGETRS;
        try (Frame f = new Frame(d)) {
            h.invokeExact(f.c(trans.lapack()), f.i(n), f.i(nrhs), at(a, offA, eb), f.i(lda), at(ipiv, offIpiv, 4),
                    at(b, offB, eb), f.i(ldb), f.info, CHAR_LEN);
            illegal(name, f.info(), "TRANS", "N", "NRHS", "A", "LDA", "IPIV", "B", "LDB");
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    // ------------------------------------------------------------------ checks

    private static void input(String name, MemorySegment s, long off, int rows, int cols, int ld, int eb) {
        Checks.matrix(name, s, off, rows, cols, ld, eb);
        Checks.offHeap(name, s);
    }

    private static void output(String name, MemorySegment s, long off, int rows, int cols, int ld, int eb) {
        input(name, s, off, rows, cols, ld, eb);
        Checks.writable(name, s);
    }

    private static void input(String name, MemorySegment s, long off, long count, int eb) {
        Checks.array(name, s, off, count, eb);
        Checks.offHeap(name, s);
    }

    private static void outputArray(String name, MemorySegment s, long off, long count, int eb) {
        input(name, s, off, count, eb);
        Checks.writable(name, s);
    }

    /** An output matrix of singular vectors: checked if computed; otherwise only its leading dimension (≥ 1). */
    private static void vectors(String name, boolean wanted, MemorySegment s, long off, int rows, int cols, int ld,
                                int eb) {
        if (wanted) {
            output(name, s, off, rows, cols, ld, eb);
        } else if (ld < 1) {
            throw new IllegalArgumentException("leading dimension of " + name + " must be >= 1 even when unused, got "
                    + ld);
        }
    }

    /** A negative info: LAPACK rejected argument -info (after our checks, only NaN handling or a bug gets here). */
    private static void illegal(String routine, int info, String... args) {
        if (info < 0) {
            int k = -info;
            throw new LapackException(routine, info, "argument " + k + (k <= args.length ? " (" + args[k - 1] + ")" : "")
                    + " had an illegal value");
        }
    }
}
