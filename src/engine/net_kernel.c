/*
 * net_kernel.c - the matrix products of the network, in plain C and
 * through CBLAS.
 *
 * Three products, all row-major (X[i*D + j] for an (N, D) array):
 *   nn_gemm_abt  C (M, N) = A (M, K) * B^T, B (N, K)  forward: z = a W^T
 *   nn_gemm_atb  C (M, N) = A^T * B, A (K, M), B (K, N)  dW = delta^T a
 *   nn_gemm_ab   C (M, N) = A (M, K) * B (K, N)          da = delta W
 * each "plus C" when asked to accumulate. They are most of the time a
 * network trains, so each has a plain C version written for speed, a naive
 * twin in tests/test_net.c as its oracle, and, built with NN_HAVE_CBLAS,
 * a call to cblas_sgemm checked against the plain one.
 *
 * How the plain versions are fast (40 G multiply-adds a second on dense
 * numbers, one core of the 2-core AMD EPYC this project runs on, as
 * OpenBLAS single-threaded):
 *   - register tiles: a small block of C (3x3 dot products, or 6 rows by
 *     16 columns of sums) lives in registers while K is walked, so each
 *     number loaded from memory feeds several multiply-adds;
 *   - 8 float lanes: GNU C vector types (net_impl.h), which gcc and clang
 *     turn into SSE, AVX or NEON instructions;
 *   - x86-64: each kernel is compiled for AVX2 and for the basic
 *     instruction set, and the loader picks one (NN_NET_HOT). Both do the
 *     same operations in the same order (no fused multiply-add), so they
 *     give the same bits. Fused multiply-add was measured (issue 16, Zen 5,
 *     T1's two big products, one thread, medians of 5 interleaved runs):
 *     0.180 ms against 0.185 ms without, 3%, inside the noise; compiled
 *     for AVX-512 (x86-64-v4, the same 8 lanes) 0.181 ms. Under the 10%
 *     that would pay for a second set of bits, so no FMA: every machine
 *     gives the same numbers;
 *   - AVX-512: where the machine has it, the kernels run in 16 lanes,
 *     each lane doing what a lane of the 8-lane kernels does, in the same
 *     order, so the bits are still the same (the 16-lane section below).
 *     T1, one thread: 0.0375 s an epoch against 0.0445 s in 8 lanes;
 *   - two cores or more: a product's columns of C are shared out between
 *     the threads of the pool (pool.h) in parts; each column is computed
 *     by one thread in the one order below, so the bits do not depend on
 *     the number of threads (product_run, the one place that knows);
 *   - zeros cost nothing: a block of 8 zeros in the rows of A a tile
 *     reads (abt), or a row segment of zeros in B (atb, ab), adds only
 *     0 * x = 0 to every sum, and is skipped. Pictures have blank margins
 *     and relu outputs are 0 half the time: MNIST's layer 0 does about
 *     57% of the dense work. The sums are the same numbers (a lane
 *     plus 0 is the lane), unless the other factor is inf or NaN, whose
 *     product with 0 IEEE makes NaN: a network's weights are finite;
 *   - cache blocks: K is cut into blocks of KC so the rows a tile reads
 *     stay in cache while they are reused.
 *
 * Every C[i][j] is computed the same way wherever it sits (an edge tile
 * repeats a row instead of taking a different path), so a row of C does
 * not depend on M: a sample's output does not depend on the batch it is in.
 * Summation order: abt sums lane l of the products with k = l (mod 8) in
 * increasing k within each block of KC, then adds the 8 lanes pairwise,
 * then the blocks in order; atb and ab add the products in increasing k.
 */
#include "net.h"
#include "net_impl.h" /* NN_NET_HOT */
#include "pool.h"     /* nn_pool_run: the products on both cores */

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF /* the same bits in every clone */
#endif

#include <stddef.h> /* size_t */
#include <stdint.h> /* uint16_t, uint32_t: lists of blocks */
#include <string.h> /* memcpy, memset */

#ifdef NN_HAVE_CBLAS
#include <cblas.h>  /* cblas_sgemm: OpenBLAS or another CBLAS */
#include <limits.h> /* INT_MAX: CBLAS sizes are int */
#endif

