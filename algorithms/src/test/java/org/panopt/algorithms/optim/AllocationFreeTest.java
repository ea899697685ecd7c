package org.panopt.algorithms.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.panopt.core.diagnostics.AllocationMeter;
import org.panopt.algorithms.optim.schedule.CosineWarmRestarts;
import org.panopt.algorithms.optim.schedule.LinearWarmup;
import org.panopt.core.array.DType;
import org.panopt.core.array.Vec;
import org.panopt.core.array.Workspace;

/** Every warmed-up step allocates 0 bytes (this thread's allocation counter). */
class AllocationFreeTest {
    // 267 = 8·32 + 8 + 3: the unrolled loops, one single-vector iteration and a scalar tail all run
    private static final int N = 267;
    private static final int ROUND = 2_000;

    /**
     * Steps in rounds of {@value #ROUND} until a whole round allocates nothing (the interpreter and
     * C1 box vectors; only C2-compiled code is allocation-free, and on a loaded machine compilation
     * takes a variable number of steps). A rule that allocates in steady state never gets there.
     */
    private static void assertNoAllocation(String what, Runnable step) {
        AllocationMeter.Result r = AllocationMeter.untilQuiet(step, ROUND);
        assertEquals(0, r.lastRound(), what + " still allocates: bytes per " + ROUND + " steps: " + r.history());
    }

    /** Small gradients keep the parameters bounded over tens of thousands of steps. */
    private static Vec randomVector(Workspace ws, DType dtype, long seed, double scale) {
        Vec v = ws.vector(dtype, N);
        Support.load(v, Support.gaussian(new SplittableRandom(seed), N, scale));
        return v;
    }

    private static Object sink;

    @Test
    void theProbeSeesAllocations() {
        long bytes = AllocationMeter.bytes(() -> sink = new double[16], 100);
        assertEquals(true, bytes >= 100 * 16 * 8, "the allocation probe missed " + bytes);
    }

    @Test
    void updateRules() {
        try (Workspace ws = Workspace.create()) {
            Vec p = randomVector(ws, DType.F64, 1, 1);
            Vec g = randomVector(ws, DType.F64, 2, 1e-3);
            Sgd sgd = new Sgd(ws, N, Sgd.Options.of(1e-3));
            assertNoAllocation("SGD", () -> sgd.step(p, g));
            Sgd nesterov = new Sgd(ws, N, Sgd.Options.of(1e-3).withMomentum(0.9).withNesterov(true).withWeightDecay(1e-4));
            assertNoAllocation("SGD Nesterov", () -> nesterov.step(p, g));
            Adam adam = new Adam(ws, N, Adam.Options.defaults());
            assertNoAllocation("Adam", () -> adam.step(p, g));
            Adam amsW = new Adam(ws, N, Adam.Options.adamW().withAmsgrad(true));
            assertNoAllocation("AdamW + AMSGrad", () -> amsW.step(p, g));
            Scheduled scheduled = new Scheduled(new Adam(ws, N, Adam.Options.defaults()),
                    new LinearWarmup(100, 0.0, new CosineWarmRestarts(1e-3, 0, 50, 2)));
            assertNoAllocation("scheduled Adam", () -> scheduled.step(p, g));
        }
    }

    @Test
    void emaAndBloop() {
        try (Workspace ws = Workspace.create()) {
            Vec p = randomVector(ws, DType.F64, 3, 1);
            ModelEma ema = new ModelEma(ws, p, new ModelEma.Options(0.999));
            assertNoAllocation("model EMA f64", () -> ema.step(p));
            Vec p32 = randomVector(ws, DType.F32, 4, 1);
            ModelEma ema32 = new ModelEma(ws, p32, new ModelEma.Options(0.999));
            assertNoAllocation("model EMA f32", () -> ema32.step(p32));
            Vec gm = randomVector(ws, DType.F64, 5, 1);
            Vec ga = randomVector(ws, DType.F64, 6, 1);
            Vec out = ws.vector(DType.F64, N);
            for (Bloop.Variant v : Bloop.Variant.values()) {
                Bloop b = new Bloop(ws, N, Bloop.Options.defaults().withVariant(v));
                assertNoAllocation("Bloop " + v, () -> b.direction(gm, ga, out));
            }
        }
    }

    @Test
    void stepSizeRules() {
        try (Workspace ws = Workspace.create()) {
            StepSizeRulesTest.Quadratic q = StepSizeRulesTest.Quadratic.random(N, 7, 10);
            Vec x = randomVector(ws, DType.F64, 8, 1);
            Vec g = ws.vector(DType.F64, N);
            // f* = 0 lies below the quadratic's minimum 0.75, so the step never vanishes; the cap keeps it stable
            PolyakStep polyak = new PolyakStep(N, new PolyakStep.Options(0, 1, 0.05));
            assertNoAllocation("Polyak", () -> polyak.step(x, g, q.valueAndGradient(x, g)));
            ArmijoLineSearch ls = new ArmijoLineSearch(ws, N, ArmijoLineSearch.Options.defaults());
            Vec y = randomVector(ws, DType.F64, 9, 1);
            assertNoAllocation("Armijo", () -> ls.step(q, y));
        }
    }
}
