package org.panopt.jmh.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StudyIndexTest {
    @Study(value = "GEMM \"f64\"", baseline = "OpenBLAS", size = "n", flops = "2*n^3", quick = "n=64,256")
    static class Declared {
        @AllocationFree
        @Study(impl = "panopt")
        public void ours() {
        }

        @Study(impl = "OpenBLAS", peer = true, flops = "2*n*n*n")
        public void theirs() {
        }

        public void plain() {
        }
    }

    static class Undeclared {
        public void step() {
        }
    }

    private static StudyIndex.Entry describe(Class<?> c, String method) {
        return StudyIndex.describe(c.getName() + "." + method, c, method, new ArrayList<>(List.of("avgt")),
                Map.of("n", List.of("64", "256", "1024")));
    }

    @Test
    void methodAttributesOverrideTheClassOnes() {
        StudyIndex.Entry ours = describe(Declared.class, "ours");
        assertTrue(ours.hasStudy());
        assertEquals("GEMM \"f64\"", ours.study().get("study"));
        assertEquals("panopt", ours.study().get("impl"));
        assertEquals("OpenBLAS", ours.study().get("baseline"));
        assertEquals("2*n^3", ours.study().get("flops"));
        assertEquals(List.of("n=64,256"), ours.study().get("quick"));
        assertEquals(false, ours.study().get("peer"));
        assertTrue(ours.allocationFree());
        assertTrue(ours.allocationFreeDeclared());

        StudyIndex.Entry theirs = describe(Declared.class, "theirs");
        assertEquals("2*n*n*n", theirs.study().get("flops"));
        assertEquals(true, theirs.study().get("peer"));
        assertFalse(theirs.allocationFree());
        assertTrue(theirs.allocationFreeDeclared(), "its class marks another method");

        StudyIndex.Entry plain = describe(Declared.class, "plain");
        assertEquals("", plain.study().get("impl"), "the class declares no implementation");
        assertEquals("GEMM \"f64\"", plain.study().get("study"));
    }

    @Test
    void undeclaredBenchmarksListEmptyAttributes() {
        StudyIndex.Entry e = describe(Undeclared.class, "step");
        assertFalse(e.hasStudy());
        assertEquals("", e.study().get("study"));
        assertFalse(e.allocationFree());
        assertFalse(e.allocationFreeDeclared());
    }

    @Test
    void jsonEscapesAndListsEverything() {
        String json = StudyIndex.toJson(List.of(describe(Declared.class, "ours"), describe(Undeclared.class, "step")),
                Map.of("org.ejml:ejml", "0.44.0"));
        assertTrue(json.contains("\"study\": \"GEMM \\\"f64\\\"\""), json);
        assertTrue(json.contains("\"params\": {\"n\": [\"64\", \"256\", \"1024\"]}"), json);
        assertTrue(json.contains("\"allocationFree\": true"), json);
        assertTrue(json.contains("\"versions\": {\"org.ejml:ejml\": \"0.44.0\"}"), json);
        assertEquals(2, json.split("\"benchmark\": ").length - 1);
    }
}
