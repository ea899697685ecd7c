package org.panopt.algorithms.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads, created once, that run one {@link Task} split into parts: the
 * calling thread runs part 0 and waits for the others. Unlike an {@code ExecutorService}, a run
 * allocates nothing (no futures, no queue nodes), so allocation-free iterations can use it on every
 * step. Runs are serialised; a failure in any part is rethrown in the caller after all parts end.
 */
public final class FixedPool implements AutoCloseable {
    /** Work split into parts; part {@code p} of {@code parts} must touch only its own outputs. */
    @FunctionalInterface
    public interface Task {
        void run(int part, int parts);
    }

    /** Spins before parking: a step of a few hundred microseconds hands over faster than a park/unpark. */
    private static final int SPINS = 2_000;

    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Task task;
    private volatile int generation;
    private volatile Thread waiter;
    private volatile boolean closed;
    private volatile Throwable failure;

    private FixedPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a pool needs at least one thread, got " + threads);
        }
        workers = new Thread[threads - 1];
        for (int k = 0; k < workers.length; k++) {
            int part = k + 1;
            workers[k] = Thread.ofPlatform().daemon().name("panopt-pool-" + part).unstarted(() -> work(part));
            workers[k].start();
        }
    }

    /** A pool of {@code threads} threads in all, the caller included ({@code threads − 1} workers are started). */
    public static FixedPool create(int threads) {
        return new FixedPool(threads);
    }

    /** Parts of each run: the number of threads, the caller included. */
    public int threads() {
        return workers.length + 1;
    }

    /** Runs {@code t.run(p, threads())} for every part p, part 0 on the calling thread; returns when all are done. */
    public synchronized void run(Task t) {
        if (closed) {
            throw new IllegalStateException("the pool is closed");
        }
        int parts = threads();
        if (parts == 1) {
            t.run(0, 1);
            return;
        }
        failure = null;
        waiter = Thread.currentThread();
        task = t;
        pending.set(parts - 1);
        generation++;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        Throwable mine = null;
        try {
            t.run(0, parts);
        } catch (Throwable e) {
            mine = e;
        }
        for (int spin = 0; pending.get() != 0; spin++) {
            if (spin < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        task = null;
        Throwable f = mine != null ? mine : failure;
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    private void work(int part) {
        int seen = 0;
        while (true) {
            for (int spin = 0; generation == seen && !closed; spin++) {
                if (spin < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            try {
                task.run(part, threads());
            } catch (Throwable e) {
                failure = e;
            }
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(waiter);
            }
        }
    }

    /** Stops the workers (they finish the current run first). Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }

    /** The first index of part {@code part} when {@code length} items are split into {@code parts} near-equal ranges. */
    public static int start(int part, int parts, int length) {
        return (int) ((long) length * part / parts);
    }
}
