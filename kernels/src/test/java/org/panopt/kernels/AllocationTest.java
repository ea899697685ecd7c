package org.panopt.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.ThreadMXBean;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panopt.kernels.fused.ExpLog;
import org.panopt.kernels.fused.LogSumExp;
import org.panopt.kernels.fused.Softmax;
import org.panopt.kernels.level1.Level1;
import org.panopt.kernels.level2.Level2;
import org.panopt.kernels.threshold.Threshold;

/**
 * Every kernel allocates nothing once compiled: calls are repeated in batches of 200 until a batch
 * allocates 0 bytes on this thread (C2 has compiled the kernel) or 60 s have passed (a loaded
 * machine can take that long to compile everything), and the last batch must have allocated 0 bytes.
 * A round-robin warm-up first queues every kernel for compilation. A vector value that escapes a compiled method (a helper C2 refused to
 * inline, a phi it could not merge) would box and show up here. Native segments, odd sizes (vector
 * loops and tails), unit and non-unit strides.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllocationTest {
    private static final int N = 1003, M = 67, K = 93, LD = 70;
    private Arena arena;
    private MemorySegment x, y, z, xf, yf, zf, a, af, v, w, vf, wf, out, sc, outf, scf, p, pf, t, tf, yy, yyf;

    @BeforeAll
    void setUp() {
        arena = Arena.ofConfined();
        SplittableRandom r = new SplittableRandom(1);
        x = fill(arena.allocate(8L * 3 * N, 64), r, false);
        y = fill(arena.allocate(8L * 3 * N, 64), r, false);
        z = fill(arena.allocate(8L * 3 * N, 64), r, false);
        xf = fill(arena.allocate(4L * 3 * N, 64), r, true);
        yf = fill(arena.allocate(4L * 3 * N, 64), r, true);
        zf = fill(arena.allocate(4L * 3 * N, 64), r, true);
        a = fill(arena.allocate(8L * LD * K, 64), r, false);
        af = fill(arena.allocate(4L * LD * K, 64), r, true);
        v = fill(arena.allocate(8L * K, 64), r, false);
        w = fill(arena.allocate(8L * K, 64), r, false);
        vf = fill(arena.allocate(4L * K, 64), r, true);
        wf = fill(arena.allocate(4L * K, 64), r, true);
        out = arena.allocate(8L * K, 64);
        sc = arena.allocate(8L * K, 64);
        outf = arena.allocate(4L * K, 64);
        scf = arena.allocate(4L * K, 64);
        p = arena.allocate(8L * LD * K, 64);
        pf = arena.allocate(4L * LD * K, 64);
        yy = fill(arena.allocate(8L * K * 3, 64), r, false);
        yyf = fill(arena.allocate(4L * K * 3, 64), r, true);
        t = arena.allocate(8L * LD * 3, 64);
        tf = arena.allocate(4L * LD * 3, 64);
        // Round-robin warm-up: every kernel crosses the compile thresholds early, so that C2 (one
        // compiler thread on a small machine, each vector kernel a large compile) works through the
        // whole queue while the measurements below wait for their own kernel.
        for (int round = 0; round < 3; round++) {
            kernels().forEach(k -> {
                for (int i = 0; i < 100; i++) {
                    k.getValue().run();
                }
            });
        }
    }

    @AfterAll
    void tearDown() {
        arena.close();
    }

    private static MemorySegment fill(MemorySegment s, SplittableRandom r, boolean f32) {
        long n = s.byteSize() / (f32 ? 4 : 8);
        for (long k = 0; k < n; k++) {
            ElementAccess.set(s, k, r.nextDouble() * 0.5 + 0.25, f32);
        }
        return s;
    }

    Stream<Map.Entry<String, Runnable>> kernels() {
        Map<String, Runnable> k = new LinkedHashMap<>();
        for (int inc : new int[] {1, 3}) {
            String s = " inc=" + inc;
            k.put("ddot" + s, () -> Level1.ddot(N, x, 0, inc, y, 0, inc));
            k.put("sdot" + s, () -> Level1.sdot(N, xf, 0, inc, yf, 0, inc));
            k.put("dsdot" + s, () -> Level1.dsdot(N, xf, 0, inc, yf, 0, inc));
            k.put("daxpy" + s, () -> Level1.daxpy(N, 1e-9, x, 0, inc, y, 0, inc));
            k.put("saxpy" + s, () -> Level1.saxpy(N, 1e-9f, xf, 0, inc, yf, 0, inc));
            k.put("daxpby" + s, () -> Level1.daxpby(N, 0.5, x, 0, inc, 0.5, y, 0, inc));
            k.put("saxpby" + s, () -> Level1.saxpby(N, 0.5f, xf, 0, inc, 0.5f, yf, 0, inc));
            k.put("dscal" + s, () -> Level1.dscal(N, 1, x, 0, inc));
            k.put("sscal" + s, () -> Level1.sscal(N, 1, xf, 0, inc));
            k.put("dcopy" + s, () -> Level1.dcopy(N, x, 0, inc, z, 0, inc));
            k.put("scopy" + s, () -> Level1.scopy(N, xf, 0, inc, zf, 0, inc));
            k.put("dswap" + s, () -> Level1.dswap(N, z, 0, inc, y, 0, inc));
            k.put("sswap" + s, () -> Level1.sswap(N, zf, 0, inc, yf, 0, inc));
            k.put("dnrm2" + s, () -> Level1.dnrm2(N, x, 0, inc));
            k.put("snrm2" + s, () -> Level1.snrm2(N, xf, 0, inc));
            k.put("dasum" + s, () -> Level1.dasum(N, x, 0, inc));
            k.put("sasum" + s, () -> Level1.sasum(N, xf, 0, inc));
            k.put("idamax" + s, () -> Level1.idamax(N, x, 0, inc));
            k.put("isamax" + s, () -> Level1.isamax(N, xf, 0, inc));
            k.put("dsum" + s, () -> Level1.dsum(N, x, 0, inc));
            k.put("ssum" + s, () -> Level1.ssum(N, xf, 0, inc));
            k.put("dmax" + s, () -> Level1.dmax(N, x, 0, inc));
            k.put("smax" + s, () -> Level1.smax(N, xf, 0, inc));
            k.put("dmul" + s, () -> Level1.dmul(N, x, 0, inc, y, 0, inc, z, 0, inc));
            k.put("smul" + s, () -> Level1.smul(N, xf, 0, inc, yf, 0, inc, zf, 0, inc));
            k.put("dfma" + s, () -> Level1.dfma(N, 1e-9, x, 0, inc, y, 0, inc, z, 0, inc));
            k.put("sfma" + s, () -> Level1.sfma(N, 1e-9f, xf, 0, inc, yf, 0, inc, zf, 0, inc));
            k.put("dgemv N" + s, () -> Level2.dgemv(false, M, K, 1, a, 0, LD, x, 0, inc, 0, y, 0, inc));
            k.put("sgemv N" + s, () -> Level2.sgemv(false, M, K, 1, af, 0, LD, xf, 0, inc, 0, yf, 0, inc));
            k.put("dgemv T" + s, () -> Level2.dgemv(true, M, K, 1, a, 0, LD, x, 0, inc, 0, y, 0, inc));
            k.put("sgemv T" + s, () -> Level2.sgemv(true, M, K, 1, af, 0, LD, xf, 0, inc, 0, yf, 0, inc));
            k.put("dger" + s, () -> Level2.dger(M, K, 1e-12, x, 0, inc, y, 0, inc, a, 0, LD));
            k.put("sger" + s, () -> Level2.sger(M, K, 1e-12f, xf, 0, inc, yf, 0, inc, af, 0, LD));
            k.put("dsymv U" + s, () -> Level2.dsymv(true, M, 1, a, 0, LD, x, 0, inc, 0, y, 0, inc));
            k.put("ssymv L" + s, () -> Level2.ssymv(false, M, 1, af, 0, LD, xf, 0, inc, 0, yf, 0, inc));
        }
        k.put("LSE drow", () -> LogSumExp.drow(M, K, a, 0, LD, v, 0, w, 0, 0.05, out, 0, sc, 0));
        k.put("LSE srow", () -> LogSumExp.srow(M, K, af, 0, LD, vf, 0, wf, 0, 0.05f, outf, 0, scf, 0));
        k.put("LSE dcol", () -> LogSumExp.dcol(K, M, a, 0, LD * 0 + K, v, 0, w, 0, 0.05, out, 0, sc, 0));
        k.put("LSE scol", () -> LogSumExp.scol(K, M, af, 0, K, vf, 0, wf, 0, 0.05f, outf, 0, scf, 0));
        k.put("LSE drowAccumulate+finish", () -> {
            LogSumExp.dinit(M, out, 0, sc, 0);
            LogSumExp.drowAccumulate(M, K, a, 0, LD, v, 0, w, 0, 0.05, out, 0, sc, 0);
            LogSumExp.dfinish(M, out, 0, sc, 0, out, 0);
        });
        k.put("LSE scolAccumulate+finish", () -> {
            LogSumExp.sinit(M, outf, 0, scf, 0);
            LogSumExp.scolAccumulate(K, M, af, 0, K, vf, 0, wf, 0, 0.05f, outf, 0, scf, 0);
            LogSumExp.sfinish(M, outf, 0, scf, 0, outf, 0);
        });
        k.put("drowWeights", () -> Softmax.drowWeights(M, K, a, 0, LD, v, 0, w, 0, 0.05, out, 0, p, 0, LD));
        k.put("srowWeights", () -> Softmax.srowWeights(M, K, af, 0, LD, vf, 0, wf, 0, 0.05f, outf, 0, pf, 0, LD));
        k.put("dcolWeights", () -> Softmax.dcolWeights(K, M, a, 0, K, v, 0, w, 0, 0.05, out, 0, p, 0, K));
        k.put("scolWeights", () -> Softmax.scolWeights(K, M, af, 0, K, vf, 0, wf, 0, 0.05f, outf, 0, pf, 0, K));
        k.put("drowWeightedSum", () -> Softmax.drowWeightedSum(M, K, a, 0, LD, v, 0, w, 0, 0.05, out, 0, 3, yy, 0, K,
                t, 0, LD));
        k.put("srowWeightedSum", () -> Softmax.srowWeightedSum(M, K, af, 0, LD, vf, 0, wf, 0, 0.05f, outf, 0, 3, yyf, 0,
                K, tf, 0, LD));
        k.put("dexp", () -> ExpLog.dexp(N, x, 0, z, 0));
        k.put("sexp", () -> ExpLog.sexp(N, xf, 0, zf, 0));
        k.put("dlog", () -> ExpLog.dlog(N, x, 0, z, 0));
        k.put("slog", () -> ExpLog.slog(N, xf, 0, zf, 0));
        k.put("dsoft", () -> Threshold.dsoft(N, 0.3, x, 0, z, 0));
        k.put("ssoft", () -> Threshold.ssoft(N, 0.3f, xf, 0, zf, 0));
        k.put("dhard", () -> Threshold.dhard(N, 0.3, x, 0, z, 0));
        k.put("shard", () -> Threshold.shard(N, 0.3f, xf, 0, zf, 0));
        k.put("dblockSoft", () -> Threshold.dblockSoft(N, 17, 0.3, x, 0, z, 0));
        k.put("sblockSoft", () -> Threshold.sblockSoft(N, 17, 0.3f, xf, 0, zf, 0));
        return k.entrySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void allocatesNothingOnceCompiled(Map.Entry<String, Runnable> kernel) {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Runnable run = kernel.getValue();
        // Batches until one allocates nothing: C2 compiles in the background (on a busy machine that can
        // take seconds), and until it has, the interpreter and C1 box every vector.
        long bytes = -1, deadline = System.nanoTime() + 60_000_000_000L;
        int batches = 0;
        while (bytes != 0 && System.nanoTime() < deadline) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200; i++) {
                run.run();
            }
            bytes = mx.getCurrentThreadAllocatedBytes() - before;
            batches++;
        }
        assertEquals(0, bytes, kernel.getKey() + " allocated bytes in 200 calls after " + batches + " batches");
    }
}
