"""Writes the NumPy-made .npy fixtures used by NpyNumpyFixturesTest.

Run once (any NumPy >= 1.17; these were made with NumPy 2.4.6 / Python 3.11):
    python3 make_fixtures.py
Every array's values follow a formula the Java test recomputes: a[i, j] = 10*i + j + 0.25
(1-D: a[k] = k - 0.5), so the test never trusts a stored expectation.
"""
import numpy as np
from numpy.lib import format as fmt


def grid(n, m, dtype):
    i, j = np.meshgrid(np.arange(n), np.arange(m), indexing="ij")
    return (10 * i + j + 0.25).astype(dtype)


def save(name, arr, version=None):
    with open(name, "wb") as f:
        fmt.write_array(f, arr, version=version, allow_pickle=True)


save("f64_c_3x4.npy", grid(3, 4, "<f8"))
save("f64_f_3x4.npy", np.asfortranarray(grid(3, 4, "<f8")))
save("f32_c_5x2.npy", grid(5, 2, "<f4"))
save("f32_f_5x2.npy", np.asfortranarray(grid(5, 2, "<f4")))
save("f64_1d_7.npy", np.arange(7, dtype="<f8") - 0.5)
save("f64_scalar.npy", np.array(3.25))
save("f64_empty_0x3.npy", np.zeros((0, 3)))
save("f64_v2_3x4.npy", grid(3, 4, "<f8"), version=(2, 0))
save("f64_v3_3x4.npy", grid(3, 4, "<f8"), version=(3, 0))
save("i32_c_3x4.npy", (10 * np.arange(3)[:, None] + np.arange(4)[None, :]).astype("<i4"))
save("u8_1d_5.npy", np.arange(5, dtype="<u8") + 2**63)  # unsigned 64-bit above Long.MAX_VALUE
save("bool_1d_4.npy", np.array([True, False, True, True]))
save("bad_f64_bigendian.npy", grid(2, 2, ">f8"))
save("bad_c128.npy", np.ones((2, 2), dtype=np.complex128))
save("bad_3d.npy", np.zeros((2, 2, 2)))
save("bad_object.npy", np.array([1, "a"], dtype=object))
save("bad_structured.npy", np.zeros(3, dtype=[("x", "<f8"), ("y", "<i4")]))
