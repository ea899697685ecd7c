/*
 * A host-memory stand-in for libcudart, for testing the FFM binding without a GPU. "Device" memory
 * is malloc'd host memory kept in a registry, so that every pointer the binding hands over can be
 * checked: device ranges must lie inside one live allocation, host ranges must not. Each call is
 * logged as one line of text that the tests read back (standin_last_call).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ALLOCS 4096
static struct { char *base; size_t size; } allocs[MAX_ALLOCS];
static int live_allocs, bad_frees, devices = 1, streams_live, next_stream = 1;
static char last_call[4096];
static int fail_next;

void standin_log(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_call, sizeof last_call, fmt, ap);
    va_end(ap);
}
const char *standin_last_call(void) { return last_call; }
int standin_live_allocations(void) { return live_allocs; }
int standin_bad_frees(void) { return bad_frees; }
int standin_live_streams(void) { return streams_live; }
void standin_set_devices(int n) { devices = n; }
/* The next CUDA runtime call fails with this error code (once). */
void standin_fail_next_runtime(int code) { fail_next = code; }

/* 1 if [p, p + bytes) lies inside one live allocation. */
int standin_is_device(const void *p, size_t bytes) {
    const char *c = p;
    for (int i = 0; i < MAX_ALLOCS; i++)
        if (allocs[i].base && c >= allocs[i].base && c + bytes <= allocs[i].base + allocs[i].size) return 1;
    return 0;
}
/* Offset of p in the allocation that holds it, or -1. */
long standin_device_offset(const void *p) {
    const char *c = p;
    for (int i = 0; i < MAX_ALLOCS; i++)
        if (allocs[i].base && c >= allocs[i].base && c < allocs[i].base + allocs[i].size) return c - allocs[i].base;
    return -1;
}

static int failing(void) {
    int f = fail_next;
    fail_next = 0;
    return f;
}

int cudaGetDeviceCount(int *n) {
    int f = failing();
    if (f) return f;
    standin_log("cudaGetDeviceCount");
    if (devices == 0) { *n = 0; return 100; /* cudaErrorNoDevice */ }
    *n = devices;
    return 0;
}

int cudaGetDeviceProperties(void *prop, int device) {
    if (device < 0 || device >= devices) return 101; /* cudaErrorInvalidDevice */
    memset(prop, 0, 1008);
    strcpy((char *) prop, "panopt stand-in device (host memory)");
    *(size_t *) ((char *) prop + 288) = (size_t) 1 << 30;
    return 0;
}

int cudaDeviceGetAttribute(int *value, int attr, int device) {
    if (device < 0 || device >= devices) return 101;
    switch (attr) {
        case 75: *value = 8; break;  /* compute capability major */
        case 76: *value = 6; break;  /* minor */
        case 16: *value = 4; break;  /* multiprocessors */
        default: *value = 0;
    }
    return 0;
}

int cudaSetDevice(int device) {
    standin_log("cudaSetDevice device=%d", device);
    return device >= 0 && device < devices ? 0 : 101;
}

int cudaRuntimeGetVersion(int *v) { *v = 12080; return 0; }
int cudaDriverGetVersion(int *v) { *v = 12080; return 0; }

int cudaMalloc(void **p, size_t bytes) {
    int f = failing();
    if (f) return f;
    for (int i = 0; i < MAX_ALLOCS; i++) {
        if (!allocs[i].base) {
            allocs[i].base = calloc(1, bytes ? bytes : 1);
            allocs[i].size = bytes;
            *p = allocs[i].base;
            live_allocs++;
            standin_log("cudaMalloc bytes=%zu", bytes);
            return 0;
        }
    }
    return 2; /* cudaErrorMemoryAllocation */
}

int cudaFree(void *p) {
    standin_log("cudaFree");
    if (!p) return 0;
    for (int i = 0; i < MAX_ALLOCS; i++) {
        if (allocs[i].base == p) {
            free(allocs[i].base);
            allocs[i].base = NULL;
            live_allocs--;
            return 0;
        }
    }
    bad_frees++;
    return 1; /* cudaErrorInvalidValue: not a live allocation (double free) */
}

/* kind: 1 host to device, 2 device to host, 3 device to device */
int cudaMemcpy(void *dst, const void *src, size_t bytes, int kind) {
    int f = failing();
    if (f) return f;
    int ok = kind == 1 ? standin_is_device(dst, bytes) && !standin_is_device(src, 1)
           : kind == 2 ? standin_is_device(src, bytes) && !standin_is_device(dst, 1)
           : kind == 3 ? standin_is_device(src, bytes) && standin_is_device(dst, bytes) : 0;
    standin_log("cudaMemcpy kind=%d bytes=%zu dstoff=%ld srcoff=%ld ok=%d", kind, bytes,
                standin_device_offset(dst), standin_device_offset(src), ok);
    if (!ok) return 1;
    memmove(dst, src, bytes);
    return 0;
}

int cudaMemcpyAsync(void *dst, const void *src, size_t bytes, int kind, void *stream) {
    int r = cudaMemcpy(dst, src, bytes, kind);
    size_t used = strlen(last_call);
    snprintf(last_call + used, sizeof last_call - used, " stream=%ld", (long) (intptr_t) stream);
    return r;
}

int cudaStreamCreate(void **stream) {
    *stream = (void *) (intptr_t) next_stream++;
    streams_live++;
    standin_log("cudaStreamCreate");
    return 0;
}
int cudaStreamDestroy(void *stream) { streams_live--; standin_log("cudaStreamDestroy stream=%ld", (long) (intptr_t) stream); return 0; }
int cudaStreamSynchronize(void *stream) { standin_log("cudaStreamSynchronize stream=%ld", (long) (intptr_t) stream); return 0; }
int cudaDeviceSynchronize(void) { standin_log("cudaDeviceSynchronize"); return 0; }

const char *cudaGetErrorName(int e) {
    switch (e) {
        case 0: return "cudaSuccess";
        case 1: return "cudaErrorInvalidValue";
        case 2: return "cudaErrorMemoryAllocation";
        case 35: return "cudaErrorInsufficientDriver";
        case 100: return "cudaErrorNoDevice";
        case 101: return "cudaErrorInvalidDevice";
        default: return "cudaErrorUnknown";
    }
}
const char *cudaGetErrorString(int e) {
    switch (e) {
        case 0: return "no error";
        case 1: return "invalid argument";
        case 2: return "out of memory";
        case 35: return "CUDA driver version is insufficient for CUDA runtime version";
        case 100: return "no CUDA-capable device is detected";
        case 101: return "invalid device ordinal";
        default: return "unknown error";
    }
}
