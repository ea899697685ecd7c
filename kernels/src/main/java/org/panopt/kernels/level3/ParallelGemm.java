package org.panopt.kernels.level3;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The optional multi-threaded GEMM: C is cut into {@code parts} slabs of whole register tiles (by
 * columns when {@code n ≥ m}, else by rows), each multiplied by the single-thread engine with its own
 * workspace; the calling thread computes one slab and the executor the others. Each element of C is
 * summed in the same order as on one thread, so the result is bit-identical to {@link Gemm}.
 *
 * <p>No thread is created per call: the executor is the caller's, or for {@link #shared()} a fixed
 * pool of daemon threads made on first use. Slabs are independent (no barrier), so an executor with
 * fewer free threads only delays the call, never deadlocks it. The per-slab workspaces are made on the
 * first call of each precision; after that a call allocates only what the executor allocates to queue
 * a task. Calls on one instance are serialised.
 */
public final class ParallelGemm {
    private final Executor executor;
    private final int parts;
    private final Slab[] slabs;
    private final AtomicInteger pending = new AtomicInteger();
    private GemmWorkspace[] doubleWs;
    private GemmWorkspace[] floatWs;

    // The call being run (one at a time: methods are synchronized); read by the slab tasks after the
    // executor hand-off, which orders these writes before their reads.
    private boolean isDouble;
    private boolean ta, tb;
    private int m, n, k, lda, ldb, ldc;
    private double alpha, beta;
    private MemorySegment a, b, c;
    private long aOff, bOff, cOff;
    private boolean byColumns;
    private int slabWidth;
    private volatile Thread waiter;
    private volatile Throwable failure;

    /**
     * Splits each call into {@code parts} slabs, one run by the caller and the rest by
     * {@code executor} (which should have {@code parts − 1} threads free for full speed).
     */
    public ParallelGemm(Executor executor, int parts) {
        this.executor = Objects.requireNonNull(executor, "executor");
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1, got " + parts);
        }
        this.parts = parts;
        this.slabs = new Slab[parts];
        for (int t = 0; t < parts; t++) {
            slabs[t] = new Slab(t);
        }
    }

    /** A process-wide instance with one slab per available processor over a lazily made fixed pool. */
    public static ParallelGemm shared() {
        return SharedPool.INSTANCE;
    }

    /** Number of slabs a call is split into. */
    public int parts() {
        return parts;
    }

    /** Parallel {@link Gemm#dgemm}: same arguments, same validation, same result bits. */
    public synchronized void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, MemorySegment a,
                                   long aOff, int lda, MemorySegment b, long bOff, int ldb, double beta,
                                   MemorySegment c, long cOff, int ldc) {
        Gemm.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, Double.BYTES, null, true);
        if (Gemm.trivial(Part.FULL, m, n, k, alpha, beta, c, cOff, ldc, Double.BYTES)) {
            return;
        }
        if (doubleWs == null) {
            doubleWs = workspaces(true);
        }
        run(true, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Parallel {@link Gemm#sgemm}: same arguments, same validation, same result bits. */
    public synchronized void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, MemorySegment a,
                                   long aOff, int lda, MemorySegment b, long bOff, int ldb, float beta,
                                   MemorySegment c, long cOff, int ldc) {
        Gemm.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, Float.BYTES, null, false);
        if (Gemm.trivial(Part.FULL, m, n, k, alpha, beta, c, cOff, ldc, Float.BYTES)) {
            return;
        }
        if (floatWs == null) {
            floatWs = workspaces(false);
        }
        run(false, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    private GemmWorkspace[] workspaces(boolean doubles) {
        GemmWorkspace[] ws = new GemmWorkspace[parts];
        for (int t = 0; t < parts; t++) {
            ws[t] = doubles ? GemmWorkspace.forDoubles() : GemmWorkspace.forFloats();
        }
        return ws;
    }

    private void run(boolean doubles, boolean transA, boolean transB, int m, int n, int k, double alpha,
                     MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb, double beta,
                     MemorySegment c, long cOff, int ldc) {
        this.isDouble = doubles;
        this.ta = transA;
        this.tb = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.beta = beta;
        this.a = a;
        this.aOff = aOff;
        this.lda = lda;
        this.b = b;
        this.bOff = bOff;
        this.ldb = ldb;
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
        BlockSizes bs = (doubles ? doubleWs : floatWs)[0].blocks;
        this.byColumns = n >= m;
        int extent = byColumns ? n : m;
        int tile = byColumns ? bs.nr() : bs.mr();
        // Slabs of whole tiles; fewer slabs than parts when the extent is short.
        this.slabWidth = GemmWorkspace.roundUp((extent + parts - 1) / parts, tile);
        int used = (extent + slabWidth - 1) / slabWidth;
        this.failure = null;
        this.waiter = Thread.currentThread();
        pending.set(used - 1);
        for (int t = 1; t < used; t++) {
            try {
                executor.execute(slabs[t]);
            } catch (RejectedExecutionException e) {
                slabs[t].run();
            }
        }
        Throwable own = null;
        try {
            slab(0);
        } catch (Throwable e) {
            own = e;
        }
        while (pending.get() != 0) {
            LockSupport.park(this);
        }
        this.a = this.b = this.c = null;
        Throwable f = own != null ? own : failure;
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
    }

    /** Multiplies slab t of C on the single-thread engine with workspace t. */
    private void slab(int t) {
        int extent = byColumns ? n : m;
        int lo = t * slabWidth;
        int w = Math.min(slabWidth, extent - lo);
        long ao = aOff, bo = bOff, co;
        int sm = m, sn = n;
        if (byColumns) {
            bo += tb ? lo : (long) lo * ldb;
            co = cOff + (long) lo * ldc;
            sn = w;
        } else {
            ao += ta ? (long) lo * lda : lo;
            co = cOff + lo;
            sm = w;
        }
        if (isDouble) {
            DoubleGemm.multiply(doubleWs[t], Part.FULL, ta, tb, sm, sn, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co,
                    ldc);
        } else {
            FloatGemm.multiply(floatWs[t], Part.FULL, ta, tb, sm, sn, k, (float) alpha, a, ao, lda, b, bo, ldb,
                    (float) beta, c, co, ldc);
        }
    }

    /** A reusable task for slab t (made once per instance, so a call allocates no task objects). */
    private final class Slab implements Runnable {
        private final int t;

        Slab(int t) {
            this.t = t;
        }

        @Override
        public void run() {
            try {
                slab(t);
            } catch (Throwable e) {
                failure = e;
            } finally {
                if (pending.decrementAndGet() == 0) {
                    LockSupport.unpark(waiter);
                }
            }
        }
    }

    private static final class SharedPool {
        static final ParallelGemm INSTANCE;

        static {
            int cpus = Runtime.getRuntime().availableProcessors();
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, cpus - 1), r -> {
                Thread th = new Thread(r, "panopt-gemm");
                th.setDaemon(true);
                return th;
            });
            INSTANCE = new ParallelGemm(pool, cpus);
        }
    }
}