/* Blocks of K: 1024 floats (4 KiB) of each row a tile reads. */
#define KC 1024

/* ---- 8 float lanes (net_impl.h) ------------------------------------------ */

typedef nn_v8 v8;
typedef nn_v8i v8i;
#define LOAD8 NN_LOAD8
#define STORE8 NN_STORE8

/* 1 when some p[0..8) is not 0 (NaN is not 0). */
static inline int any8(const float *p)
{
    v8 x;
    LOAD8(x, p);
    v8i nz = x != (v8){0};
    return ((nz[0] | nz[1]) | (nz[2] | nz[3]) | (nz[4] | nz[5]) |
            (nz[6] | nz[7])) != 0;
}

/* The lanes of *v added pairwise: (v0+v4 + v2+v6) + (v1+v5 + v3+v7). */
static inline float lane_sum(const v8 *v)
{
    v8 x = *v;
    return ((x[0] + x[4]) + (x[2] + x[6])) + ((x[1] + x[5]) + (x[3] + x[7]));
}

/* ---- pixels to floats ---------------------------------------------------- */

typedef unsigned char bytes8 __attribute__((vector_size(8)));

/* A division a pixel, 8 lanes at a time: the same quotient as one by
 * one. (Static, and called below: clang 14 emits a target_clones
 * function's resolver only where the function is used.) */
NN_NET_HOT static void pixels_kernel(const uint8_t *px, size_t n, float *x)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        bytes8 b;
        memcpy(&b, px + i, sizeof b);
        v8 f = __builtin_convertvector(__builtin_convertvector(b, v8i), v8);
        f = f / 255.0f;
        STORE8(x + i, f);
    }
    for (; i < n; i++)
        x[i] = (float)px[i] / 255.0f;
}

void nn_net_pixels(const uint8_t *px, size_t n, float *x)
{
    pixels_kernel(px, n, x);
}

/* ---- C = A B^T: 3x3 tiles of dot products -------------------------------- */

/* Tile of abt: rows ra[0..3) of A and rb[0..3) of B (row pointers, from
 * column k0 on, kn floats each); dot[r][s] = a_r . b_s over those kn.
 * Lane l holds the products with k = l (mod 8). Only the runs of whole
 * blocks of 8 listed in run[0..nrun) (from, to pairs) are read: the other
 * blocks are 0 in all three rows of A and add 0 * b = 0 (b finite). A
 * tail shorter than 8 is copied into zeroed lanes, adding 0*0 = 0. (The
 * loops over r and s are unrolled so the nine sums stay in registers.) */
__attribute__((always_inline)) static inline void
abt_tile(const float *const ra[3], const float *const rb[3],
         const uint16_t (*run)[2], size_t nrun, size_t kn, float dot[3][3])
{
    v8 sums[3][3] = {{{0}}};
    for (size_t t = 0; t < nrun; t++)
        for (size_t p = run[t][0]; p < run[t][1]; p += 8) {
            v8 b0, b1, b2;
            LOAD8(b0, rb[0] + p);
            LOAD8(b1, rb[1] + p);
            LOAD8(b2, rb[2] + p);
            _Pragma("GCC unroll 3")
            for (int r = 0; r < 3; r++) {
                v8 a;
                LOAD8(a, ra[r] + p);
                sums[r][0] += a * b0;
                sums[r][1] += a * b1;
                sums[r][2] += a * b2;
            }
        }
    size_t p = kn - kn % 8;
    if (p < kn) { /* tail: kn - p < 8 floats, the rest of the lanes 0 */
        v8 a[3] = {{0}}, b[3] = {{0}};
        _Pragma("GCC unroll 3")
        for (int r = 0; r < 3; r++) {
            memcpy(&a[r], ra[r] + p, (kn - p) * sizeof(float));
            memcpy(&b[r], rb[r] + p, (kn - p) * sizeof(float));
        }
        _Pragma("GCC unroll 3")
        for (int r = 0; r < 3; r++)
            _Pragma("GCC unroll 3")
            for (int s = 0; s < 3; s++)
                sums[r][s] += a[r] * b[s];
    }
    _Pragma("GCC unroll 3")
    for (int r = 0; r < 3; r++)
        _Pragma("GCC unroll 3")
        for (int s = 0; s < 3; s++)
            dot[r][s] = lane_sum(&sums[r][s]);
}

