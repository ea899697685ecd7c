package org.panopt.kernels.level3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cache sizes are read from sysfs (with defaults for what is missing); block sizes follow from them. */
class BlockSizesTest {
    @Test
    void readsSysfsLayout(@TempDir Path dir) throws IOException {
        index(dir, 0, 1, "Data", "48K", "0");
        index(dir, 1, 1, "Instruction", "32K", "0");
        index(dir, 2, 2, "Unified", "2048K", "0");
        index(dir, 3, 3, "Unified", "32M", "0-7");
        assertEquals(new CacheSizes(48 << 10, 2 << 20, 4 << 20), CacheSizes.detect(dir));
    }

    @Test
    void missingLevelsKeepDefaults(@TempDir Path dir) throws IOException {
        index(dir, 0, 1, "Data", "64K", "0");
        CacheSizes c = CacheSizes.detect(dir);
        assertEquals(64 << 10, c.l1d());
        assertEquals(CacheSizes.DEFAULTS.l2(), c.l2());
        assertEquals(CacheSizes.DEFAULTS, CacheSizes.detect(dir.resolve("absent")));
    }

    @Test
    void derivedBlocksFitTheirCaches() {
        CacheSizes caches = new CacheSizes(32 << 10, 1 << 20, 16 << 20);
        for (VectorSpecies<?> sp : new VectorSpecies<?>[]{DoubleVector.SPECIES_512, DoubleVector.SPECIES_256,
            FloatVector.SPECIES_512, FloatVector.SPECIES_256}) {
            int e = sp.elementSize() / 8;
            BlockSizes b = BlockSizes.derive(caches, sp, e);
            boolean wide = sp.vectorBitSize() >= 512;
            assertEquals((wide ? 4 : 2) * sp.length(), b.mr());
            assertEquals(6, b.nr());
            assertTrue((long) b.kc() * b.nr() * e <= caches.l1d() / 2, "B sliver in half of L1: " + b);
            assertTrue((long) b.mc() * b.kc() * e <= caches.l2() / 2, "A block in half of L2: " + b);
            assertTrue((long) b.kc() * b.nc() * e <= caches.l3() / 2, "B panel in half of L3: " + b);
            assertTrue(b.kc() >= 64 && b.mc() >= b.mr() && b.nc() >= b.nr(), b.toString());
        }
        // This machine's, for the record in the test report.
        System.out.println("caches " + BlockSizes.caches() + "; double " + BlockSizes.forDoubles() + "; float "
                + BlockSizes.forFloats());
    }

    @Test
    void parsesSizes() {
        assertEquals(32 << 10, CacheSizes.parseSize("32K"));
        assertEquals(32L << 20, CacheSizes.parseSize("32M"));
        assertEquals(1000, CacheSizes.parseSize("1000"));
    }

    private static void index(Path dir, int i, int level, String type, String size, String cpus) throws IOException {
        Path d = Files.createDirectories(dir.resolve("index" + i));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("type"), type + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
        Files.writeString(d.resolve("shared_cpu_list"), cpus + "\n");
    }
}
