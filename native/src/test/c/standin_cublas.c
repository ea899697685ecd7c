/*
 * A host-memory stand-in for libcublas (v2 API), linked against the cudart stand-in. It computes
 * the real results (column-major, on host memory) and logs each call's arguments, after checking
 * what a GPU library cannot forgive: every matrix/vector range inside one device allocation, and
 * scalar pointers of the kind the pointer mode says (host in HOST mode, device in DEVICE mode).
 * A violation returns CUBLAS_STATUS_INVALID_VALUE (7) and says why in the log.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void standin_log(const char *fmt, ...);
int standin_is_device(const void *p, size_t bytes);
long standin_device_offset(const void *p);

typedef struct { int mode; void *stream; int magic; } handle_t;
static int live_handles, fail_next_status;

int standin_live_handles(void) { return live_handles; }
/* The next cuBLAS call (after create) returns this status (once). */
void standin_fail_next_cublas(int status) { fail_next_status = status; }

static int failing(void) { int f = fail_next_status; fail_next_status = 0; return f; }

int cublasCreate_v2(handle_t **h) {
    *h = calloc(1, sizeof **h);
    (*h)->magic = 0x5a5a;
    live_handles++;
    standin_log("cublasCreate_v2");
    return 0;
}
int cublasDestroy_v2(handle_t *h) {
    if (!h || h->magic != 0x5a5a) { standin_log("cublasDestroy_v2 bad handle"); return 1; }
    h->magic = 0;
    free(h);
    live_handles--;
    standin_log("cublasDestroy_v2");
    return 0;
}
int cublasSetStream_v2(handle_t *h, void *s) { h->stream = s; standin_log("cublasSetStream_v2 stream=%ld", (long) (intptr_t) s); return 0; }
int cublasSetPointerMode_v2(handle_t *h, int mode) { h->mode = mode; standin_log("cublasSetPointerMode_v2 mode=%d", mode); return 0; }
int cublasGetPointerMode_v2(handle_t *h, int *mode) { *mode = h->mode; return 0; }
int cublasGetVersion_v2(handle_t *h, int *v) { (void) h; *v = 120800; return 0; }
const char *cublasGetStatusName(int s) {
    switch (s) {
        case 0: return "CUBLAS_STATUS_SUCCESS";
        case 7: return "CUBLAS_STATUS_INVALID_VALUE";
        case 13: return "CUBLAS_STATUS_EXECUTION_FAILED";
        default: return "CUBLAS_STATUS_UNKNOWN";
    }
}
const char *cublasGetStatusString(int s) {
    switch (s) {
        case 0: return "success";
        case 7: return "an invalid value was used as an argument";
        case 13: return "the GPU program failed to execute";
        default: return "unknown";
    }
}

static char why[512];
/* Scalars: a host pointer in mode 0 (HOST), a device pointer in mode 1 (DEVICE). */
static int scalar_ok(handle_t *h, const void *p, size_t bytes, const char *name) {
    int dev = standin_is_device(p, bytes);
    if (h->mode == 0 && dev) { snprintf(why, sizeof why, "%s is a device pointer in HOST pointer mode", name); return 0; }
    if (h->mode == 1 && !dev) { snprintf(why, sizeof why, "%s is a host pointer in DEVICE pointer mode", name); return 0; }
    return 1;
}
/* A column-major rows x cols matrix with leading dimension ld inside one allocation. */
static int matrix_ok(const void *p, int rows, int cols, int ld, size_t eb, const char *name) {
    if (rows == 0 || cols == 0) return 1;
    if (ld < rows) { snprintf(why, sizeof why, "ld of %s is %d < rows %d", name, ld, rows); return 0; }
    size_t bytes = ((size_t) (cols - 1) * ld + rows) * eb;
    if (!standin_is_device(p, bytes)) { snprintf(why, sizeof why, "%s (%dx%d, ld %d) is not inside one device allocation", name, rows, cols, ld); return 0; }
    return 1;
}
static int vector_ok(const void *p, int n, int inc, size_t eb, const char *name) {
    if (n == 0) return 1;
    if (inc <= 0) { snprintf(why, sizeof why, "inc of %s is %d", name, inc); return 0; }
    if (!standin_is_device(p, ((size_t) (n - 1) * inc + 1) * eb)) { snprintf(why, sizeof why, "%s is not inside one device allocation", name); return 0; }
    return 1;
}
#define CHECK(cond, call) do { if (!(cond)) { standin_log("%s REFUSED: %s", call, why); return 7; } } while (0)
#define OFF(p) standin_device_offset(p)

/* op(X)(i, j) for column-major X with leading dimension ld: trans 0 = N, 1 = T. */
#define OPGET(X, ld, t, i, j) ((t) ? (X)[(j) + (size_t) (i) * (ld)] : (X)[(i) + (size_t) (j) * (ld)])