/* The runs of whole blocks of 8 in [0, kn) where some row ra[0..nr) is
 * not 0, as [from, to) pairs into run; returns how many. A picture's
 * blank margins, or relu's zeros, cost nothing after this. */
static inline size_t live_runs(const float *const *ra, size_t nr, size_t kn,
                               uint16_t (*run)[2])
{
    size_t nrun = 0;
    for (size_t p = 0; p + 8 <= kn; p += 8) {
        int live = 0;
        for (size_t r = 0; r < nr; r++)
            live |= any8(ra[r] + p);
        if (!live)
            continue;
        if (nrun > 0 && run[nrun - 1][1] == p)
            run[nrun - 1][1] = (uint16_t)(p + 8);
        else {
            run[nrun][0] = (uint16_t)p;
            run[nrun++][1] = (uint16_t)(p + 8);
        }
    }
    return nrun;
}

/* c[i*ldc + j] = sum_p a[i*k + p] * b[j*k + p]  (+ c[i*ldc + j])
 * a: (m, k), b: (n, k), c: (m, n) in rows of ldc. Edge tiles repeat the
 * last row of A or B and keep only the real results. */
NN_NET_HOT static void abt_kernel(const float *a, const float *b, float *c,
                                  size_t ldc, size_t m, size_t n, size_t k,
                                  int accumulate)
{
    uint16_t run[KC / 16 + 1][2]; /* runs are apart: at most half */
    for (size_t k0 = 0; k0 < k; k0 += KC) {
        size_t kn = k - k0 < KC ? k - k0 : KC;
        int add = accumulate || k0 > 0; /* later blocks add to C */
        for (size_t i = 0; i < m; i += 3) {
            const float *ra[3];
            for (size_t r = 0; r < 3; r++)
                ra[r] = a + (i + r < m ? i + r : m - 1) * k + k0;
            size_t nrun = live_runs(ra, 3, kn, run);
            for (size_t j = 0; j < n; j += 3) {
                const float *rb[3];
                float dot[3][3];
                for (size_t s = 0; s < 3; s++)
                    rb[s] = b + (j + s < n ? j + s : n - 1) * k + k0;
                abt_tile(ra, rb, run, nrun, kn, dot);
                for (size_t r = 0; r < 3 && i + r < m; r++)
                    for (size_t s = 0; s < 3 && j + s < n; s++) {
                        float *out = c + (i + r) * ldc + j + s;
                        *out = add ? *out + dot[r][s] : dot[r][s];
                    }
            }
        }
    }
}

/* ---- C = A B and C = A^T B: 6 rows by 16 columns of sums ----------------- */

/* A is read through strides: a(i, p) = a[i*si + p*sp]; ab has si = k,
 * sp = 1, atb has si = 1, sp = m. B and C are rows of ldb and ldc floats:
 * b[p][j] = b[p*ldb + j]. c[i][j] = c + sum_p a(i, p) * b[p][j],
 * the products added in increasing p: the same numbers whichever path
 * (16 columns, 8, or one at a time) a column takes. */

/* Rows rows[0..6) of C, columns j .. j+8*NV, p in the runs listed in
 * run (where b[p][j .. j+8*NV) is not all 0; the others add a*0 = 0):
 * the sums stay in registers while the rows of B stream by. An edge tile
 * repeats its last row: the copies start from the same C and add the
 * same products, so they store the same numbers. */
