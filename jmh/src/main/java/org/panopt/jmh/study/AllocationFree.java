package org.panopt.jmh.study;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a benchmark (method, or every benchmark of a class) that must allocate nothing per operation
 * once warmed up, typically an algorithm's {@code step()}: {@code ./panopt bench --alloc-check} runs
 * it briefly with JMH's GC profiler and fails when {@code gc.alloc.rate.norm} exceeds 16 B/op.
 * Methods that measure a peer ({@code @Study(peer = true)}) are skipped even under a marked class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AllocationFree {
}
