package org.panopt.jmh.study;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How {@code ./panopt bench} presents a benchmark: which study (table and chart) it belongs to, the
 * implementation it measures, the size parameter on the chart's x axis, the baseline of the ratios,
 * and the work per operation that turns time into GFLOP/s or GB/s. See {@code jmh/README.md}.
 *
 * <p>Put it on the class (defaults for every benchmark method in it) and/or on a method (overrides
 * the class's non-empty attributes). Every attribute is optional; the harness falls back to the
 * class name as the study, the implementation {@code @Param} or the method name as the label, and
 * the first numeric {@code @Param} as the size.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Study {
    /** Study name: one table and one chart per name, e.g. {@code "GEMM f64"}. Default: the class's simple name. */
    String value() default "";

    /**
     * Implementation label, e.g. {@code "panopt"}, {@code "EJML"}, {@code "OpenBLAS"}. Default: the
     * value of the implementation parameter when there is one, else the method name. Label our own
     * implementations so they contain "panopt" (e.g. {@code "panopt packed"}).
     */
    String impl() default "";

    /**
     * Name of a {@code @Param} whose value is the implementation (one method, several
     * implementations, netlib style). Default: a parameter named {@code impl}, {@code implementation},
     * {@code library} or {@code backend}, if the benchmark has one.
     */
    String implParam() default "";

    /** Name of the {@code @Param} on the x axis. Default: {@code n}, {@code size} or the first numeric one. */
    String size() default "";

    /** Label of the implementation that ratios are relative to, e.g. {@code "OpenBLAS"}. Default: the first one measured. */
    String baseline() default "";

    /**
     * Floating-point operations per benchmark operation, as an expression over {@code @Param} names
     * with {@code + - * / ^} and parentheses, e.g. {@code "2*m*n*k"}: the report and chart then show
     * GFLOP/s. Count what the operation does, not what one implementation happens to do.
     */
    String flops() default "";

    /** Bytes moved per operation (same expression syntax), e.g. {@code "16*n"} for a dot product: the report shows GB/s. */
    String bytes() default "";

    /**
     * Parameter values for {@code --quick}, JMH {@code -p} syntax: {@code {"n=64,512", "dtype=f64"}}.
     * Default: the first value and the middle value of each numeric parameter that has more than two,
     * every value of the others.
     */
    String[] quick() default {};

    /**
     * External peers measured by scripts in {@code jmh/peers/} that belong in this study's table:
     * their benchmark names ({@code "peers.pot.sinkhorn_log"}) or a prefix ({@code "peers.pot"}).
     */
    String[] peers() default {};

    /**
     * True when this benchmark measures another library (EJML, ojAlgo, netlib, raw OpenBLAS): it is
     * then never run by the allocation gate. On a class, every method in it is a peer.
     */
    boolean peer() default false;
}