#define AXPY_TILE(NV)                                                    \
    __attribute__((always_inline)) static inline void axpy_tile##NV(     \
        const float *a, size_t si, size_t sp, const size_t rows[6],      \
        const float *b, size_t ldb, float *c, size_t ldc, size_t j,      \
        const size_t (*run)[2], size_t nrun, int add)                    \
    {                                                                    \
        v8 sum[6][NV];                                                   \
        _Pragma("GCC unroll 6")                                          \
        for (int r = 0; r < 6; r++)                                      \
            _Pragma("GCC unroll 2")                                      \
            for (int v = 0; v < NV; v++) {                               \
                if (add)                                                 \
                    LOAD8(sum[r][v], c + rows[r] * ldc + j + 8 * v);     \
                else                                                     \
                    sum[r][v] = (v8){0};                                 \
            }                                                            \
        for (size_t t = 0; t < nrun; t++)                                \
        for (size_t p = run[t][0]; p < run[t][1]; p++) {                 \
            v8 bv[NV];                                                   \
            _Pragma("GCC unroll 2")                                      \
            for (int v = 0; v < NV; v++)                                 \
                LOAD8(bv[v], b + p * ldb + j + 8 * v);                   \
            _Pragma("GCC unroll 6")                                      \
            for (int r = 0; r < 6; r++) {                                \
                float x = a[rows[r] * si + p * sp];                      \
                v8 av = {x, x, x, x, x, x, x, x};                        \
                _Pragma("GCC unroll 2")                                  \
                for (int v = 0; v < NV; v++)                             \
                    sum[r][v] += av * bv[v];                             \
            }                                                            \
        }                                                                \
        _Pragma("GCC unroll 6")                                          \
        for (int r = 0; r < 6; r++)                                      \
            _Pragma("GCC unroll 2")                                      \
            for (int v = 0; v < NV; v++)                                 \
                STORE8(c + rows[r] * ldc + j + 8 * v, sum[r][v]);        \
    }
AXPY_TILE(2)
AXPY_TILE(1)

/* The runs of p in [p0, p1) where b[p][j .. j+width) is not all 0
 * (width a multiple of 8), as [from, to) pairs into run; returns how
 * many. */
static inline size_t live_rows(const float *b, size_t ldb, size_t j,
                               size_t width, size_t p0, size_t p1,
                               size_t (*run)[2])
{
    size_t nrun = 0;
    for (size_t p = p0; p < p1; p++) {
        const float *row = b + p * ldb + j;
        int live = 0;
        for (size_t v = 0; v < width; v += 8)
            live |= any8(row + v);
        if (!live)
            continue;
        if (nrun > 0 && run[nrun - 1][1] == p)
            run[nrun - 1][1] = p + 1;
        else {
            run[nrun][0] = p;
            run[nrun++][1] = p + 1;
        }
    }
    return nrun;
}

/* Columns [j, n) of C one at a time (fewer than 8 are left), p in
 * [p0, p1). */
static inline void axpy_columns(const float *a, size_t si, size_t sp,
                                const float *b, size_t ldb, float *c,
                                size_t ldc, size_t m, size_t j, size_t n,
                                size_t p0, size_t p1, int add)
{
    for (; j < n; j++)
        for (size_t i = 0; i < m; i++) {
            float *out = c + i * ldc + j;
            float sum = add ? *out : 0.0f;
            for (size_t p = p0; p < p1; p++)
                sum += a[i * si + p * sp] * b[p * ldb + j];
            *out = sum;
        }
}

/* c (m, n) = A (m, k) * b (k, n) (+ c), A through strides si, sp, B and
 * C in rows of ldb and ldc. K is cut into blocks of KC, and C into column
 * groups of 16 (then 8): the rows of B a group reads stay in cache while
 * every row tile of C uses them. The running sums go back to C between
 * blocks, which keeps the order of the additions. */
NN_NET_HOT static void axpy_kernel(const float *a, size_t si, size_t sp,
                                   const float *b, size_t ldb, float *c,
                                   size_t ldc, size_t m, size_t n, size_t k,
                                   int accumulate)
{
    size_t run[KC / 2 + 1][2]; /* runs are apart: at most half */
    if (k == 0) {
        if (!accumulate)
            for (size_t i = 0; i < m; i++)
                memset(c + i * ldc, 0, n * sizeof(float));
        return;
    }
    for (size_t p0 = 0; p0 < k; p0 += KC) {
        size_t p1 = k - p0 < KC ? k : p0 + KC;
        int add = accumulate || p0 > 0;
        size_t j = 0;
        for (; j + 8 <= n; j += n - j >= 16 ? 16 : 8) {
            size_t width = n - j >= 16 ? 16 : 8;
            size_t nrun = live_rows(b, ldb, j, width, p0, p1, run);
            for (size_t i = 0; i < m; i += 6) {
                size_t rows[6], last = m - i < 6 ? m - 1 : i + 5;
                for (size_t r = 0; r < 6; r++)
                    rows[r] = i + r <= last ? i + r : last;
                if (width == 16)
                    axpy_tile2(a, si, sp, rows, b, ldb, c, ldc, j, run, nrun,
                               add);
                else
                    axpy_tile1(a, si, sp, rows, b, ldb, c, ldc, j, run, nrun,
                               add);
            }
        }
        axpy_columns(a, si, sp, b, ldb, c, ldc, m, j, n, p0, p1, add);
    }
}

