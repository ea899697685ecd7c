package org.panopt.jmh.gemm;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Floating-point operations done by a benchmark, reported by JMH as a rate next to the primary score:
 * with the benchmarks' time unit of nanoseconds the {@code flop} line reads directly in GFLOP/s.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Flops {
    /** Floating-point operations so far in this iteration (2·m·n·k per GEMM). */
    public long flop;

    @Setup(Level.Iteration)
    public void reset() {
        flop = 0;
    }
}
