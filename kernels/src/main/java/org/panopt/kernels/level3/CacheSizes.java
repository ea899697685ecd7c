package org.panopt.kernels.level3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Data-cache sizes of one core, in bytes, as the GEMM block sizes need them.
 *
 * @param l1d   level-1 data cache of one core
 * @param l2    level-2 cache available to one core
 * @param l3    the share of the last-level cache one core can count on (its size divided by the
 *              number of CPUs that share it); 0 if there is none
 */
public record CacheSizes(long l1d, long l2, long l3) {
    /** Used where the sysfs files cannot be read: 32 KiB L1d, 512 KiB L2, 4 MiB of L3 per core. */
    public static final CacheSizes DEFAULTS = new CacheSizes(32 << 10, 512 << 10, 4 << 20);

    private static final Path SYSFS = Path.of("/sys/devices/system/cpu/cpu0/cache");

    public CacheSizes {
        if (l1d <= 0 || l2 <= 0 || l3 < 0) {
            throw new IllegalArgumentException("cache sizes must be positive: l1d=" + l1d + ", l2=" + l2 + ", l3=" + l3);
        }
    }

    /**
     * Reads {@code /sys/devices/system/cpu/cpu0/cache/index*}; any level it cannot read keeps its
     * value from {@link #DEFAULTS}.
     */
    public static CacheSizes detect() {
        return detect(SYSFS);
    }

    static CacheSizes detect(Path dir) {
        long l1 = DEFAULTS.l1d, l2 = DEFAULTS.l2, l3 = DEFAULTS.l3;
        for (int i = 0; i < 8; i++) {
            Path idx = dir.resolve("index" + i);
            try {
                String type = Files.readString(idx.resolve("type")).trim();
                int level = Integer.parseInt(Files.readString(idx.resolve("level")).trim());
                long size = parseSize(Files.readString(idx.resolve("size")).trim());
                if (type.equals("Instruction") || size <= 0) {
                    continue;
                }
                switch (level) {
                    case 1 -> l1 = size;
                    case 2 -> l2 = size;
                    case 3 -> l3 = size / Math.max(1, sharers(idx));
                    default -> { }
                }
            } catch (IOException | RuntimeException e) {
                // a missing or odd index keeps the default for its level
            }
        }
        return new CacheSizes(l1, l2, l3);
    }

    /** "32K", "1024K", "32M" or a plain byte count. */
    static long parseSize(String s) {
        long unit = 1;
        char last = Character.toUpperCase(s.charAt(s.length() - 1));
        if (last == 'K' || last == 'M' || last == 'G') {
            unit = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : 1L << 30;
            s = s.substring(0, s.length() - 1);
        }
        return Long.parseLong(s) * unit;
    }

    /** Number of CPUs in a {@code shared_cpu_list} such as "0-3,8-11". */
    private static int sharers(Path idx) throws IOException {
        int count = 0;
        for (String part : Files.readString(idx.resolve("shared_cpu_list")).trim().split(",")) {
            String[] r = part.split("-");
            count += r.length == 1 ? 1 : Integer.parseInt(r[1]) - Integer.parseInt(r[0]) + 1;
        }
        return count;
    }
}
