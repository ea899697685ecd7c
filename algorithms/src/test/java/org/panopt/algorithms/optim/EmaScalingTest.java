package org.panopt.algorithms.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EmaScalingTest {
    @Test
    void sgdLinearRule() {
        Sgd.Options base = Sgd.Options.of(0.1).withMomentum(0.9).withWeightDecay(1e-4);
        EmaScaling.Scaled<Sgd.Options> s = EmaScaling.sgd(256, 0.999, base, 8);
        assertEquals(2048, s.batchSize());
        assertEquals(Math.pow(0.999, 8), s.rho(), 0.0);
        assertEquals(0.8, s.optimizer().lr(), 1e-15);
        assertEquals(0.9, s.optimizer().momentum());
        assertEquals(1e-4, s.optimizer().weightDecay());
        assertEquals(125, s.steps(1000));
        // scaling down by 1/4 is allowed too
        EmaScaling.Scaled<Sgd.Options> down = EmaScaling.sgd(256, 0.999, base, 0.25);
        assertEquals(64, down.batchSize());
        assertEquals(Math.pow(0.999, 0.25), down.rho(), 0.0);
        assertEquals(4000, down.steps(1000));
    }

    @Test
    void adamSquareRootRule() {
        Adam.Options base = Adam.Options.defaults().withBetas(0.9, 0.999).withEps(1e-8);
        EmaScaling.Scaled<Adam.Options> s = EmaScaling.adam(64, 0.9999, base, 4);
        assertEquals(256, s.batchSize());
        assertEquals(Math.pow(0.9999, 4), s.rho(), 0.0);
        assertEquals(2e-3, s.optimizer().lr(), 1e-18);
        assertEquals(0.6, s.optimizer().beta1(), 1e-15);
        assertEquals(0.996, s.optimizer().beta2(), 1e-15);
        assertEquals(5e-9, s.optimizer().eps(), 1e-24);
        EmaScaling.Scaled<Adam.Options> w = EmaScaling.adam(64, 0.9999, Adam.Options.adamW(), 4);
        assertEquals(0.02, w.optimizer().weightDecay(), 1e-16);
        assertTrue(w.optimizer().decoupled());
        EmaScaling.Scaled<Adam.Options> l2 = EmaScaling.adam(64, 0.9999, base.withWeightDecay(0.01), 4);
        assertEquals(0.01, l2.optimizer().weightDecay());
    }

    @Test
    void refusesScalesTheRuleCannotExpress() {
        Adam.Options base = Adam.Options.defaults();
        var e = assertThrows(IllegalArgumentException.class, () -> EmaScaling.adam(64, 0.99, base, 20));
        assertTrue(e.getMessage().contains("beta1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EmaScaling.sgd(64, 0.99, Sgd.Options.of(0.1), 0));
        assertThrows(IllegalArgumentException.class, () -> EmaScaling.sgd(64, 0.99, Sgd.Options.of(0.1), Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> EmaScaling.sgd(64, 1.0, Sgd.Options.of(0.1), 2));
        assertThrows(IllegalArgumentException.class, () -> EmaScaling.sgd(10, 0.9, Sgd.Options.of(0.1), 0.25));
        assertThrows(IllegalArgumentException.class, () -> EmaScaling.sgd(0, 0.9, Sgd.Options.of(0.1), 2));
    }
}
