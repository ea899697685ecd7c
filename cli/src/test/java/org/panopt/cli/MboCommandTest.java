package org.panopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.npy.Npy;

class MboCommandTest {
    /** n × d Gaussian points, shifted by {@code shift} on the first {@code moving} coordinates. */
    private static Path points(Path dir, String name, int n, int d, int moving, double shift, long seed)
            throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            Matrix m = Matrix.allocate(arena, DType.F64, n, d);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    m.set(i, k, r.nextGaussian() + (k < moving ? shift : 0));
                }
            }
            Path p = dir.resolve(name);
            Npy.write(p, m);
            return p;
        }
    }

    @Test
    void l1MapIsSparseAndWritten(@TempDir Path dir) throws Exception {
        Path x = points(dir, "x.npy", 150, 20, 0, 0, 1);
        Path y = points(dir, "y.npy", 150, 20, 2, 3, 2);
        Path z = points(dir, "z.npy", 10, 20, 0, 0, 3);
        Path t = dir.resolve("t.npy");
        MainTest.Run r = MainTest.run("mbo", "--x", x.toString(), "--y", y.toString(), "--reg", "l1", "--gamma", "10",
                "--eps", "20", "--map", z.toString(), "--out-map", t.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        String json = r.out().strip();
        assertEquals(1, json.lines().count(), json);
        assertTrue(json.startsWith("{\"reg\": \"l1\"") && json.endsWith("}"), json);
        for (String key : new String[]{"\"zero_fraction\"", "\"sinkhorn_iterations\"", "\"converged\": true",
            "\"queries\": 10", "\"d\": 20", "\"fit_ms\""}) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        double fraction = Double.parseDouble(json.replaceAll(".*\"zero_fraction\": ([0-9.eE-]+).*", "$1"));
        assertTrue(fraction > 0.5, "most of 18 static coordinates stay: " + fraction);
        try (Arena arena = Arena.ofConfined()) {
            Matrix map = Npy.read(t, arena).matrix();
            Matrix q = Npy.read(z, arena).matrix();
            assertEquals(10, map.rows());
            assertEquals(20, map.cols());
            long zeros = 0;
            double shift = 0;
            for (int i = 0; i < 10; i++) {
                for (int k = 0; k < 20; k++) {
                    zeros += map.get(i, k) == q.get(i, k) ? 1 : 0;
                }
                shift += (map.get(i, 0) - q.get(i, 0) + map.get(i, 1) - q.get(i, 1)) / 20;
            }
            assertEquals(Math.round(fraction * 200), zeros);
            assertTrue(shift > 2, "the two moving coordinates move by about 3 on average: " + shift);
        }
    }

    @Test
    void everyRegulariserRuns(@TempDir Path dir) throws Exception {
        Path x = points(dir, "x.npy", 60, 6, 0, 0, 4);
        Path y = points(dir, "y.npy", 50, 6, 2, 2, 5);
        Path z = points(dir, "z.npy", 5, 6, 0, 0, 6);
        String[][] runs = {
            {"--reg", "stvs", "--gamma", "0.5"},
            {"--reg", "kovl", "--gamma", "1", "--k", "2"},
            {"--reg", "subspace", "--gamma", "2", "--k", "2", "--learn-steps", "5", "--out-basis",
                dir.resolve("a.npy").toString()},
        };
        for (String[] extra : runs) {
            String[] base = {"mbo", "--x", x.toString(), "--y", y.toString(), "--eps", "1", "--map", z.toString(),
                "--out-map", dir.resolve("t.npy").toString()};
            String[] args = new String[base.length + extra.length];
            System.arraycopy(base, 0, args, 0, base.length);
            System.arraycopy(extra, 0, args, base.length, extra.length);
            MainTest.Run r = MainTest.run(args);
            assertEquals(0, r.status(), String.join(" ", extra) + ": " + r.err());
            assertTrue(r.out().contains("displacement coordinates are zero"), r.out());
        }
        // the learned basis, given back, is accepted
        MainTest.Run r = MainTest.run("mbo", "--x", x.toString(), "--y", y.toString(), "--eps", "1", "--map",
                z.toString(), "--out-map", dir.resolve("t2.npy").toString(), "--reg", "subspace", "--gamma", "2",
                "--basis", dir.resolve("a.npy").toString(), "--json");
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void badInputGivesOneLineAndNonZeroStatus(@TempDir Path dir) throws Exception {
        Path x = points(dir, "x.npy", 10, 3, 0, 0, 7);
        Path x4 = points(dir, "x4.npy", 10, 4, 0, 0, 8);
        Path garbage = dir.resolve("garbage.npy");
        Files.writeString(garbage, "not an npy file");
        String t = dir.resolve("t.npy").toString();
        String[][] bad = {
            {"mbo", "--x", x.toString(), "--y", x.toString(), "--reg", "l2", "--gamma", "1", "--eps", "1", "--map",
                x.toString(), "--out-map", t},
            {"mbo", "--x", x.toString(), "--y", x4.toString(), "--reg", "l1", "--gamma", "1", "--eps", "1", "--map",
                x.toString(), "--out-map", t},
            {"mbo", "--x", x.toString(), "--y", x.toString(), "--reg", "l1", "--gamma", "-1", "--eps", "1", "--map",
                x.toString(), "--out-map", t},
            {"mbo", "--x", x.toString(), "--y", x.toString(), "--reg", "l1", "--gamma", "1", "--eps", "0", "--map",
                x.toString(), "--out-map", t},
            {"mbo", "--x", x.toString(), "--y", x.toString(), "--reg", "kovl", "--gamma", "1", "--eps", "1", "--map",
                x.toString(), "--out-map", t},
            {"mbo", "--x", x.toString(), "--y", x.toString(), "--reg", "kovl", "--k", "9", "--gamma", "1", "--eps", "1",
                "--map", x.toString(), "--out-map", t},
            {"mbo", "--x", x.toString(), "--y", x.toString(), "--reg", "subspace", "--basis", x.toString(), "--gamma",
                "1", "--eps", "1", "--map", x.toString(), "--out-map", t},
            {"mbo", "--x", garbage.toString(), "--y", x.toString(), "--reg", "l1", "--gamma", "1", "--eps", "1", "--map",
                x.toString(), "--out-map", t},
            {"mbo", "--x", dir.resolve("missing.npy").toString(), "--y", x.toString(), "--reg", "l1", "--gamma", "1",
                "--eps", "1", "--map", x.toString(), "--out-map", t},
            {"mbo", "--x", x.toString(), "--y", x.toString(), "--reg", "l1", "--gamma", "1", "--eps", "1"},
        };
        for (String[] args : bad) {
            MainTest.Run r = MainTest.run(args);
            assertTrue(r.status() != 0, String.join(" ", args));
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
        assertFalse(Files.exists(dir.resolve("t.npy")), "nothing written on error");
    }

    @Test
    void demoSectionShowsTheSparseMap() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        DemoCommand.sparseMap(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("Monge-Bregman-Occam"), text);
        // γ = 0 moves every coordinate; γ = 10 leaves most of them at exactly 0
        assertTrue(text.contains("+ 0.0|z|_1, eps 50: 0.0 %"), text);
        double fraction = Double.parseDouble(text.replaceAll("(?s).*\\+ 10\\.0\\|z\\|_1, eps 50: ([0-9.]+) %.*", "$1"));
        assertTrue(fraction > 70, text);
    }
}
