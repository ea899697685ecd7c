package org.panopt.algorithms.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @Test
    void breastCancerHasItsDocumentedShapeAndValues() {
        try (Arena arena = Arena.ofConfined()) {
            Datasets.Labelled d = Datasets.breastCancer(arena);
            assertEquals(569, d.samples());
            assertEquals(30, d.features());
            assertEquals(17.99, d.x().get(0, 0));   // first row of the UCI file
            assertEquals(0.1189, d.x().get(0, 29));
            int benign = 0;
            for (int i = 0; i < d.samples(); i++) {
                benign += (int) d.labels().get(i);
            }
            assertEquals(357, benign); // 212 malignant, 357 benign
        }
    }

    @Test
    void digitsHasItsDocumentedShape() {
        try (Arena arena = Arena.ofConfined()) {
            Datasets.Labelled d = Datasets.digits(arena);
            assertEquals(1797, d.samples());
            assertEquals(64, d.features());
            assertEquals(5, d.x().get(0, 2));
            assertEquals(0, d.labels().get(0));
            for (int i = 0; i < d.samples(); i++) {
                assertTrue(d.labels().get(i) >= 0 && d.labels().get(i) <= 9);
            }
        }
    }

    @Test
    void malformedCsvNamesLineAndColumn(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "1,2,0\n3,x,1\n");
        try (Arena arena = Arena.ofConfined()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.csv(arena, f));
            assertTrue(e.getMessage().contains("line 2, column 2"), e.getMessage());
            Files.writeString(f, "1,2,0\n3,4\n");
            e = assertThrows(IllegalArgumentException.class, () -> Datasets.csv(arena, f));
            assertTrue(e.getMessage().contains("line 2 has 2 columns"), e.getMessage());
            Files.writeString(f, "a,b,label\n1,2,0\n3,4,1\n");
            assertEquals(2, Datasets.csv(arena, f).samples());
        }
    }
}
