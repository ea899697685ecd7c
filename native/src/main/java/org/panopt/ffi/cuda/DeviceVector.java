package org.panopt.ffi.cuda;

import java.util.Objects;
import org.panopt.ffi.ElementType;

/**
 * A strided vector view over a {@link DeviceBuffer}: element k at element index
 * {@code offset + k·inc}, {@code inc ≥ 1}. A one-element vector also serves as a device scalar (α, β,
 * or a result) in {@link PointerMode#DEVICE}.
 */
public record DeviceVector(DeviceBuffer buffer, ElementType type, long offset, int length, int inc) {

    /**
     * A validated view.
     *
     * @throws IllegalArgumentException  for a negative length or an increment below 1
     * @throws IndexOutOfBoundsException if the view does not fit in the buffer
     */
    public static DeviceVector of(DeviceBuffer buffer, ElementType type, long offset, int length, int inc) {
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(type, "type");
        if (length < 0 || inc < 1) {
            throw new IllegalArgumentException("vector length must be >= 0 and increment >= 1, got " + length + ", " + inc);
        }
        long elements = buffer.byteSize() / type.bytes();
        long last = length == 0 ? offset - 1 : offset + (long) (length - 1) * inc;
        if (offset < 0 || last >= elements) {
            throw new IndexOutOfBoundsException("a vector of " + length + " elements at offset " + offset + " with inc "
                    + inc + " needs " + (last + 1) + " elements, the buffer holds " + elements);
        }
        return new DeviceVector(buffer, type, offset, length, inc);
    }

    /** Element {@code k} as a one-element vector (a device scalar). */
    public DeviceVector element(int k) {
        Objects.checkIndex(k, length);
        return new DeviceVector(buffer, type, offset + (long) k * inc, 1, 1);
    }

    /** Device address of element 0. */
    long address() {
        return buffer.pointer() + offset * type.bytes();
    }
}
