package org.panopt.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerScriptsTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void findsTheTopLevelModulesAScriptImports() {
        assertEquals(Set.of("json", "numpy", "ot", "os", "sklearn", "torch"), PeerScripts.imports("""
                import json, os
                import numpy as np
                from ot.bregman import sinkhorn_log
                from sklearn.linear_model import LogisticRegression
                    import torch.nn  # indented imports count too
                # import commented_out
                x = "import not_at_line_start"
                """));
    }

    @Test
    void runsAScriptAndReadsItsJson(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON);
        Path script = Files.writeString(dir.resolve("fake_peer.py"), """
                import json, os
                assert os.environ["OMP_NUM_THREADS"] == "1" and os.environ["PANOPT_BENCH_MODE"] == "quick"
                print(json.dumps([{"benchmark": "peers.fake.solve", "params": {"n": 10},
                                   "primaryMetric": {"score": 2.0, "scoreError": 0.1, "scoreUnit": "ms/op"}}]))
                """);
        PeerScripts.Run r = PeerScripts.run(script, PYTHON, dir, dir.resolve("out"), "quick", 1, Duration.ofMinutes(1));
        assertTrue(r.outcome().measured(), r.outcome().detail());
        assertEquals(1, r.results().size());
        assertEquals(2e-3, r.results().getFirst().seconds(), 1e-15);
        assertTrue(Files.exists(dir.resolve("out/fake_peer.json")));
        assertTrue(r.outcome().modules().containsKey("python"));
    }

    @Test
    void aScriptWritingItsOwnJsonFileIsReadAndTheFileMovedOutOfTheTree(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON);
        Path peers = Files.createDirectories(dir.resolve("peers"));
        Files.writeString(dir.resolve("unrelated.json"), "{}");
        Path script = Files.writeString(peers.resolve("own_file.py"), """
                import json
                with open("own_file.json", "w") as f:
                    json.dump([{"benchmark": "peers.own.x", "params": {},
                                "primaryMetric": {"score": 1.0, "scoreError": "NaN", "scoreUnit": "s/op"}}], f)
                print("wrote own_file.json")
                """);
        PeerScripts.Run r = PeerScripts.run(script, PYTHON, dir, dir.resolve("out"), "quick", 1, Duration.ofMinutes(1));
        assertTrue(r.outcome().measured(), r.outcome().detail());
        assertTrue(r.outcome().detail().contains("from own_file.json, which it wrote"), r.outcome().detail());
        assertFalse(Files.exists(dir.resolve("own_file.json")), "moved out of the working directory");
        assertTrue(Files.exists(dir.resolve("unrelated.json")), "other files untouched");
        assertEquals(1.0, r.results().getFirst().seconds());
    }

    @Test
    void saysWhyAPeerWasNotMeasured(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON);
        Path missing = Files.writeString(dir.resolve("missing_peer.py"), "import no_such_module_panopt\n");
        PeerScripts.Outcome o = PeerScripts.run(missing, PYTHON, dir, dir, "quick", 1, Duration.ofMinutes(1)).outcome();
        assertFalse(o.measured());
        assertEquals("Python module no_such_module_panopt not importable", o.detail());

        Path failing = Files.writeString(dir.resolve("failing_peer.py"), "import sys\nsys.exit('solver diverged')\n");
        o = PeerScripts.run(failing, PYTHON, dir, dir, "quick", 1, Duration.ofMinutes(1)).outcome();
        assertFalse(o.measured());
        assertEquals("script failed (exit 1): solver diverged", o.detail());

        Path garbage = Files.writeString(dir.resolve("garbage_peer.py"), "print('not json')\n");
        o = PeerScripts.run(garbage, PYTHON, dir, dir, "quick", 1, Duration.ofMinutes(1)).outcome();
        assertFalse(o.measured());
        assertTrue(o.detail().startsWith("its output is not JMH-shaped JSON"), o.detail());

        o = PeerScripts.run(garbage, dir.resolve("no-python"), dir, dir, "quick", 1, Duration.ofMinutes(1)).outcome();
        assertTrue(o.detail().endsWith("not found"), o.detail());
    }

    @Test
    void listsOnlyPythonScripts(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.py"), "");
        Files.writeString(dir.resolve("a.py"), "");
        Files.writeString(dir.resolve("_helpers.py"), "");
        Files.writeString(dir.resolve("README.md"), "");
        assertEquals(List.of(dir.resolve("a.py"), dir.resolve("b.py")), PeerScripts.find(dir));
        assertEquals(List.of(), PeerScripts.find(dir.resolve("absent")));
    }
}
