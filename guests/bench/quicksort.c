/*
 * Quicksort (Hoare's partition around the median of three, insertion
 * sort below 16 elements, recursion on the smaller side only so the
 * stack stays O(log n)) of size xorshift words; each round checks the
 * order and folds a position-weighted sum of the result.
 */
#include "bench.h"

#define QSORT_MAX (1u << 20)
#define QSORT_SMALL 16

static uint32_t qs_data[QSORT_MAX];

static void insertion_sort(uint32_t *a, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++) {
        uint32_t v = a[i], j = i;

        while (j > 0 && a[j - 1] > v) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

static void swap(uint32_t *a, uint32_t i, uint32_t j)
{
    uint32_t t = a[i];

    a[i] = a[j];
    a[j] = t;
}

static void quicksort(uint32_t *a, uint32_t n)
{
    while (n > QSORT_SMALL) {
        uint32_t mid = n / 2, last = n - 1, pivot;
        uint32_t i = 0, j = last;

        /* Order a[0] <= a[mid] <= a[last]; the median is the pivot. */
        if (a[mid] < a[0]) {
            swap(a, mid, 0);
        }
        if (a[last] < a[0]) {
            swap(a, last, 0);
        }
        if (a[last] < a[mid]) {
            swap(a, last, mid);
        }
        pivot = a[mid];
        /* Hoare: i, j stop at elements on the wrong side and swap them. */
        for (;;) {
            while (a[i] < pivot) {
                i++;
            }
            while (a[j] > pivot) {
                j--;
            }
            if (i >= j) {
                break;
            }
            swap(a, i, j);
            i++;
            j--;
        }
        /* a[0..j] <= pivot <= a[j+1..n-1]. */
        if (j + 1 < n - j - 1) {
            quicksort(a, j + 1);
            a += j + 1;
            n -= j + 1;
        } else {
            quicksort(a + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    insertion_sort(a, n);
}

uint32_t bench_quicksort(uint32_t size, uint32_t reps)
{
    uint32_t h = 0;

    for (uint32_t rep = 0; rep < reps; rep++) {
        uint32_t s = bench_seed(0x5057u, rep), sum = 0, unordered = 0;

        for (uint32_t i = 0; i < size; i++) {
            qs_data[i] = bench_rand(&s);
        }
        quicksort(qs_data, size);
        for (uint32_t i = 0; i < size; i++) {
            sum += qs_data[i] * (i + 1);
            if (i && qs_data[i - 1] > qs_data[i]) {
                unordered++;
            }
        }
        h = bench_mix(bench_mix(h, sum), unordered);
    }
    return h;
}