/* ---- 16 lanes: the same sums, twice as many at once (AVX-512) ------------ */

#ifdef NN_NET_X86
/* A machine with AVX-512 multiplies and adds 16 floats an instruction.
 * The kernels below use them without changing a single sum: each lane of
 * a 16-lane vector does what one lane of the 8-lane kernels does, in the
 * same order. abt puts two of its 8-lane sums side by side (two columns
 * of C in one vector: 4 rows by 4 columns a tile); the axpy tiles simply
 * hold 16 columns of C a vector. So the products give the same bits with
 * 16 lanes, 8 or 4 (tests/test_net.c checks), and no machine computes
 * other numbers: the 16 lanes are a speed, not a second answer. */
#define WIDE __attribute__((target("avx512f")))
typedef float v16 __attribute__((vector_size(64)));
#define LOAD16(v, p) memcpy(&(v), (p), sizeof(v))
#define STORE16(p, v) memcpy((p), &(v), sizeof(v))
#define JOIN8(lo, hi) \
    __builtin_shufflevector(lo, hi, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, \
                            12, 13, 14, 15)
#define LOW8(x) __builtin_shufflevector(x, x, 0, 1, 2, 3, 4, 5, 6, 7)
#define HIGH8(x) __builtin_shufflevector(x, x, 8, 9, 10, 11, 12, 13, 14, 15)

/* abt_tile for rows ra[0..4) and columns rb[0..4): sums[r][q] holds the
 * 8 lanes of dot[r][2q] and then those of dot[r][2q+1]. */
WIDE __attribute__((always_inline)) static inline void
abt_tile_wide(const float *const ra[4], const float *const rb[4],
              const uint16_t (*run)[2], size_t nrun, size_t kn,
              float dot[4][4])
{
    v16 sums[4][2] = {{{0}}};
    for (size_t t = 0; t < nrun; t++)
        for (size_t p = run[t][0]; p < run[t][1]; p += 8) {
            v8 b0, b1, b2, b3;
            LOAD8(b0, rb[0] + p);
            LOAD8(b1, rb[1] + p);
            LOAD8(b2, rb[2] + p);
            LOAD8(b3, rb[3] + p);
            v16 b01 = JOIN8(b0, b1), b23 = JOIN8(b2, b3);
            _Pragma("GCC unroll 4")
            for (int r = 0; r < 4; r++) {
                v8 a;
                LOAD8(a, ra[r] + p);
                v16 aa = JOIN8(a, a);
                sums[r][0] += aa * b01;
                sums[r][1] += aa * b23;
            }
        }
    size_t p = kn - kn % 8;
    if (p < kn) { /* tail: as abt_tile's */
        v8 a[4] = {{0}}, b[4] = {{0}};
        _Pragma("GCC unroll 4")
        for (int r = 0; r < 4; r++) {
            memcpy(&a[r], ra[r] + p, (kn - p) * sizeof(float));
            memcpy(&b[r], rb[r] + p, (kn - p) * sizeof(float));
        }
        v16 b01 = JOIN8(b[0], b[1]), b23 = JOIN8(b[2], b[3]);
        _Pragma("GCC unroll 4")
        for (int r = 0; r < 4; r++) {
            v16 aa = JOIN8(a[r], a[r]);
            sums[r][0] += aa * b01;
            sums[r][1] += aa * b23;
        }
    }
    _Pragma("GCC unroll 4")
    for (int r = 0; r < 4; r++)
        _Pragma("GCC unroll 2")
        for (int q = 0; q < 2; q++) {
            v8 lo = LOW8(sums[r][q]), hi = HIGH8(sums[r][q]);
            dot[r][2 * q] = lane_sum(&lo);
            dot[r][2 * q + 1] = lane_sum(&hi);
        }
}

