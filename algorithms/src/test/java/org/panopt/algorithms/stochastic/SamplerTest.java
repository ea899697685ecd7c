package org.panopt.algorithms.stochastic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SamplerTest {

    static int[] draw(Sampler s, int count) {
        int[] out = new int[count];
        for (int k = 0; k < count; k++) {
            out[k] = s.next();
        }
        return out;
    }

    @Test
    void cyclicWalksInOrder() {
        Sampler s = new Sampler(4, Sampling.CYCLIC, 99);
        assertArrayEquals(new int[]{0, 1, 2, 3, 0, 1, 2, 3, 0}, draw(s, 9));
        assertEquals(2, s.epochs());
    }

    @Test
    void shuffledIsAFreshPermutationEveryEpoch() {
        int n = 50;
        Sampler s = new Sampler(n, Sampling.SHUFFLED, 1);
        int[] first = draw(s, n);
        int[] second = draw(s, n);
        int[] identity = new int[n];
        Arrays.setAll(identity, k -> k);
        for (int[] e : new int[][]{first, second}) {
            int[] sorted = e.clone();
            Arrays.sort(sorted);
            assertArrayEquals(identity, sorted);
        }
        assertNotEquals(Arrays.toString(first), Arrays.toString(second));
        assertNotEquals(Arrays.toString(identity), Arrays.toString(first));
    }

    @Test
    void sameSeedSameSequenceAndUniformIsRoughlyUniform() {
        for (Sampling scheme : Sampling.values()) {
            assertArrayEquals(draw(new Sampler(17, scheme, 42), 200), draw(new Sampler(17, scheme, 42), 200));
        }
        int n = 10;
        int draws = 100_000;
        int[] counts = new int[n];
        for (int i : draw(new Sampler(n, Sampling.UNIFORM, 3), draws)) {
            counts[i]++;
        }
        // Each count is Binomial(1e5, 0.1): sd ≈ 95; 6 sd is a test that fails only on a real bias.
        for (int c : counts) {
            assertTrue(Math.abs(c - draws / n) < 600, Arrays.toString(counts));
        }
        assertNotEquals(Arrays.toString(draw(new Sampler(n, Sampling.UNIFORM, 3), 50)),
                Arrays.toString(draw(new Sampler(n, Sampling.UNIFORM, 4), 50)));
    }

    @Test
    void refusesEmptyRange() {
        assertThrows(IllegalArgumentException.class, () -> new Sampler(0, Sampling.UNIFORM, 0));
    }
}
