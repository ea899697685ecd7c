package org.panopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.npy.Npy;

/** {@code panopt landing} end to end on .npy files: answers checked against known solutions, and bad input. */
class LandingCommandTest {
    @Test
    void procrustesWithAKnownRotationIsSolved(@TempDir Path dir) throws Exception {
        int n = 6, m = 12;
        SplittableRandom rnd = new SplittableRandom(5);
        try (Arena arena = Arena.ofConfined()) {
            Matrix a = Matrix.allocate(arena, DType.F64, n, m);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    a.set(i, j, rnd.nextDouble() - 0.5);
                }
            }
            // B = R A for a rotation R in the (0, 1) plane: the optimum has objective 0
            double c = Math.cos(0.3), s = Math.sin(0.3);
            Matrix b = Matrix.allocate(arena, DType.F64, n, m);
            b.copyFrom(a);
            for (int j = 0; j < m; j++) {
                b.set(0, j, c * a.get(0, j) - s * a.get(1, j));
                b.set(1, j, s * a.get(0, j) + c * a.get(1, j));
            }
            Npy.write(dir.resolve("a.npy"), a);
            Npy.write(dir.resolve("b.npy"), b);
            for (String method : new String[] {"landing", "qr", "polar"}) {
                Path out = dir.resolve("x-" + method + ".npy");
                MainTest.Run r = MainTest.run("landing", "--problem", "procrustes", "--a", dir.resolve("a.npy").toString(),
                        "--b", dir.resolve("b.npy").toString(), "--iters", "20000", "--tol", "1e-12", "--method", method,
                        "--out", out.toString(), "--json");
                assertEquals(0, r.status(), r.err());
                String json = r.out().strip();
                assertTrue(json.startsWith("{") && json.endsWith("}") && !json.contains("\n"), json);
                assertTrue(json.contains("\"converged\": true"), json);
                assertTrue(number(json, "objective") < 1e-18, json);
                assertTrue(number(json, "distance") < 1e-12, json);
                Matrix x = Npy.read(out, arena).matrix();
                assertEquals(c, x.get(0, 0), 1e-9);
                assertEquals(s, x.get(1, 0), 1e-9);
                assertEquals(1, x.get(5, 5), 1e-9);
            }
        }
    }

    @Test
    void pcaAndGevpOfDiagonalMatricesFindTheTopAxes(@TempDir Path dir) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            int n = 8;
            Matrix a = Matrix.allocate(arena, DType.F64, n, n);
            Matrix b = Matrix.allocate(arena, DType.F64, n, n);
            for (int i = 0; i < n; i++) {
                a.set(i, i, i + 1);          // eigenvalues 1..8
                b.set(i, i, i < 6 ? 1 : 4);  // generalized: 1..6, then 7/4, 8/4: top 3 are 6, 5, 4
            }
            Npy.write(dir.resolve("a.npy"), a);
            Npy.write(dir.resolve("b.npy"), b);
            MainTest.Run pca = MainTest.run("landing", "--problem", "pca", "--a", dir.resolve("a.npy").toString(),
                    "--p", "2", "--iters", "20000", "--json");
            assertEquals(0, pca.status(), pca.err());
            assertEquals(-0.5 * (8 + 7), number(pca.out(), "objective"), 1e-8, pca.out());
            MainTest.Run gevp = MainTest.run("landing", "--problem", "gevp", "--a", dir.resolve("a.npy").toString(),
                    "--b", dir.resolve("b.npy").toString(), "--p", "3", "--step", "0.05", "--iters", "50000", "--json");
            assertEquals(0, gevp.status(), gevp.err());
            assertEquals(-0.5 * (6 + 5 + 4), number(gevp.out(), "objective"), 1e-8, gevp.out());
            assertTrue(number(gevp.out(), "distance") < 1e-9, gevp.out());
            MainTest.Run human = MainTest.run("landing", "--problem", "pca", "--a", dir.resolve("a.npy").toString(),
                    "--p", "2", "--iters", "5");
            assertEquals(0, human.status(), human.err());
            assertTrue(human.out().contains("objective") && human.out().contains("distance"), human.out());
        }
    }

    @Test
    void badInputIsOneLineAndANonZeroStatus(@TempDir Path dir) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            Matrix sq = Matrix.allocate(arena, DType.F64, 4, 4);
            Matrix wide = Matrix.allocate(arena, DType.F64, 3, 5);
            Matrix nan = Matrix.allocate(arena, DType.F64, 4, 4);
            nan.set(1, 2, Double.NaN);
            Npy.write(dir.resolve("sq.npy"), sq);
            Npy.write(dir.resolve("wide.npy"), wide);
            Npy.write(dir.resolve("nan.npy"), nan);
        }
        String sq = dir.resolve("sq.npy").toString();
        String[][] cases = {
                {"landing", "--a", sq},                                                       // no --problem
                {"landing", "--problem", "svd", "--a", sq},
                {"landing", "--problem", "pca"},                                              // no --a
                {"landing", "--problem", "pca", "--a", dir.resolve("missing.npy").toString()},
                {"landing", "--problem", "pca", "--a", dir.resolve("wide.npy").toString()},
                {"landing", "--problem", "pca", "--a", dir.resolve("nan.npy").toString()},
                {"landing", "--problem", "pca", "--a", sq, "--p", "9"},
                {"landing", "--problem", "pca", "--a", sq, "--b", sq},
                {"landing", "--problem", "procrustes", "--a", sq},
                {"landing", "--problem", "procrustes", "--a", sq, "--b", dir.resolve("wide.npy").toString()},
                {"landing", "--problem", "gevp", "--a", sq, "--b", sq, "--method", "qr"},
                {"landing", "--problem", "pca", "--a", sq, "--method", "cayley"},
                {"landing", "--problem", "pca", "--a", sq, "--step", "-1"},
                {"landing", "--problem", "pca", "--a", sq, "--eps", "2"},
                {"landing", "--problem", "pca", "--a", sq, "--iters", "x"},
        };
        for (String[] c : cases) {
            MainTest.Run r = MainTest.run(c);
            String what = String.join(" ", c) + " -> " + r.status() + ": " + r.err();
            assertTrue(r.status() != 0, what);
            assertEquals(1, r.err().strip().lines().count(), what);
            assertTrue(r.err().startsWith("panopt landing: "), what);
        }
    }

    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.eE+]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }
}
