package org.panopt.ffi.cuda;

/**
 * What {@code cudaGetDeviceProperties} and {@code cudaDeviceGetAttribute} say about one device.
 *
 * @param name            the device name
 * @param totalMemory     global memory in bytes
 * @param major           compute capability, major
 * @param minor           compute capability, minor
 * @param multiprocessors streaming multiprocessors
 */
public record DeviceProperties(String name, long totalMemory, int major, int minor, int multiprocessors) {
    @Override
    public String toString() {
        return name + " (compute " + major + "." + minor + ", " + multiprocessors + " SMs, "
                + totalMemory / (1L << 20) + " MiB)";
    }
}
