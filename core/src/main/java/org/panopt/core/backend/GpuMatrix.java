package org.panopt.core.backend;

import java.util.Objects;
import org.panopt.core.array.DType;
import org.panopt.core.array.MatrixView;
import org.panopt.ffi.ElementType;
import org.panopt.ffi.cuda.DeviceMatrix;

/**
 * A matrix view in device memory, for {@link CublasBackend}: the native {@link DeviceMatrix} (device
 * buffer, offset, leading dimension, transpose flag) seen through the same {@link MatrixView} interface
 * as host matrices. Slicing and transposing never copy; moving data to or from the host is explicit
 * ({@link Backend#upload}, {@link Backend#download}).
 */
public final class GpuMatrix implements MatrixView<GpuMatrix> {
    private final DeviceMatrix m;

    public GpuMatrix(DeviceMatrix m) {
        this.m = Objects.requireNonNull(m);
    }

    /** The native view. */
    public DeviceMatrix device() {
        return m;
    }

    static ElementType type(DType d) {
        return d == DType.F64 ? ElementType.F64 : ElementType.F32;
    }

    @Override
    public int rows() {
        return m.rows();
    }

    @Override
    public int cols() {
        return m.cols();
    }

    @Override
    public DType dtype() {
        return m.type() == ElementType.F64 ? DType.F64 : DType.F32;
    }

    @Override
    public boolean isTransposed() {
        return m.transposed();
    }

    @Override
    public int ld() {
        return m.ld();
    }

    @Override
    public GpuMatrix t() {
        return new GpuMatrix(m.t());
    }

    @Override
    public GpuMatrix block(int r0, int c0, int nr, int nc) {
        Objects.checkFromIndexSize(r0, nr, rows());
        Objects.checkFromIndexSize(c0, nc, cols());
        long off = nr == 0 || nc == 0 ? m.offset()
                : m.offset() + (m.transposed() ? c0 + (long) r0 * m.ld() : r0 + (long) c0 * m.ld());
        return new GpuMatrix(DeviceMatrix.of(m.buffer(), m.type(), off, nr, nc, m.ld(), m.transposed()));
    }

    @Override
    public GpuMatrix cols(int from, int to) {
        Objects.checkFromToIndex(from, to, cols());
        return block(0, from, rows(), to - from);
    }

    @Override
    public GpuMatrix rows(int from, int to) {
        Objects.checkFromToIndex(from, to, rows());
        return block(from, 0, to - from, cols());
    }

    /** Whether the storage has no gaps. */
    boolean isContiguous() {
        return m.ld() == Math.max(1, m.storageRows()) || m.storageCols() <= 1;
    }

    @Override
    public String toString() {
        return "GpuMatrix[" + dtype() + " " + rows() + "x" + cols() + ", ld=" + ld() + ", offset=" + m.offset()
                + (isTransposed() ? ", transposed" : "") + "]";
    }
}
