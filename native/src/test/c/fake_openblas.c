/* A library that exports the OpenBLAS symbols the loader's self-test calls, with a wrong ddot:
   the loader must reject it (OpenBlasLoaderTest). */
#include <stddef.h>

double cblas_ddot(int n, const double *x, int incx, const double *y, int incy) {
    double s = 1.0; /* wrong on purpose: off by one */
    for (int i = 0; i < n; i++) s += x[i * incx] * y[i * incy];
    return s;
}

void cblas_dgemm(int order, int ta, int tb, int m, int n, int k, double alpha, const double *a, int lda,
                 const double *b, int ldb, double beta, double *c, int ldc) {
    (void) order; (void) ta; (void) tb; (void) m; (void) n; (void) k; (void) alpha;
    (void) a; (void) lda; (void) b; (void) ldb; (void) beta; (void) c; (void) ldc;
}

char *openblas_get_config(void) { return "fake"; }
