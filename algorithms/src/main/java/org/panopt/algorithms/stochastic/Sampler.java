package org.panopt.algorithms.stochastic;

import java.util.SplittableRandom;

/**
 * Draws indices in {@code [0, n)} by a {@link Sampling} scheme from a seeded generator: the same
 * seed gives the same sequence. Allocation-free after construction (the permutation is held, and
 * {@link SplittableRandom#nextInt(int)} allocates nothing). Not thread-safe.
 */
public final class Sampler {
    private final int n;
    private final Sampling scheme;
    private final SplittableRandom random;
    private final int[] order;
    private int position;
    private long epochs;

    /**
     * @param n      number of indices, ≥ 1
     * @param scheme cyclic, uniform or shuffled per epoch
     * @param seed   seed of the generator (unused by {@link Sampling#CYCLIC})
     */
    public Sampler(int n, Sampling scheme, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("a sampler needs n >= 1 indices, got " + n);
        }
        this.n = n;
        this.scheme = java.util.Objects.requireNonNull(scheme, "scheme");
        this.random = new SplittableRandom(seed);
        this.order = scheme == Sampling.SHUFFLED ? new int[n] : null;
        if (order != null) {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            shuffle();
        }
    }

    /** The next index. */
    public int next() {
        return switch (scheme) {
            case UNIFORM -> {
                int i = random.nextInt(n);
                if (++position == n) {
                    position = 0;
                    epochs++;
                }
                yield i;
            }
            case CYCLIC -> {
                int i = position;
                if (++position == n) {
                    position = 0;
                    epochs++;
                }
                yield i;
            }
            case SHUFFLED -> {
                int i = order[position];
                if (++position == n) {
                    position = 0;
                    epochs++;
                    shuffle();
                }
                yield i;
            }
        };
    }

    /** Completed passes of n draws. */
    public long epochs() {
        return epochs;
    }

    /** n. */
    public int size() {
        return n;
    }

    public Sampling scheme() {
        return scheme;
    }

    // Fisher–Yates (Knuth, TAOCP vol. 2, Algorithm 3.4.2 P).
    private void shuffle() {
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
