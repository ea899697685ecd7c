/* The same cblas_dgemm the Java binding calls, called and timed from C: the peer of GemmOverheadBench.
   The function pointer comes from Java (the very library instance the binding loaded). */
#include <time.h>

typedef void (*dgemm_t)(int, int, int, int, int, int, double, const double *, int, const double *, int, double,
                        double *, int);

void panopt_dgemm_loop(dgemm_t f, int n, const double *a, const double *b, double *c, long reps) {
    for (long r = 0; r < reps; r++) f(102, 111, 111, n, n, n, 1.0, a, n, b, n, 0.0, c, n);
}

/* Nanoseconds per call over reps calls, by the monotonic clock. */
double panopt_dgemm_ns(dgemm_t f, int n, const double *a, const double *b, double *c, long reps) {
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    panopt_dgemm_loop(f, n, a, b, c, reps);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / reps;
}
