package org.panopt.algorithms.landing;

import java.util.Objects;
import org.panopt.algorithms.optim.schedule.Constant;
import org.panopt.algorithms.optim.schedule.Schedule;

/**
 * Options of {@link GeneralizedStiefelLanding} (SPEC §1c).
 *
 * @param schedule learning rate η per step
 * @param omega    ω > 0, the weight of the normal term; default 1 (reference experiments use 0.1–2 on
 *                 Frobenius-normalised A and B)
 */
public record GeneralizedLandingOptions(Schedule schedule, double omega) {
    public GeneralizedLandingOptions {
        Objects.requireNonNull(schedule, "schedule");
        Args.positive("omega", omega);
    }

    /** Constant step η, ω = 1. */
    public static GeneralizedLandingOptions defaults(double eta) {
        return new GeneralizedLandingOptions(new Constant(eta), 1);
    }

    public GeneralizedLandingOptions withSchedule(Schedule v) {
        return new GeneralizedLandingOptions(v, omega);
    }

    public GeneralizedLandingOptions withOmega(double v) {
        return new GeneralizedLandingOptions(schedule, v);
    }
}
