package org.panopt.core.npy;

import java.io.IOException;

/**
 * A file is not a readable NumPy {@code .npy} array: bad magic, unsupported version or dtype,
 * malformed header, truncated data or a shape that does not match the file size. The message names
 * the file and what is wrong. This is the only exception {@link Npy#read} throws for bad content;
 * I/O failures stay plain {@link IOException}s.
 */
public final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(String message) {
        super(message);
    }
}
