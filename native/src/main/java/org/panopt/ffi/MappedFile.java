package org.panopt.ffi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Which file a native address belongs to, from {@code /proc/self/maps} (Linux). */
public final class MappedFile {
    private MappedFile() {
    }

    /**
     * The file mapped at {@code address} in this process, e.g. the real path of a library loaded by
     * name (symlinks resolved, as the loader opened it); empty where {@code /proc} is not available.
     */
    public static Optional<Path> containing(long address) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/self/maps"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        for (String line : lines) {
            // start-end perms offset dev inode path
            int dash = line.indexOf('-');
            int sp = line.indexOf(' ');
            if (dash < 0 || sp < dash) {
                continue;
            }
            long start = Long.parseUnsignedLong(line, 0, dash, 16);
            long end = Long.parseUnsignedLong(line, dash + 1, sp, 16);
            if (Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0) {
                int slash = line.indexOf('/');
                return slash < 0 ? Optional.empty() : Optional.of(Path.of(line.substring(slash).strip()));
            }
        }
        return Optional.empty();
    }
}
