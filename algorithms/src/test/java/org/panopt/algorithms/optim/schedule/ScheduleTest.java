package org.panopt.algorithms.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScheduleTest {
    private static final double TOL = 1e-15;

    @Test
    void constant() {
        Constant c = new Constant(0.3);
        assertEquals(0.3, c.at(0));
        assertEquals(0.3, c.at(1_000_000_000_000L));
    }

    @Test
    void stepDecayAtItsBoundaries() {
        StepDecay s = new StepDecay(1.0, 30, 0.1);
        assertEquals(1.0, s.at(0));
        assertEquals(1.0, s.at(29));
        assertEquals(0.1, s.at(30), TOL);
        assertEquals(0.1, s.at(59), TOL);
        assertEquals(0.01, s.at(60), TOL);
    }

    @Test
    void cosineAtItsBoundaries() {
        Cosine c = new Cosine(1.0, 0.1, 100);
        assertEquals(1.0, c.at(0), TOL);
        assertEquals(0.55, c.at(50), TOL); // halfway: the mean of lr and minLr
        assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI * 0.25)) / 2, c.at(25), TOL);
        assertEquals(0.1, c.at(100), TOL);
        assertEquals(0.1, c.at(250), TOL); // stays at the floor
    }

    @Test
    void warmRestartsWithTMultOne() {
        CosineWarmRestarts s = new CosineWarmRestarts(1.0, 0.0, 10, 1);
        assertEquals(1.0, s.at(0), TOL);
        assertEquals(0.5, s.at(5), TOL);
        assertEquals((1 + Math.cos(Math.PI * 0.9)) / 2, s.at(9), TOL);
        assertEquals(1.0, s.at(10), TOL); // restart
        assertEquals(1.0, s.at(1000), TOL);
        assertEquals(0.5, s.at(1005), TOL);
    }

    @Test
    void warmRestartsWithTMultTwo() {
        // cycles [0, 10), [10, 30), [30, 70), [70, 150): PyTorch's T_cur and T_i
        CosineWarmRestarts s = new CosineWarmRestarts(2.0, 0.5, 10, 2);
        assertEquals(2.0, s.at(0), TOL);
        assertEquals(0.5 + 1.5 * (1 + Math.cos(Math.PI * 9 / 10.0)) / 2, s.at(9), TOL);
        assertEquals(2.0, s.at(10), TOL);
        assertEquals(1.25, s.at(20), TOL); // middle of the 20-step cycle
        assertEquals(0.5 + 1.5 * (1 + Math.cos(Math.PI * 19 / 20.0)) / 2, s.at(29), TOL);
        assertEquals(2.0, s.at(30), TOL);
        assertEquals(1.25, s.at(50), TOL);
        assertEquals(2.0, s.at(70), TOL);
        assertEquals(1.25, s.at(110), TOL);
        // PyTorch's closed form: n = floor(log(t/T0 (T_mult - 1) + 1) / log T_mult)
        for (long t = 0; t < 5000; t++) {
            int n = (int) Math.floor(Math.log(t / 10.0 * (2 - 1) + 1) / Math.log(2));
            double tCur = t - 10 * (Math.pow(2, n) - 1) / (2 - 1);
            double tI = 10 * Math.pow(2, n);
            assertEquals(0.5 + 1.5 * (1 + Math.cos(Math.PI * tCur / tI)) / 2, s.at(t), 1e-12, "t = " + t);
        }
    }

    @Test
    void linearWarmupComposes() {
        Schedule w = new LinearWarmup(4, 0.25, new Cosine(1.0, 0.0, 10));
        assertEquals(0.25, w.at(0), TOL);
        assertEquals(0.4375, w.at(1), TOL);
        assertEquals(0.8125, w.at(3), TOL);
        assertEquals(1.0, w.at(4), TOL); // the cosine's step 0
        assertEquals(0.5, w.at(9), TOL); // the cosine's step 5
        assertEquals(0.0, w.at(14), TOL);
        Schedule zeroStart = new LinearWarmup(10, 0, new StepDecay(0.2, 5, 0.5));
        assertEquals(0.0, zeroStart.at(0));
        assertEquals(0.1, zeroStart.at(5), TOL);
        assertEquals(0.2, zeroStart.at(10), TOL);
        assertEquals(0.1, zeroStart.at(15), TOL);
    }

    @Test
    void rejectsBadFields() {
        assertThrows(IllegalArgumentException.class, () -> new Constant(-1));
        assertThrows(IllegalArgumentException.class, () -> new Constant(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new StepDecay(1, 0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new StepDecay(1, 10, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new Cosine(0.1, 0.2, 10));
        assertThrows(IllegalArgumentException.class, () -> new CosineWarmRestarts(1, 0, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(0, 0.1, new Constant(1)));
        assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(5, 1.1, new Constant(1)));
        assertThrows(NullPointerException.class, () -> new LinearWarmup(5, 0.1, null));
        assertThrows(IllegalArgumentException.class, () -> new Constant(1).at(-1));
    }
}
