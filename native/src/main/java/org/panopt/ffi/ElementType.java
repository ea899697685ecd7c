package org.panopt.ffi;

/** The two element types the bindings handle: IEEE float64 and float32. */
public enum ElementType {
    F64(8),
    F32(4);

    private final int bytes;

    ElementType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }
}