/* abt_kernel with 4 by 4 tiles of 16 lanes. */
WIDE static void abt_kernel_wide(const float *a, const float *b, float *c,
                                 size_t ldc, size_t m, size_t n, size_t k,
                                 int accumulate)
{
    uint16_t run[KC / 16 + 1][2];
    for (size_t k0 = 0; k0 < k; k0 += KC) {
        size_t kn = k - k0 < KC ? k - k0 : KC;
        int add = accumulate || k0 > 0;
        for (size_t i = 0; i < m; i += 4) {
            const float *ra[4];
            for (size_t r = 0; r < 4; r++)
                ra[r] = a + (i + r < m ? i + r : m - 1) * k + k0;
            size_t nrun = live_runs(ra, 4, kn, run);
            for (size_t j = 0; j < n; j += 4) {
                const float *rb[4];
                float dot[4][4];
                for (size_t s = 0; s < 4; s++)
                    rb[s] = b + (j + s < n ? j + s : n - 1) * k + k0;
                abt_tile_wide(ra, rb, run, nrun, kn, dot);
                for (size_t r = 0; r < 4 && i + r < m; r++)
                    for (size_t s = 0; s < 4 && j + s < n; s++) {
                        float *out = c + (i + r) * ldc + j + s;
                        *out = add ? *out + dot[r][s] : dot[r][s];
                    }
            }
        }
    }
}

/* axpy_tile with 16 columns a vector: NV of them, 16 * NV columns. */
#define AXPY_TILE_WIDE(NV)                                               \
    WIDE __attribute__((always_inline)) static inline void               \
    axpy_tile_wide##NV(const float *a, size_t si, size_t sp,             \
                       const size_t rows[6], const float *b, size_t ldb, \
                       float *c, size_t ldc, size_t j,                   \
                       const size_t (*run)[2], size_t nrun, int add)     \
    {                                                                    \
        v16 sum[6][NV];                                                  \
        _Pragma("GCC unroll 6")                                          \
        for (int r = 0; r < 6; r++)                                      \
            _Pragma("GCC unroll 2")                                      \
            for (int v = 0; v < NV; v++) {                               \
                if (add)                                                 \
                    LOAD16(sum[r][v], c + rows[r] * ldc + j + 16 * v);   \
                else                                                     \
                    sum[r][v] = (v16){0};                                \
            }                                                            \
        for (size_t t = 0; t < nrun; t++)                                \
        for (size_t p = run[t][0]; p < run[t][1]; p++) {                 \
            v16 bv[NV];                                                  \
            _Pragma("GCC unroll 2")                                      \
            for (int v = 0; v < NV; v++)                                 \
                LOAD16(bv[v], b + p * ldb + j + 16 * v);                 \
            _Pragma("GCC unroll 6")                                      \
            for (int r = 0; r < 6; r++) {                                \
                float x = a[rows[r] * si + p * sp];                      \
                v16 av = {x, x, x, x, x, x, x, x,                        \
                          x, x, x, x, x, x, x, x};                       \
                _Pragma("GCC unroll 2")                                  \
                for (int v = 0; v < NV; v++)                             \
                    sum[r][v] += av * bv[v];                             \
            }                                                            \
        }                                                                \
        _Pragma("GCC unroll 6")                                          \
        for (int r = 0; r < 6; r++)                                      \
            _Pragma("GCC unroll 2")                                      \
            for (int v = 0; v < NV; v++)                                 \
                STORE16(c + rows[r] * ldc + j + 16 * v, sum[r][v]);      \
    }
AXPY_TILE_WIDE(2)
AXPY_TILE_WIDE(1)

/* axpy_kernel with column groups of 32, then 16, then 8 (8 lanes), then
 * one at a time. */
