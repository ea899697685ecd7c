package org.panopt.core.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.panopt.core.array.Matrix;

/**
 * Mutates valid .npy images (header text, length fields and data bytes) and checks that every
 * mutant either reads as a consistent array or throws {@link NpyFormatException}: never another
 * exception, never an array whose size disagrees with the bytes present.
 */
class NpyFuzzTest {
    private static final String ALPHABET = "{}()[]:,'\" 0123456789<>|=fiubcOTrueFalsdhp\n\0\u00ff";

    @Test
    void mutantsReadConsistentlyOrFailCleanly() throws Exception {
        List<String> seeds = List.of("f64_c_3x4.npy", "f32_f_5x2.npy", "f64_1d_7.npy", "f64_v2_3x4.npy",
                "f64_v3_3x4.npy", "i32_c_3x4.npy", "f64_scalar.npy");
        Random rnd = new Random(20261122L);
        int ok = 0;
        int refused = 0;
        for (int n = 0; n < 4000; n++) {
            byte[] img = Files.readAllBytes(NpyNumpyFixturesTest.fixture(seeds.get(n % seeds.size())));
            byte[] mutant = mutate(img, rnd);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = arena.allocate(mutant.length);
                seg.copyFrom(MemorySegment.ofArray(mutant));
                NpyArray a = Npy.parse(seg, arena, new Npy.ReadOptions(Npy.Access.READ_ONLY, rnd.nextBoolean()), "mutant");
                assertEquals(a.size() * a.dtype().byteSize(), a.data().byteSize(), "size consistent with data");
                Matrix m = a.matrix();
                double sum = 0;
                for (int i = 0; i < m.rows(); i++) {
                    for (int j = 0; j < m.cols(); j++) {
                        sum += m.get(i, j); // every element must be readable
                    }
                }
                assertEquals(sum, sum + 0.0 * sum, 0.0 + Math.abs(sum)); // touch the result
                ok++;
            } catch (NpyFormatException expected) {
                refused++;
            } catch (RuntimeException e) {
                fail("mutant " + n + " threw " + e, e);
            }
        }
        // both outcomes must actually occur, or the fuzzer is not exercising anything
        org.junit.jupiter.api.Assertions.assertTrue(ok > 100 && refused > 100, "ok=" + ok + " refused=" + refused);
    }

    private static byte[] mutate(byte[] img, Random rnd) {
        byte[] out = img.clone();
        int headerEnd = Math.min(out.length, 128);
        switch (rnd.nextInt(6)) {
            case 0 -> out[rnd.nextInt(headerEnd)] = (byte) ALPHABET.charAt(rnd.nextInt(ALPHABET.length()));
            case 1 -> out[rnd.nextInt(out.length)] = (byte) rnd.nextInt(256);
            case 2 -> out[8 + rnd.nextInt(4)] = (byte) rnd.nextInt(256);   // length field
            case 3 -> {
                return java.util.Arrays.copyOf(out, rnd.nextInt(out.length + 16)); // truncate or extend
            }
            case 4 -> {
                // replace a digit of the shape with another
                String s = new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
                int p = s.indexOf("shape");
                if (p >= 0) {
                    int q = p + 9 + rnd.nextInt(6);
                    if (q < out.length) {
                        out[q] = (byte) ("0123456789,() ".charAt(rnd.nextInt(14)));
                    }
                }
            }
            default -> {
                for (int k = 0; k < 3; k++) {
                    out[rnd.nextInt(headerEnd)] = (byte) ALPHABET.charAt(rnd.nextInt(ALPHABET.length()));
                }
            }
        }
        return out;
    }
}
