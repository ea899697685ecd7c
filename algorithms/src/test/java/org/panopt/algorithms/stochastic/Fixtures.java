package org.panopt.algorithms.stochastic;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;
import org.panopt.core.npy.Npy;

/** The scikit-learn fixtures of {@code src/test/resources/stochastic} (see make_fixtures.py there). */
final class Fixtures {
    private Fixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/stochastic/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test fixture stochastic/" + name, e);
        }
    }

    /** Standardised breast-cancer features, 569 × 30 (C order: a row-major view). */
    static Matrix features(Arena arena) throws IOException {
        return Npy.read(path("bc_x.npy"), arena).matrix();
    }

    static Vec vector(Arena arena, String name) throws IOException {
        return Npy.read(path(name + ".npy"), arena).vector();
    }

    static double[] array(Arena arena, String name) throws IOException {
        return vector(arena, name).toArray();
    }
}
