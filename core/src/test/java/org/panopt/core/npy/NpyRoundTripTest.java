package org.panopt.core.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;

class NpyRoundTripTest {
    @TempDir
    Path dir;

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int[][] shapes = {{0, 0}, {0, 3}, {3, 0}, {1, 1}, {3, 4}, {17, 5}, {1, 9}};
        for (DType t : DType.values()) {
            for (Npy.Order o : Npy.Order.values()) {
                for (int[] s : shapes) {
                    for (String view : List.of("plain", "transposed", "sliced")) {
                        out.add(Arguments.of(t, o, s[0], s[1], view));
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1} {2}x{3} {4}")
    @MethodSource("cases")
    void writeThenReadGivesTheSameMatrix(DType t, Npy.Order order, int rows, int cols, String view) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            Random rnd = new Random(rows * 31L + cols);
            Matrix src = switch (view) {
                case "plain" -> Matrix.allocate(arena, t, rows, cols);
                case "transposed" -> Matrix.allocate(arena, t, cols, rows).t();
                default -> Matrix.allocate(arena, t, rows + 3, cols + 2).block(2, 1, rows, cols);
            };
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    src.set(i, j, rnd.nextGaussian());
                }
            }
            Path f = dir.resolve("m.npy");
            Npy.write(f, src, order);
            assertEquals(0, (Files.size(f) - (long) rows * cols * t.byteSize()) % 64, "header padded to 64 bytes");
            NpyArray back = Npy.read(f, arena);
            assertEquals(t, back.dtype());
            assertArrayEquals(new int[]{rows, cols}, back.shape());
            assertEquals(order == Npy.Order.FORTRAN, back.fortranOrder());
            Matrix m = back.matrix();
            assertEquals(order == Npy.Order.C, m.isTransposed());
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    assertEquals(src.get(i, j), m.get(i, j));
                }
            }
        }
    }

    @Test
    void stridedVectorRoundTrip() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            Matrix m = Matrix.allocate(arena, DType.F64, 4, 6);
            for (int j = 0; j < 6; j++) {
                m.set(2, j, j * 1.5);
            }
            Path f = dir.resolve("v.npy");
            Npy.write(f, m.row(2));
            NpyArray back = Npy.read(f, arena);
            assertArrayEquals(new int[]{6}, back.shape());
            Vec v = back.vector();
            assertArrayEquals(new double[]{0, 1.5, 3, 4.5, 6, 7.5}, v.toArray());
            assertEquals(6, back.matrix().rows());
        }
    }

    @Test
    void readOnlyByDefaultAndCopyOnRequest() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            Matrix m = Matrix.copyOf(arena, new double[][]{{1, 2}, {3, 4}});
            Path f = dir.resolve("m.npy");
            Npy.write(f, m);
            Matrix ro = Npy.read(f, arena).matrix();
            assertThrows(UnsupportedOperationException.class, () -> ro.set(0, 0, 9));
            Matrix cow = Npy.read(f, arena, new Npy.ReadOptions(Npy.Access.COPY, false)).matrix();
            cow.set(0, 0, 9);
            assertEquals(9, cow.get(0, 0));
            assertEquals(1, Npy.read(f, arena).matrix().get(0, 0), "the file is untouched");
        }
    }

    @Test
    void truncatedAndOversizedFilesAreRefused() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            Matrix m = Matrix.copyOf(arena, new double[][]{{1, 2, 3}, {4, 5, 6}});
            Path f = dir.resolve("m.npy");
            Npy.write(f, m);
            byte[] all = Files.readAllBytes(f);
            Path cut = dir.resolve("cut.npy");
            Files.write(cut, java.util.Arrays.copyOf(all, all.length - 1));
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(cut, arena));
            assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("cut.npy"), e.getMessage());
            Path longer = dir.resolve("long.npy");
            Files.write(longer, java.util.Arrays.copyOf(all, all.length + 8));
            e = assertThrows(NpyFormatException.class, () -> Npy.read(longer, arena));
            assertTrue(e.getMessage().contains("does not match"), e.getMessage());
            Path tiny = dir.resolve("tiny.npy");
            Files.write(tiny, new byte[]{(byte) 0x93, 'N'});
            assertThrows(NpyFormatException.class, () -> Npy.read(tiny, arena));
        }
    }
}
