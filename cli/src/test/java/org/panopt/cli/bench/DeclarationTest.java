package org.panopt.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeclarationTest {
    private static Declaration declared(String name, String impl, boolean peer, boolean free, boolean classMarks) {
        return new Declaration(name, List.of("avgt"), Map.of(), true, "", impl, "", "", "", "", "", List.of(), List.of(),
                peer, free, classMarks);
    }

    @Test
    void fallbacksForUndeclaredBenchmarks() {
        Declaration d = Declaration.undeclared("org.panopt.jmh.gemm.DgemmBenchmark.dgemm");
        assertEquals("DgemmBenchmark", d.studyName());
        Map<String, String> p = new LinkedHashMap<>();
        p.put("impl", "vectorblas");
        p.put("n", "256");
        assertEquals("vectorblas", d.label(p));
        assertEquals("n", d.sizeParamIn(p));
        assertTrue(d.isPeer(d.label(p)));
        assertFalse(d.isPeer("panopt"));
        assertFalse(d.isPeer("panopt openblas"), "ours whenever it says panopt");
        assertEquals("dgemm", d.label(Map.of("n", "256")));
        Map<String, String> q = new LinkedHashMap<>();
        q.put("dtype", "F64");
        q.put("rows", "4000");
        assertEquals("rows", d.sizeParamIn(q), "first numeric parameter");
        assertNull(d.sizeParamIn(Map.of("dtype", "F64")));
    }

    @Test
    void declaredLabelsCombineWithTheImplementationParameter() {
        Declaration d = declared("x.y.Gemm.run", "panopt", false, false, false);
        assertEquals("panopt", d.label(Map.of("n", "1")));
        assertEquals("panopt packed", d.label(Map.of("impl", "packed")));
    }

    @Test
    void theGateSelectsMarkedKernelAndStepBenchmarksButNoPeers() {
        assertTrue(Declaration.undeclared("org.panopt.jmh.kernels.Dot.dot").gated());
        assertTrue(Declaration.undeclared("org.panopt.jmh.gemm.Dgemm.dgemm").gated());
        assertFalse(Declaration.undeclared("org.panopt.jmh.kernels.Dot.ejml").gated(), "a peer by name");
        assertTrue(Declaration.undeclared("org.panopt.jmh.sinkhorn.SinkhornBench.iteration").gated());
        assertFalse(Declaration.undeclared("org.panopt.jmh.sinkhorn.SinkhornBench.toThreshold").gated());
        assertTrue(Declaration.undeclared("org.panopt.jmh.optim.OptimStepBenchmark.adamSimd").gated(), "class name");
        assertTrue(Declaration.undeclared("org.panopt.jmh.stochastic.Saga.epoch").gated());
        assertFalse(Declaration.undeclared("org.panopt.jmh.ffi.CallOverhead.ddot").gated());

        assertTrue(declared("org.panopt.jmh.ffi.CallOverhead.ddot", "", false, true, true).gated(), "marked");
        assertFalse(declared("org.panopt.jmh.optim.AdamStep.scalar", "", false, false, true).gated(),
                "the class marks others: names no longer count");
        assertFalse(declared("org.panopt.jmh.gemm.Gemm.openblas", "OpenBLAS", true, true, true).gated(), "peer");
        assertFalse(declared("org.panopt.jmh.gemm.Gemm.reference", "EJML", false, false, false).gated(), "peer label");
    }
}
