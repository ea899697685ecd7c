package org.panopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panopt.cli.bench.Json;

class BilevelCommandTest {

    @Test
    void quadraticWithSabaConvergesAndReportsJson() {
        MainTest.Run r = MainTest.run("bilevel", "--problem", "quadratic", "--solver", "saba", "--iters", "600",
                "--every", "200", "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> o = Json.object(Json.parse(r.out()));
        assertEquals("quadratic", o.get("problem"));
        assertEquals(600.0, Json.number(o.get("iterations")));
        List<Object> trace = Json.array(o.get("trace"));
        assertEquals(3, trace.size());
        double first = Json.number(Json.object(trace.get(0)).get("hypergradient_norm_sq"));
        double last = Json.number(Json.object(trace.get(2)).get("hypergradient_norm_sq"));
        assertTrue(last < 1e-12 && last < first, "first " + first + ", last " + last);
        assertEquals(5, Json.array(o.get("x")).size());
    }

    @Test
    void tableOutputForRidgeAndLogreg() {
        for (String problem : new String[]{"ridge", "logreg"}) {
            for (String solver : new String[]{"saba", "srba", "soba"}) {
                MainTest.Run r = MainTest.run("bilevel", "--problem", problem, "--solver", solver, "--iters", "200",
                        "--every", "100");
                assertEquals(0, r.status(), problem + " " + solver + ": " + r.err());
                assertTrue(r.out().contains("|grad h|^2"), r.out());
                assertEquals(2, r.out().lines().filter(l -> l.trim().matches("^(100|200) +[0-9]+ .*")).count(), r.out());
            }
        }
    }

    @Test
    void csvDataIsUsed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("d.csv");
        StringBuilder sb = new StringBuilder("a,b,c,label\n");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int i = 0; i < 120; i++) {
            double a = rnd.nextGaussian();
            double b = rnd.nextGaussian();
            double c = rnd.nextGaussian();
            sb.append(a).append(',').append(b).append(',').append(c).append(',').append(a - b > 0 ? 1 : 0).append('\n');
        }
        Files.writeString(f, sb.toString());
        MainTest.Run r = MainTest.run("bilevel", "--problem", "logreg", "--data", f.toString(), "--solver", "srba",
                "--iters", "100", "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals(3, Json.array(Json.object(Json.parse(r.out())).get("x")).size());
    }

    @Test
    void badInputIsOneLineAndNonZero(@TempDir Path dir) throws Exception {
        String[][] usage = {
                {"bilevel", "--problem", "cubic", "--solver", "saba"},
                {"bilevel", "--problem", "ridge", "--solver", "adam"},
                {"bilevel", "--problem", "ridge"},
                {"bilevel", "--problem", "quadratic", "--solver", "saba", "--data", "x.csv"},
                {"bilevel", "--problem", "ridge", "--solver", "saba", "--step", "-1"},
                {"bilevel", "--problem", "ridge", "--solver", "saba", "--iters", "zero"},
                {"bilevel", "--problem", "ridge", "--solver", "saba", "--data", dir.resolve("missing.csv").toString()},
        };
        for (String[] args : usage) {
            MainTest.Run r = MainTest.run(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "1,2,0\n3,4,2\n5,6,1\n7,8,0\n");
        MainTest.Run r = MainTest.run("bilevel", "--problem", "logreg", "--solver", "saba", "--data", bad.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("label"), r.err());
        MainTest.Run diverged = MainTest.run("bilevel", "--problem", "quadratic", "--solver", "saba", "--step", "80");
        assertEquals(1, diverged.status(), diverged.err());
        assertTrue(diverged.err().contains("diverged"), diverged.err());
    }
}
