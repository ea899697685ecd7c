package org.panopt.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.panopt.ffi.cuda.CudaLibraries;
import org.panopt.ffi.openblas.OpenBlas;

/** {@code ./panopt info}'s backend lines say what was loaded and from where, or why not. */
class BackendStatusTest {
    @Test
    void reportsRealStatusForEveryBackend() {
        List<BackendStatus> all = BackendStatus.all();
        assertEquals(List.of("java-simd", "openblas", "cublas", "dispatch"), all.stream().map(BackendStatus::name).toList());
        BackendStatus blas = all.get(1);
        assertEquals(OpenBlas.isAvailable(), blas.available());
        if (blas.available()) {
            assertTrue(blas.detail().contains(OpenBlas.config()), blas.detail());
            assertTrue(blas.detail().contains(OpenBlas.library().path().toString()), blas.detail());
        } else {
            assertTrue(blas.detail().contains("searched"), blas.detail());
        }
        BackendStatus cuda = all.get(2);
        assertEquals(CudaLibraries.get().available(), cuda.available());
        assertFalse(cuda.detail().isBlank());
        assertFalse(cuda.detail().contains("not built yet"));
        assertTrue(all.get(3).detail().contains("java-simd"), all.get(3).detail());
    }
}