#define DEFINE(T, P)                                                                                        \
int cublas##P##gemm_v2(handle_t *h, int ta, int tb, int m, int n, int k, const T *alpha, const T *A, int lda, \
                       const T *B, int ldb, const T *beta, T *C, int ldc) {                                 \
    int f = failing(); if (f) return f;                                                                     \
    CHECK(scalar_ok(h, alpha, sizeof(T), "alpha") && scalar_ok(h, beta, sizeof(T), "beta"), "cublas" #P "gemm_v2"); \
    CHECK(matrix_ok(A, ta ? k : m, ta ? m : k, lda, sizeof(T), "A") && matrix_ok(B, tb ? n : k, tb ? k : n, ldb, sizeof(T), "B") \
          && matrix_ok(C, m, n, ldc, sizeof(T), "C"), "cublas" #P "gemm_v2");                               \
    T al = *alpha, be = *beta;                                                                              \
    standin_log("cublas" #P "gemm_v2 transa=%d transb=%d m=%d n=%d k=%d alpha=%g lda=%d ldb=%d beta=%g ldc=%d " \
                "A=%ld B=%ld C=%ld mode=%d stream=%ld", ta, tb, m, n, k, (double) al, lda, ldb, (double) be, ldc, \
                OFF(A), OFF(B), OFF(C), h->mode, (long) (intptr_t) h->stream);                              \
    for (int j = 0; j < n; j++)                                                                             \
        for (int i = 0; i < m; i++) {                                                                       \
            T s = 0;                                                                                        \
            for (int q = 0; q < k; q++) s += OPGET(A, lda, ta, i, q) * OPGET(B, ldb, tb, q, j);           \
            C[i + (size_t) j * ldc] = al * s + (be == 0 ? 0 : be * C[i + (size_t) j * ldc]);               \
        }                                                                                                   \
    return 0;                                                                                               \
}                                                                                                           \
int cublas##P##gemmStridedBatched(handle_t *h, int ta, int tb, int m, int n, int k, const T *alpha, const T *A, \
                                  int lda, long long sa, const T *B, int ldb, long long sb, const T *beta, T *C, \
                                  int ldc, long long sc, int batch) {                                       \
    int f = failing(); if (f) return f;                                                                     \
    for (int b = 0; b < batch; b++) {                                                                       \
        int r = cublas##P##gemm_v2(h, ta, tb, m, n, k, alpha, A + b * sa, lda, B + b * sb, ldb, beta, C + b * sc, ldc); \
        if (r) return r;                                                                                    \
    }                                                                                                       \
    standin_log("cublas" #P "gemmStridedBatched transa=%d transb=%d m=%d n=%d k=%d lda=%d strideA=%lld ldb=%d " \
                "strideB=%lld ldc=%d strideC=%lld batch=%d A=%ld B=%ld C=%ld", ta, tb, m, n, k, lda, sa, ldb, sb, \
                ldc, sc, batch, OFF(A), OFF(B), OFF(C));                                                    \
    return 0;                                                                                               \
}                                                                                                           \
int cublas##P##gemv_v2(handle_t *h, int t, int m, int n, const T *alpha, const T *A, int lda, const T *x,    \
                       int incx, const T *beta, T *y, int incy) {                                          \
    int f = failing(); if (f) return f;                                                                     \
    int lx = t ? m : n, ly = t ? n : m;                                                                     \
    CHECK(scalar_ok(h, alpha, sizeof(T), "alpha") && scalar_ok(h, beta, sizeof(T), "beta"), "cublas" #P "gemv_v2"); \
    CHECK(matrix_ok(A, m, n, lda, sizeof(T), "A") && vector_ok(x, lx, incx, sizeof(T), "x")                 \
          && vector_ok(y, ly, incy, sizeof(T), "y"), "cublas" #P "gemv_v2");                               \
    T al = *alpha, be = *beta;                                                                              \
    standin_log("cublas" #P "gemv_v2 trans=%d m=%d n=%d alpha=%g lda=%d incx=%d beta=%g incy=%d A=%ld x=%ld y=%ld", \
                t, m, n, (double) al, lda, incx, (double) be, incy, OFF(A), OFF(x), OFF(y));                 \
    for (int i = 0; i < ly; i++) {                                                                          \
        T s = 0;                                                                                            \
        for (int q = 0; q < lx; q++) s += OPGET(A, lda, t, i, q) * x[(size_t) q * incx];                  \
        y[(size_t) i * incy] = al * s + (be == 0 ? 0 : be * y[(size_t) i * incy]);                        \
    }                                                                                                       \
    return 0;                                                                                               \
}                                                                                                           \
int cublas##P##geam(handle_t *h, int ta, int tb, int m, int n, const T *alpha, const T *A, int lda,          \
                    const T *beta, const T *B, int ldb, T *C, int ldc) {                                   \
    int f = failing(); if (f) return f;                                                                     \
    CHECK(scalar_ok(h, alpha, sizeof(T), "alpha") && scalar_ok(h, beta, sizeof(T), "beta"), "cublas" #P "geam"); \
    CHECK(matrix_ok(A, ta ? n : m, ta ? m : n, lda, sizeof(T), "A") && matrix_ok(B, tb ? n : m, tb ? m : n, ldb, sizeof(T), "B") \
          && matrix_ok(C, m, n, ldc, sizeof(T), "C"), "cublas" #P "geam");                                  \
    T al = *alpha, be = *beta;                                                                              \
    standin_log("cublas" #P "geam transa=%d transb=%d m=%d n=%d alpha=%g lda=%d beta=%g ldb=%d ldc=%d A=%ld B=%ld C=%ld", \
                ta, tb, m, n, (double) al, lda, (double) be, ldb, ldc, OFF(A), OFF(B), OFF(C));              \
    for (int j = 0; j < n; j++)                                                                             \
        for (int i = 0; i < m; i++)                                                                         \
            C[i + (size_t) j * ldc] = al * OPGET(A, lda, ta, i, j) + be * OPGET(B, ldb, tb, i, j);        \
    return 0;                                                                                               \
}                                                                                                           \
int cublas##P##axpy_v2(handle_t *h, int n, const T *alpha, const T *x, int incx, T *y, int incy) {           \
    int f = failing(); if (f) return f;                                                                     \
    CHECK(scalar_ok(h, alpha, sizeof(T), "alpha"), "cublas" #P "axpy_v2");                                 \
    CHECK(vector_ok(x, n, incx, sizeof(T), "x") && vector_ok(y, n, incy, sizeof(T), "y"), "cublas" #P "axpy_v2"); \
    standin_log("cublas" #P "axpy_v2 n=%d alpha=%g incx=%d incy=%d x=%ld y=%ld", n, (double) *alpha, incx, incy, OFF(x), OFF(y)); \
    for (int i = 0; i < n; i++) y[(size_t) i * incy] += *alpha * x[(size_t) i * incx];                     \
    return 0;                                                                                               \
}                                                                                                           \
int cublas##P##scal_v2(handle_t *h, int n, const T *alpha, T *x, int incx) {                                \
    int f = failing(); if (f) return f;                                                                     \
    CHECK(scalar_ok(h, alpha, sizeof(T), "alpha"), "cublas" #P "scal_v2");                                 \
    CHECK(vector_ok(x, n, incx, sizeof(T), "x"), "cublas" #P "scal_v2");                                    \
    standin_log("cublas" #P "scal_v2 n=%d alpha=%g incx=%d x=%ld", n, (double) *alpha, incx, OFF(x));      \
    for (int i = 0; i < n; i++) x[(size_t) i * incx] *= *alpha;                                            \
    return 0;                                                                                               \
}                                                                                                           \
int cublas##P##dot_v2(handle_t *h, int n, const T *x, int incx, const T *y, int incy, T *result) {           \
    int f = failing(); if (f) return f;                                                                     \
    CHECK(scalar_ok(h, result, sizeof(T), "result"), "cublas" #P "dot_v2");                                \
    CHECK(vector_ok(x, n, incx, sizeof(T), "x") && vector_ok(y, n, incy, sizeof(T), "y"), "cublas" #P "dot_v2"); \
    T s = 0;                                                                                                \
    for (int i = 0; i < n; i++) s += x[(size_t) i * incx] * y[(size_t) i * incy];                          \
    *result = s;                                                                                            \
    standin_log("cublas" #P "dot_v2 n=%d incx=%d incy=%d x=%ld y=%ld mode=%d", n, incx, incy, OFF(x), OFF(y), h->mode); \
    return 0;                                                                                               \
}                                                                                                           \
int cublas##P##nrm2_v2(handle_t *h, int n, const T *x, int incx, T *result) {                               \
    int f = failing(); if (f) return f;                                                                     \
    CHECK(scalar_ok(h, result, sizeof(T), "result"), "cublas" #P "nrm2_v2");                               \
    CHECK(vector_ok(x, n, incx, sizeof(T), "x"), "cublas" #P "nrm2_v2");                                    \
    double s = 0;                                                                                           \
    for (int i = 0; i < n; i++) s += (double) x[(size_t) i * incx] * x[(size_t) i * incx];                 \
    *result = (T) sqrt(s);                                                                                  \
    standin_log("cublas" #P "nrm2_v2 n=%d incx=%d x=%ld mode=%d", n, incx, OFF(x), h->mode);               \
    return 0;                                                                                               \
}

DEFINE(double, D)
DEFINE(float, S)