WIDE static void axpy_kernel_wide(const float *a, size_t si, size_t sp,
                                  const float *b, size_t ldb, float *c,
                                  size_t ldc, size_t m, size_t n, size_t k,
                                  int accumulate)
{
    size_t run[KC / 2 + 1][2];
    if (k == 0) {
        if (!accumulate)
            for (size_t i = 0; i < m; i++)
                memset(c + i * ldc, 0, n * sizeof(float));
        return;
    }
    for (size_t p0 = 0; p0 < k; p0 += KC) {
        size_t p1 = k - p0 < KC ? k : p0 + KC;
        int add = accumulate || p0 > 0;
        size_t j = 0;
        while (j + 8 <= n) {
            size_t width = n - j >= 32 ? 32 : n - j >= 16 ? 16 : 8;
            size_t nrun = live_rows(b, ldb, j, width, p0, p1, run);
            for (size_t i = 0; i < m; i += 6) {
                size_t rows[6], last = m - i < 6 ? m - 1 : i + 5;
                for (size_t r = 0; r < 6; r++)
                    rows[r] = i + r <= last ? i + r : last;
                if (width == 32)
                    axpy_tile_wide2(a, si, sp, rows, b, ldb, c, ldc, j, run,
                                    nrun, add);
                else if (width == 16)
                    axpy_tile_wide1(a, si, sp, rows, b, ldb, c, ldc, j, run,
                                    nrun, add);
                else
                    axpy_tile1(a, si, sp, rows, b, ldb, c, ldc, j, run, nrun,
                               add);
            }
            j += width;
        }
        axpy_columns(a, si, sp, b, ldb, c, ldc, m, j, n, p0, p1, add);
    }
}

/* 1 when the machine (and its kernel) runs AVX-512 instructions. */
static int have_wide(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}
#endif /* NN_NET_X86 */

/* Whether the products use 16 lanes: -1 not yet decided. Set on the
 * caller's thread before a product's parts are handed out. */
static int wide = -1;

int nn_gemm_wide(int want)
{
#ifdef NN_NET_X86
    if (want >= 0 || wide < 0)
        wide = want != 0 && have_wide();
#else
    (void)want;
    wide = 0;
#endif
    return wide;
}

/* ---- both cores: the columns of C split across the pool ------------------ */

/* The two kernels' shapes: 8 lanes, or 16 (wide). */
typedef void abt_fn(const float *a, const float *b, float *c, size_t ldc,
                    size_t m, size_t n, size_t k, int accumulate);
typedef void axpy_fn(const float *a, size_t si, size_t sp, const float *b,
                     size_t ldb, float *c, size_t ldc, size_t m, size_t n,
                     size_t k, int accumulate);

/* A product as the public functions receive it. */
typedef struct product {
    enum { ABT, ATB, AB } kind;
    const float *a, *b;
    float *c;
    size_t m, n, k;
    int accumulate;
} product;

/* Work below which a part is not worth a thread: 128 Ki multiply-adds,
 * a few microseconds, about what handing a part over costs. */
#define PART_WORK ((size_t)1 << 17)

/* Columns of C a part starts on are multiples of this: whole tiles (3
 * or 4 columns in abt, groups of 16 or 32 in atb and ab). */
static size_t grain(const product *p)
{
    return p->kind == ABT ? 12 : 32;
}

/* Where part `part` of `parts` starts in [0, n): a multiple of g, and n
 * for part = parts. */
static size_t part_start(size_t n, size_t g, size_t part, size_t parts)
{
    if (part == parts)
        return n;
    return n / g * part / parts * g;
}

/* Columns [j0, j1) of C: the same kernel on a narrower C, whose rows are
 * still n floats apart. */
static void product_columns(const product *p, size_t j0, size_t j1)
{
    size_t n = p->n, w = j1 - j0;
    abt_fn *abt = abt_kernel;
    axpy_fn *axpy = axpy_kernel;
#ifdef NN_NET_X86
    if (wide == 1) {
        abt = abt_kernel_wide;
        axpy = axpy_kernel_wide;
    }
#endif
    switch (p->kind) {
    case ABT:
        abt(p->a, p->b + j0 * p->k, p->c + j0, n, p->m, w, p->k,
            p->accumulate);
        break;
    case ATB:
        axpy(p->a, 1, p->m, p->b + j0, n, p->c + j0, n, p->m, w, p->k,
             p->accumulate);
        break;
    case AB:
        axpy(p->a, p->k, 1, p->b + j0, n, p->c + j0, n, p->m, w, p->k,
             p->accumulate);
        break;
    }
}

/* One part of a product (nn_pool_fn). */
static void product_part(void *ctx, size_t part, size_t parts)
{
    const product *p = ctx;
    size_t g = grain(p);
    product_columns(p, part_start(p->n, g, part, parts),
                    part_start(p->n, g, part + 1, parts));
}

