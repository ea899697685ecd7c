package org.panopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.npy.Npy;

class SinkhornCommandTest {
    private static Path points(Path dir, String name, int n, int d, double shift) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            Matrix m = Matrix.allocate(arena, DType.F64, n, d);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    m.set(i, k, Math.sin(1.7 * i + 0.3 * k) + shift);
                }
            }
            Path p = dir.resolve(name);
            Npy.write(p, m);
            return p;
        }
    }

    @Test
    void solvesPointsAndWritesEverything(@TempDir Path dir) throws Exception {
        Path x = points(dir, "x.npy", 20, 3, 0);
        Path y = points(dir, "y.npy", 15, 3, 0.5);
        Path z = points(dir, "z.npy", 4, 3, 0.2);
        MainTest.Run r = MainTest.run("sinkhorn", "--x", x.toString(), "--y", y.toString(), "--eps", "0.1",
                "--out-f", dir.resolve("f.npy").toString(), "--out-g", dir.resolve("g.npy").toString(),
                "--plan", dir.resolve("p.npy").toString(), "--map", z.toString(), "--out-map",
                dir.resolve("t.npy").toString(), "--json");
        assertEquals(0, r.status(), r.err());
        String json = r.out().strip();
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        assertEquals(1, json.lines().count());
        for (String key : new String[]{"\"cost\"", "\"dual\"", "\"entropy\"", "\"iterations\"",
            "\"converged\": true", "\"marginal_error\"", "\"solve_ms\""}) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(20, Npy.read(dir.resolve("f.npy"), arena).vector().length());
            assertEquals(15, Npy.read(dir.resolve("g.npy"), arena).vector().length());
            Matrix p = Npy.read(dir.resolve("p.npy"), arena).matrix();
            double total = 0;
            for (int i = 0; i < 20; i++) {
                for (int j = 0; j < 15; j++) {
                    total += p.get(i, j);
                }
            }
            assertEquals(1, total, 1e-8);
            Matrix t = Npy.read(dir.resolve("t.npy"), arena).matrix();
            assertEquals(4, t.rows());
            assertEquals(3, t.cols());
        }
        MainTest.Run text = MainTest.run("sinkhorn", "--x", x.toString(), "--y", y.toString());
        assertEquals(0, text.status(), text.err());
        assertTrue(text.out().contains("converged"), text.out());
    }

    @Test
    void solvesADenseCostWithWeights(@TempDir Path dir) throws Exception {
        Path c = points(dir, "c.npy", 6, 5, 1.5);
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        try (Arena arena = Arena.ofConfined()) {
            Npy.write(a, Vec.copyOf(arena, 0.1, 0.2, 0.3, 0.1, 0.2, 0.1));
            Npy.write(b, Vec.copyOf(arena, 0.2, 0.2, 0.2, 0.2, 0.2));
        }
        MainTest.Run r = MainTest.run("sinkhorn", "--cost", c.toString(), "--a", a.toString(), "--b", b.toString(),
                "--eps", "0.05", "--tau", "0.99", "--json");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("\"n\": 6"), r.out());
    }

    @Test
    void badFilesAndShapesGiveOneLineAndNonZeroStatus(@TempDir Path dir) throws Exception {
        Path x = points(dir, "x.npy", 10, 3, 0);
        Path y2 = points(dir, "y2.npy", 10, 2, 0);
        Path garbage = dir.resolve("garbage.npy");
        Files.writeString(garbage, "not an npy file");
        String[][] bad = {
            {"sinkhorn", "--x", x.toString(), "--y", y2.toString()},
            {"sinkhorn", "--x", x.toString(), "--y", dir.resolve("missing.npy").toString()},
            {"sinkhorn", "--cost", garbage.toString()},
            {"sinkhorn", "--cost", x.toString(), "--a", y2.toString()},
            {"sinkhorn", "--x", x.toString()},
            {"sinkhorn", "--cost", x.toString(), "--x", x.toString(), "--y", x.toString()},
            {"sinkhorn", "--cost", x.toString(), "--map", x.toString(), "--out-map", "t.npy"},
            {"sinkhorn", "--cost", x.toString(), "--eps", "-1"},
        };
        for (String[] args : bad) {
            MainTest.Run r = MainTest.run(args);
            assertTrue(r.status() != 0, String.join(" ", args));
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
        MainTest.Run verbose = MainTest.run("sinkhorn", "--cost", garbage.toString(), "--verbose");
        assertTrue(verbose.err().contains("\tat "), "--verbose prints the stack trace");
    }

    @Test
    void demoHasAnOptimalTransportSection(@TempDir Path dir) {
        MainTest.Run r = MainTest.run("demo", "--out", dir.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("optimal transport"), r.out());
        assertTrue(r.out().contains("images of 0 -> ") && r.out().contains("converged after"), r.out());
    }
}
