package org.panopt.kernels.level3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.panopt.kernels.level3.Operands.Mat;

/**
 * GEMM against the scalar triple loop over every transpose combination, shape classes (0, 1, small
 * primes, multiples of the tile sizes and not, block sizes ± 1), three block-size sets (this
 * machine's; tiny blocks with each register tile shape, so that both micro-kernels and every block
 * edge run on small data), leading dimensions larger than the rows, offsets, heap and off-heap
 * segments, in both precisions.
 */
class GemmTest {
    /** The block-size sets a case runs with. */
    enum Blocks {
        MACHINE, TINY_4X6, TINY_2X6;

        BlockSizes of(boolean f32) {
            int lanes = f32 ? FloatVector.SPECIES_PREFERRED.length() : DoubleVector.SPECIES_PREFERRED.length();
            return switch (this) {
                case MACHINE -> f32 ? BlockSizes.forFloats() : BlockSizes.forDoubles();
                case TINY_4X6 -> new BlockSizes(4 * lanes, 6, 16, 8 * lanes, 18);
                case TINY_2X6 -> new BlockSizes(2 * lanes, 6, 12, 6 * lanes, 18);
            };
        }

        GemmWorkspace workspace(boolean f32) {
            return f32 ? GemmWorkspace.forFloats(of(f32)) : GemmWorkspace.forDoubles(of(f32));
        }
    }