/* Runs a product on as many threads as help, one part a thread
 * (nn_pool_run shares them out): a part is whole columns of C, each
 * column computed in the one order the kernel always uses, so the bits
 * are the same on 1 thread or 8 (tests/test_net.c checks). One part a
 * thread, not more: each part reads all of A again and works out again
 * where its zeros are, and on T1 (issue 16, 2 cores) 4 parts a thread
 * made the forward product 58 us against 34 us for one. */
static void product_run(product *p)
{
    if (wide < 0)
        nn_gemm_wide(-1);
    size_t threads = nn_pool_threads(), parts = threads;
    size_t by_work = p->m * p->n * p->k / PART_WORK; /* no overflow: the
                                               sizes are a network's */
    size_t by_grain = p->n / grain(p);
    if (parts > by_work)
        parts = by_work;
    if (parts > by_grain)
        parts = by_grain;
    if (threads <= 1 || parts <= 1)
        product_columns(p, 0, p->n);
    else
        nn_pool_run(product_part, p, parts);
}

/* ---- the public products: plain, and CBLAS when built with it ------------ */

void nn_gemm_abt_plain(const float *a, const float *b, float *c, size_t m,
                       size_t n, size_t k, int accumulate)
{
    if (m == 0 || n == 0)
        return;
    if (k == 0) {
        if (!accumulate)
            memset(c, 0, m * n * sizeof(float));
        return;
    }
    product p = { ABT, a, b, c, m, n, k, accumulate };
    product_run(&p);
}

void nn_gemm_atb_plain(const float *a, const float *b, float *c, size_t m,
                       size_t n, size_t k, int accumulate)
{
    if (m == 0 || n == 0)
        return;
    product p = { ATB, a, b, c, m, n, k, accumulate };
    product_run(&p);
}

void nn_gemm_ab_plain(const float *a, const float *b, float *c, size_t m,
                      size_t n, size_t k, int accumulate)
{
    if (m == 0 || n == 0)
        return;
    product p = { AB, a, b, c, m, n, k, accumulate };
    product_run(&p);
}

#ifdef NN_HAVE_CBLAS
/* CBLAS takes int sizes and needs K >= 1 for its leading dimensions;
 * anything else goes the plain way. */
static int blas_fits(size_t m, size_t n, size_t k)
{
    return m >= 1 && n >= 1 && k >= 1 && m <= INT_MAX && n <= INT_MAX &&
           k <= INT_MAX;
}
#endif

void nn_gemm_abt(const float *a, const float *b, float *c, size_t m,
                 size_t n, size_t k, int accumulate)
{
#ifdef NN_HAVE_CBLAS
    if (blas_fits(m, n, k)) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)m, (int)n,
                    (int)k, 1.0f, a, (int)k, b, (int)k,
                    accumulate ? 1.0f : 0.0f, c, (int)n);
        return;
    }
#endif
    nn_gemm_abt_plain(a, b, c, m, n, k, accumulate);
}

void nn_gemm_atb(const float *a, const float *b, float *c, size_t m,
                 size_t n, size_t k, int accumulate)
{
#ifdef NN_HAVE_CBLAS
    if (blas_fits(m, n, k)) {
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)m, (int)n,
                    (int)k, 1.0f, a, (int)m, b, (int)n,
                    accumulate ? 1.0f : 0.0f, c, (int)n);
        return;
    }
#endif
    nn_gemm_atb_plain(a, b, c, m, n, k, accumulate);
}

void nn_gemm_ab(const float *a, const float *b, float *c, size_t m,
                size_t n, size_t k, int accumulate)
{
#ifdef NN_HAVE_CBLAS
    if (blas_fits(m, n, k)) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)m,
                    (int)n, (int)k, 1.0f, a, (int)k, b, (int)n,
                    accumulate ? 1.0f : 0.0f, c, (int)n);
        return;
    }
#endif
    nn_gemm_ab_plain(a, b, c, m, n, k, accumulate);
}

int nn_gemm_uses_cblas(void)
{
#ifdef NN_HAVE_CBLAS
    return 1;
#else
    return 0;
#endif
}
