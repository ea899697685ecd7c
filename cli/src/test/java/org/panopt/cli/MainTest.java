package org.panopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryCommandAndEachCommandHasHelp() {
        Run r = run("--help");
        assertEquals(0, r.status());
        for (String c : Main.commands().keySet()) {
            assertTrue(r.out().contains(c), c);
            Run h = run(c, "--help");
            assertEquals(0, h.status());
            assertTrue(h.out().startsWith("usage: panopt " + c), h.out());
        }
        assertTrue(r.out().contains("test"));
    }

    @Test
    void badArgumentsGiveOneLineAndStatus2() {
        Run r = run("demo", "--nonsense");
        assertEquals(2, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("unknown option --nonsense"), r.err());
        assertEquals(2, run("no-such-command").status());
        assertEquals(2, run().status());
    }

    @Test
    void infoNamesSpeciesAndBackends() {
        Run r = run("info");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("double lanes"), r.out());
        for (String b : new String[]{"java-simd", "openblas", "cublas"}) {
            assertTrue(r.out().contains(b), b);
        }
    }

    @Test
    void demoRoundTripsAnNpyFile(@TempDir Path dir) {
        Run r = run("demo", "--out", dir.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("(identical)"), r.out());
        assertTrue(Files.exists(dir.resolve("a_c_order.npy")));
    }
}