    private static final double[][] SCALARS = {{1, 0}, {-1, 1}, {2.5, -0.5}, {0.5, 1}, {1, 2}};

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int idx = 0;
        for (boolean f32 : new boolean[]{false, true}) {
            for (Blocks blocks : Blocks.values()) {
                BlockSizes bs = blocks.of(f32);
                List<int[]> shapes = new ArrayList<>(List.of(
                        new int[]{0, 4, 3}, new int[]{4, 0, 3}, new int[]{4, 3, 0}, new int[]{1, 1, 1},
                        new int[]{2, 3, 5}, new int[]{7, 11, 13}, new int[]{17, 19, 23}, new int[]{31, 2, 37},
                        new int[]{bs.mr(), bs.nr(), 16}, new int[]{2 * bs.mr(), 3 * bs.nr(), 33},
                        new int[]{bs.mr() + 1, bs.nr() - 1, 9}, new int[]{bs.mr() - 1, bs.nr() + 1, 41},
                        new int[]{64, 64, 64}, new int[]{97, 89, 101},
                        // Either side of the unpacked path's limit.
                        new int[]{Gemm.UNPACKED_MAX, 13, 40}, new int[]{Gemm.UNPACKED_MAX + 1, 9, 31},
                        new int[]{21, Gemm.UNPACKED_MAX + 1, 30}));
                if (blocks != Blocks.MACHINE || !f32) {
                    // Block edges ± 1 in every loop (kept cheap: the other dimensions small).
                    shapes.add(new int[]{bs.mc() + 1, 2 * bs.nr() + 1, bs.kc() + 1});
                    shapes.add(new int[]{bs.mc() - 1, bs.nr() + 3, bs.kc() - 1});
                    shapes.add(new int[]{2 * bs.mc() + 1, 5, 2 * bs.kc() + 1});
                    shapes.add(new int[]{3, bs.nc() + 1, 4});
                    shapes.add(new int[]{5, bs.nc() - 1, bs.kc() + 2});
                }
                for (int[] s : shapes) {
                    for (int t = 0; t < 4; t++) {
                        out.add(Arguments.of(f32, blocks, t >= 2, (t & 1) == 1, s[0], s[1], s[2], idx++));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "f32={0} {1} tA={2} tB={3} m={4} n={5} k={6} #{7}")
    @MethodSource("cases")
    void matchesScalarReference(boolean f32, Blocks blocks, boolean ta, boolean tb, int m, int n, int k, int idx) {
        SplittableRandom rnd = new SplittableRandom(1000 + idx);
        double[] ab = SCALARS[idx % SCALARS.length];
        int pad = idx % 3 == 0 ? 0 : 3;
        long off = idx % 2 == 0 ? 0 : 5;
        try (Arena arena = Arena.ofConfined()) {
            Arena where = idx % 4 < 2 ? null : arena;
            int ar = ta ? k : m, ac = ta ? m : k, br = tb ? n : k, bc = tb ? k : n;
            Mat a = Operands.random(rnd, f32, ar, ac, Math.max(1, ar + pad), off, where);
            Mat b = Operands.random(rnd, f32, br, bc, Math.max(1, br + pad), off + 1, where);
            Mat c = Operands.random(rnd, f32, m, n, Math.max(1, m + pad), off + 2, where);
            double[][] ref = Operands.referenceGemm(ta, tb, m, n, k, ab[0], a, b, ab[1], c, f32);
            Operands.gemm(ta, tb, m, n, k, ab[0], a, b, ab[1], c, blocks.workspace(f32));
            assertClose(ref, c, m, n);
        }
    }

    /** β = 0 ignores NaN and Inf already in C; α = 0 ignores NaN in A and B; k = 0 only scales. */
    @ParameterizedTest(name = "f32={0}")
    @MethodSource("precisions")
    void specialScalarsFollowBlas(boolean f32) {
        for (int[] s : new int[][]{{5, 7, 3}, {70, 70, 70}, {150, 130, 140}}) {
            int m = s[0], n = s[1], k = s[2];
            SplittableRandom rnd = new SplittableRandom(7);
            Mat a = Operands.random(rnd, f32, m, k, m, 0, null);
            Mat b = Operands.random(rnd, f32, k, n, k, 0, null);

            Mat c = Operands.random(rnd, f32, m, n, m, 0, null);
            fill(c, Double.NaN);
            c.set(0, 0, Double.POSITIVE_INFINITY);
            double[][] ref = Operands.referenceGemm(false, false, m, n, k, 1.5, a, b, 0, c, f32);
            Operands.gemm(false, false, m, n, k, 1.5, a, b, 0, c, null);
            assertClose(ref, c, m, n); // β = 0: no NaN from C

            Mat an = Operands.random(rnd, f32, m, k, m, 0, null);
            fill(an, Double.NaN);
            c = Operands.random(rnd, f32, m, n, m, 0, null);
            ref = Operands.referenceGemm(false, false, m, n, k, 0, an, b, -2, c, f32);
            Operands.gemm(false, false, m, n, k, 0, an, b, -2, c, null);
            assertClose(ref, c, m, n); // α = 0: A not read, C = −2·C

            fill(c, Double.NaN);
            Operands.gemm(false, false, m, n, k, 0, an, b, 0, c, null);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    assertEquals(0.0, c.get(i, j), "α = β = 0 gives zeros without reading C");
                }
            }

            c = Operands.random(rnd, f32, m, n, m, 0, null);
            ref = Operands.referenceGemm(false, false, m, n, 0, 3, a, b, 0.25, c, f32);
            Operands.gemm(false, false, m, n, 0, 3, a, b, 0.25, c, null);
            assertClose(ref, c, m, n); // k = 0: only β·C

            // NaN in one element of A reaches exactly its row of C (α ≠ 0), as in IEEE arithmetic.
            a.set(1, 0, Double.NaN);
            c = Operands.random(rnd, f32, m, n, m, 0, null);
            Operands.gemm(false, false, m, n, k, 1, a, b, 1, c, null);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    assertEquals(i == 1, Double.isNaN(c.get(i, j)), "NaN at (" + i + "," + j + ")");
                }
            }
            // NaN β poisons C, NaN α poisons C.
            c = Operands.random(rnd, f32, m, n, m, 0, null);
            Operands.gemm(false, false, m, n, k, 1, b.rows() == k ? Operands.random(rnd, f32, m, k, m, 0, null) : a,
                    b, Double.NaN, c, null);
            assertTrue(Double.isNaN(c.get(m - 1, n - 1)));
            c = Operands.random(rnd, f32, m, n, m, 0, null);
            Operands.gemm(false, false, m, n, k, Double.NaN, Operands.random(rnd, f32, m, k, m, 0, null), b, 0, c,
                    null);
            assertTrue(Double.isNaN(c.get(m - 1, n - 1)));
        }
    }

    static Stream<Boolean> precisions() {
        return Stream.of(false, true);
    }

    /** The same result bits whether the pack buffers come from a workspace or the per-thread cache. */
    @Test
    void threadCacheAndWorkspaceAgree() {
        for (boolean f32 : new boolean[]{false, true}) {
            SplittableRandom rnd = new SplittableRandom(3);
            int m = 131, n = 77, k = 300;
            Mat a = Operands.random(rnd, f32, k, m, k, 0, null);
            Mat b = Operands.random(rnd, f32, k, n, k, 0, null);
            Mat c1 = Operands.random(new SplittableRandom(9), f32, m, n, m, 0, null);
            Mat c2 = Operands.random(new SplittableRandom(9), f32, m, n, m, 0, null);
            Operands.gemm(true, false, m, n, k, 1.25, a, b, 0.5, c1, null);
            Operands.gemm(true, false, m, n, k, 1.25, a, b, 0.5, c2,
                    f32 ? GemmWorkspace.forFloats(m, n, k) : GemmWorkspace.forDoubles(m, n, k));
            assertEquals(List.of(toList(c1.snapshot())), List.of(toList(c2.snapshot())));
        }
    }

    private static List<Double> toList(double[] d) {
        List<Double> l = new ArrayList<>();
        for (double x : d) {
            l.add(x);
        }
        return l;
    }

    static void fill(Mat x, double v) {
        for (int j = 0; j < x.cols(); j++) {
            for (int i = 0; i < x.rows(); i++) {
                x.set(i, j, v);
            }
        }
    }

    static void assertClose(double[][] ref, Mat c, int m, int n) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double want = ref[0][i + j * m], got = c.get(i, j);
                double tol = c.f32() ? ref[1][i + j * m] + Math.abs(want) * 0x1p-24 : ref[1][i + j * m];
                if (!(Math.abs(got - want) <= tol)) {
                    fail("C(" + i + "," + j + ") = " + got + ", expected " + want + " ± " + tol);
                }
            }
        }
    }
}
