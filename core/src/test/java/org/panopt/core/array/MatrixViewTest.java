package org.panopt.core.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MatrixViewTest {

    /** A 6x5 matrix with a(i, j) = 100 i + j stored with ld = 9 inside a larger buffer, at offset 3. */
    private static Matrix sample(Arena arena, DType t) {
        MemorySegment s = arena.allocate(t.byteSize() * (3 + 9L * 5), 64);
        Matrix m = Matrix.of(s, t, 3, 6, 5, 9);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 5; j++) {
                m.set(i, j, 100 * i + j);
            }
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void elementAddressesFollowColumnMajorWithLeadingDimension(DType t) {
        try (Arena arena = Arena.ofConfined()) {
            Matrix m = sample(arena, t);
            // (i, j) at 3 + i + 9 j, read back through the raw segment
            assertEquals(402, t == DType.F64
                    ? m.segment().getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 3 + 4 + 9 * 2)
                    : m.segment().getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, 3 + 4 + 9 * 2));
            assertEquals(3 + 4 + 18, m.index(4, 2));
            assertEquals(1, m.rowStride());
            assertEquals(9, m.colStride());
            assertFalse(m.isContiguous());
        }
    }

    @Test
    void slicesOfTransposedSlicesComposeIndices() {
        try (Arena arena = Arena.ofConfined()) {
            Matrix m = sample(arena, DType.F64);
            Matrix b = m.block(1, 1, 4, 3);          // rows 1..4, cols 1..3
            Matrix bt = b.t();                       // 3x4, (i, j) = b(j, i)
            Matrix s = bt.rows(1, 3).cols(2, 4);     // 2x2: bt rows 1..2, cols 2..3
            assertEquals(2, s.rows());
            assertEquals(2, s.cols());
            assertTrue(s.isTransposed());
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    // s(i, j) = bt(1 + i, 2 + j) = b(2 + j, 1 + i) = m(3 + j, 2 + i)
                    assertEquals(100 * (3 + j) + (2 + i), s.get(i, j), "s(" + i + "," + j + ")");
                }
            }
            assertEquals(m.index(3, 2), s.index(0, 0));
            assertEquals(m.t().t().get(5, 4), m.get(5, 4));
            // a row of a transposed view is a unit-stride column of the storage
            Vec r = bt.row(2);
            assertEquals(1, r.stride());
            assertArrayEquals(new double[]{103, 203, 303, 403}, r.toArray());
            Vec c = m.col(3).slice(2, 5);
            assertArrayEquals(new double[]{203, 303, 403}, c.toArray());
            Vec row = m.row(4);
            assertEquals(9, row.stride());
            assertArrayEquals(new double[]{400, 401, 402, 403, 404}, row.toArray());
        }
    }

    @Test
    void vectorsBecomeMatricesWithoutCopies() {
        try (Arena arena = Arena.ofConfined()) {
            Matrix m = sample(arena, DType.F64);
            Vec row = m.row(2);                       // stride 9
            Matrix col = row.asColumn();
            assertEquals(5, col.rows());
            assertEquals(1, col.cols());
            assertEquals(203, col.get(3, 0));
            Matrix r = row.asRow();
            assertEquals(204, r.get(0, 4));
            col.set(1, 0, -1);
            assertEquals(-1, m.get(2, 1));
        }
    }

    @Test
    void invalidViewsAreRefusedWhenMade() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(8 * 20, 64);
            assertThrows(IllegalArgumentException.class, () -> Matrix.of(s, DType.F64, 0, 4, 4, 3));
            assertThrows(IllegalArgumentException.class, () -> Matrix.of(s, DType.F64, 0, -1, 4, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> Matrix.of(s, DType.F64, 0, 4, 6, 4));
            assertThrows(IndexOutOfBoundsException.class, () -> Matrix.of(s, DType.F64, 1, 4, 5, 4));
            assertThrows(IndexOutOfBoundsException.class, () -> Matrix.of(s, DType.F64, -1, 1, 1, 1));
            Matrix ok = Matrix.of(s, DType.F64, 0, 4, 5, 4);
            assertEquals(20, ok.size());
            assertThrows(IndexOutOfBoundsException.class, () -> Matrix.of(s, DType.F64, 1, 5, 4, 4, true));
            assertThrows(IndexOutOfBoundsException.class, () -> ok.get(4, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> ok.block(2, 2, 3, 1));
            assertThrows(IllegalArgumentException.class, () -> Vec.of(s, DType.F64, 0, 3, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> Vec.of(s, DType.F64, 2, 7, 3));
            // empty views are fine anywhere inside, and at the very end
            assertEquals(0, Matrix.of(s, DType.F64, 20, 0, 5, 1).size());
            assertEquals(0, Vec.of(s, DType.F64, 20, 0, 1).length());
        }
    }

    @Test
    void overlapIsDetectedAndCopiesAreSafe() {
        try (Arena arena = Arena.ofConfined()) {
            Matrix m = sample(arena, DType.F64);
            Matrix left = m.cols(0, 2);
            Matrix right = m.cols(3, 5);
            assertFalse(left.overlaps(right));
            assertTrue(m.overlaps(left));
            assertTrue(m.block(0, 1, 6, 3).overlaps(m.block(2, 2, 3, 3)));
            assertThrows(IllegalArgumentException.class, () -> m.cols(0, 2).copyFrom(m.cols(1, 3)));
            right.copyFrom(left);
            assertEquals(100 * 5 + 1, m.get(5, 4));
            m.copyFrom(m); // identical view: no-op
            assertEquals(100 * 5 + 1, m.get(5, 4));
            Matrix other = Matrix.allocate(arena, DType.F32, 5, 6);
            other.copyFrom(m.t());
            assertEquals(m.get(4, 2), other.get(2, 4));
            assertThrows(IllegalArgumentException.class, () -> other.copyFrom(m));
            // heap arrays: the same array is the same memory
            double[] heap = new double[12];
            Matrix h = Matrix.wrap(heap, 3, 4);
            assertTrue(h.cols(0, 2).overlaps(h.cols(1, 3)));
            assertFalse(h.overlaps(Matrix.wrap(new double[12], 3, 4)));
        }
    }

    @Test
    void closedMemoryGivesAClearError() {
        Arena arena = Arena.ofConfined();
        Matrix m = Matrix.allocate(arena, DType.F64, 3, 3);
        Vec v = m.col(1);
        arena.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.get(0, 0));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> v.set(0, 1));
        assertThrows(IllegalStateException.class, () -> m.fill(0));
    }

    @Test
    void workspaceHandsOutAlignedZeroedViewsWithinItsBudget() {
        Matrix a;
        try (Workspace ws = Workspace.withBudget(Workspace.bytesFor(DType.F64, 15) + Workspace.bytesFor(DType.F32, 7))) {
            a = ws.matrix(DType.F64, 3, 5);
            Vec b = ws.vector(DType.F32, 7);
            assertEquals(0, a.segment().address() % 64);
            assertEquals(0, b.segment().address() % 64);
            assertEquals(0.0, a.get(2, 4));
            assertEquals(0.0, b.get(6));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ws.vector(DType.F64, 1));
            assertTrue(e.getMessage().contains("budget"), e.getMessage());
            assertEquals(ws.budget(), ws.bytesUsed());
            a.set(1, 1, 5);
            assertEquals(5, a.get(1, 1));
        }
        Matrix closed = a;
        assertThrows(IllegalStateException.class, () -> closed.get(1, 1));
        Workspace ws = Workspace.create();
        ws.close();
        ws.close(); // idempotent
        assertFalse(ws.isOpen());
        assertThrows(IllegalStateException.class, () -> ws.matrix(DType.F64, 1, 1));
    }

    @Test
    void copyOfAndToArrayRoundTrip() {
        try (Arena arena = Arena.ofConfined()) {
            double[][] a = {{1, 2, 3}, {4, 5, 6}};
            Matrix m = Matrix.copyOf(arena, a);
            assertArrayEquals(a[1], m.toArray()[1]);
            assertArrayEquals(new double[]{3, 6}, m.col(2).toArray());
            assertThrows(IllegalArgumentException.class, () -> Matrix.copyOf(arena, new double[][]{{1, 2}, {3}}));
            Matrix f = Matrix.copyOf(arena, DType.F32, new double[][]{{0.1}});
            assertEquals((float) 0.1, f.get(0, 0));
        }
    }

    @Test
    void attachedResourcesCloseWithTheWorkspaceInReverseOrder() {
        java.util.List<String> closed = new java.util.ArrayList<>();
        Workspace ws = Workspace.create();
        ws.attach(() -> closed.add("first"));
        ws.attach(() -> {
            closed.add("second");
            throw new IllegalStateException("boom");
        });
        ws.attach(() -> closed.add("third"));
        IllegalStateException e = assertThrows(IllegalStateException.class, ws::close);
        assertEquals("boom", e.getMessage());
        assertEquals(java.util.List.of("third", "second", "first"), closed);
        assertFalse(ws.isOpen());
        ws.close();
        assertEquals(3, closed.size(), "closed exactly once");
        assertThrows(IllegalStateException.class, () -> ws.attach(() -> { }));
    }
}
