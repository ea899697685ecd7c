package org.panopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panopt.core.backend.Thresholds;
import org.panopt.ffi.openblas.OpenBlas;

class CalibrateCommandTest {
    @Test
    void writesAThresholdsFileTheLibraryReads(@TempDir Path dir) throws Exception {
        assumeTrue(OpenBlas.isAvailable(), () -> OpenBlas.status().describe());
        Path out = dir.resolve("t.properties");
        MainTest.Run r = MainTest.run("calibrate", "--seconds", "2", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("thresholds: gemm "), r.out());
        Thresholds t = Thresholds.read(out);
        assertEquals("calibration file " + out, t.source());
        assertEquals(2, MainTest.run("calibrate", "--seconds", "600").status());
        assertTrue(Files.size(out) > 0);
    }
}
