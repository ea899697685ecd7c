package org.panopt.core.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;

/** Files written by NumPy itself (see src/test/resources/npy/make_fixtures.py). */
class NpyNumpyFixturesTest {

    static Path fixture(String name) throws Exception {
        return Path.of(NpyNumpyFixturesTest.class.getResource("/npy/" + name).toURI());
    }

    @ParameterizedTest
    @CsvSource({
            "f64_c_3x4.npy, F64, 3, 4, false, 10",
            "f64_f_3x4.npy, F64, 3, 4, true, 10",
            "f32_c_5x2.npy, F32, 5, 2, false, 10",
            "f32_f_5x2.npy, F32, 5, 2, true, 10",
            "f64_v2_3x4.npy, F64, 3, 4, false, 20",
            "f64_v3_3x4.npy, F64, 3, 4, false, 30",
    })
    void gridsMatchTheirFormula(String name, DType t, int rows, int cols, boolean fortran, int version) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            NpyArray a = Npy.read(fixture(name), arena);
            assertEquals(t, a.dtype());
            assertEquals(fortran, a.fortranOrder());
            assertEquals(version, a.version());
            Matrix m = a.matrix();
            assertEquals(rows, m.rows());
            assertEquals(cols, m.cols());
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    assertEquals(10 * i + j + 0.25, m.get(i, j), name + " (" + i + "," + j + ")");
                }
            }
        }
    }

    @Test
    void vectorsScalarsAndEmptyArrays() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            assertArrayEquals(new double[]{-0.5, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5},
                    Npy.read(fixture("f64_1d_7.npy"), arena).vector().toArray());
            NpyArray s = Npy.read(fixture("f64_scalar.npy"), arena);
            assertEquals(0, s.shape().length);
            assertEquals(3.25, s.matrix().get(0, 0));
            NpyArray e = Npy.read(fixture("f64_empty_0x3.npy"), arena);
            assertArrayEquals(new int[]{0, 3}, e.shape());
            assertEquals(0, e.matrix().size());
        }
    }

    @Test
    void integersOnlyWhenConversionIsRequested() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(fixture("i32_c_3x4.npy"), arena));
            assertTrue(e.getMessage().contains("convertIntegers"), e.getMessage());
            Npy.ReadOptions convert = new Npy.ReadOptions(Npy.Access.READ_ONLY, true);
            Matrix m = Npy.read(fixture("i32_c_3x4.npy"), arena, convert).matrix();
            assertEquals(DType.F64, m.dtype());
            assertEquals(23, m.get(2, 3));
            double[] u = Npy.read(fixture("u8_1d_5.npy"), arena, convert).vector().toArray();
            assertEquals(0x1p63 + 4, u[4], 2048); // 2^63 + 4 rounds to 2^63 in double
            assertTrue(u[0] > 0);
            assertArrayEquals(new double[]{1, 0, 1, 1}, Npy.read(fixture("bool_1d_4.npy"), arena, convert).vector().toArray());
        }
    }

    @ParameterizedTest
    @CsvSource({
            "bad_f64_bigendian.npy, big-endian",
            "bad_c128.npy, unsupported dtype '<c16'",
            "bad_3d.npy, 3-dimensional",
            "bad_object.npy, unsupported dtype '|O'",
            "bad_structured.npy, structured",
    })
    void unsupportedFilesSayWhy(String name, String why) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(fixture(name), arena));
            assertTrue(e.getMessage().contains(why), e.getMessage());
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }
}
