package org.panopt.algorithms.prox;

/**
 * In-place ascending sort of {@code a[0, n)} that allocates nothing, whatever the input: introsort
 * (median-of-three quicksort, insertion sort below 24 elements, heapsort when the recursion gets
 * deeper than {@code 2·log₂ n}: Musser 1997). {@link java.util.Arrays#sort(double[])} can allocate a
 * merge buffer for inputs made of long runs, which the allocation-free penalties cannot afford.
 * Inputs must not hold NaN (callers check).
 */
final class DoubleSort {
    private static final int SMALL = 24;

    private DoubleSort() {
    }

    static void sort(double[] a, int n) {
        int depth = 2 * (32 - Integer.numberOfLeadingZeros(Math.max(n, 1)));
        sort(a, 0, n - 1, depth);
    }

    private static void sort(double[] a, int lo, int hi, int depth) {
        while (hi - lo >= SMALL) {
            if (depth-- == 0) {
                heapSort(a, lo, hi);
                return;
            }
            int mid = (lo + hi) >>> 1;
            // median of three into a[mid], with a[lo] ≤ a[mid] ≤ a[hi] as sentinels for the scans
            if (a[mid] < a[lo]) {
                swap(a, mid, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[mid]) {
                swap(a, hi, mid);
            }
            double pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i++, j--);
                }
            }
            // recurse into the smaller part, loop on the larger: O(log n) stack
            if (j - lo < hi - i) {
                sort(a, lo, j, depth);
                lo = i;
            } else {
                sort(a, i, hi, depth);
                hi = j;
            }
        }
        insertionSort(a, lo, hi);
    }

    private static void insertionSort(double[] a, int lo, int hi) {
        for (int i = lo + 1; i <= hi; i++) {
            double v = a[i];
            int j = i - 1;
            while (j >= lo && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    private static void heapSort(double[] a, int lo, int hi) {
        int n = hi - lo + 1;
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(a, lo, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            swap(a, lo, lo + end);
            siftDown(a, lo, 0, end);
        }
    }

    private static void siftDown(double[] a, int base, int i, int n) {
        double v = a[base + i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && a[base + child + 1] > a[base + child]) {
                child++;
            }
            if (a[base + child] <= v) {
                break;
            }
            a[base + i] = a[base + child];
            i = child;
        }
        a[base + i] = v;
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
