package org.panopt.core.backend;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;

class ShapesTest {
    @Test
    void gemmShapesFollowTheTransposeFlags() {
        try (Arena arena = Arena.ofConfined()) {
            Matrix x = Matrix.allocate(arena, DType.F64, 7, 3);
            Matrix g = Matrix.allocate(arena, DType.F64, 7, 3);
            Matrix u = Matrix.allocate(arena, DType.F64, 3, 3);
            assertDoesNotThrow(() -> Shapes.gemm(x.t(), g, u));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shapes.gemm(x, g, u));
            assertEquals("gemm: C = A·B: shapes do not match: A is 7x3, B is 7x3, C is 3x3", e.getMessage());
            assertDoesNotThrow(() -> Shapes.syrk(x, u));
            assertThrows(IllegalArgumentException.class, () -> Shapes.syrk(x.t(), u));
            Matrix f = Matrix.allocate(arena, DType.F32, 3, 3);
            e = assertThrows(IllegalArgumentException.class, () -> Shapes.same("geam", u, f));
            assertEquals("geam: operands mix F64 and F32", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Shapes.same("axpy", x, u));
        }
    }
}
