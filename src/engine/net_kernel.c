/*
 * net_kernel.c - the matrix products of the network, in plain C and
 * through CBLAS.
 *
 * Two products, both row-major (X[i*D + j] for an (N, D) array):
 *   nn_gemm_ab   C (M, N) = A (M, K) * B (K, N)     forward: z = a W^T
 *                (W kept as W^T, net_impl.h), and da = delta W
 *   nn_gemm_atb  C (M, N) = A^T * B, A (K, M), B (K, N)  dW^T = a^T delta
 * each "plus C" when asked to accumulate. They are most of the time a
 * network trains, so each has a plain C version written for speed, a naive
 * twin in tests/test_net.c as its oracle, and, built with NN_HAVE_CBLAS,
 * a call to cblas_sgemm checked against the plain one.
 *
 * How the plain versions are fast (on the 2-core AMD EPYC, Zen 5, this
 * project runs on, one core: 63 G multiply-adds a second on dense numbers
 * in cache, 45 G from L2; T1's two big products of a batch, 32 pictures
 * through 784-128, about 20 us each):
 *   - register tiles: a small block of C (2 rows by 128 columns of sums,
 *     6 by 16 in 8 lanes) lives in registers while K is walked, so each
 *     number loaded from memory feeds several multiply-adds;
 *   - zeros cost nothing: a p where every row of a tile has a(i, p) = 0
 *     adds 0 * b = 0 to each of its sums and is skipped. In T1 A is the
 *     batch of pictures (the forward pass) or the same pixels (the
 *     gradient), 81% of them 0; the tiles of 2 rows do 29% and 22% of the
 *     dense work. The sums are
 *     the same numbers (a sum plus 0 is the sum), unless b is inf or NaN,
 *     whose product with 0 IEEE makes NaN: a network's weights are finite;
 *   - 8 float lanes: GNU C vector types (net_impl.h), which gcc and clang
 *     turn into SSE, AVX or NEON instructions;
 *   - x86-64: each kernel is compiled for AVX2 and for the basic
 *     instruction set, and the loader picks one (NN_NET_HOT). Both do the
 *     same operations in the same order (no fused multiply-add), so they
 *     give the same bits. Fused multiply-add was measured (issue 16, Zen 5,
 *     T1's two big products, one thread, medians of 5 interleaved runs):
 *     0.180 ms against 0.185 ms without, 3%, inside the noise (Zen 5 has
 *     two adders beside its two multipliers). Under the 10% that would pay
 *     for a second set of bits, so no FMA: every machine gives the same
 *     numbers;
 *   - AVX-512: where the machine has it, the kernels run in 16 lanes and
 *     the live p of a tile are packed by a compress instruction; each
 *     sum is still made in the same order, so the bits are the same (the
 *     16-lane section below);
 *   - two cores or more: a product's columns of C are shared out between
 *     the threads of the pool (pool.h) in parts; each column is computed
 *     by one thread in the one order below, so the bits do not depend on
 *     the number of threads (product_run, the one place that knows);
 *   - cache blocks: K is cut into blocks of KC so the rows a tile reads
 *     stay in cache while they are reused.
 *
 * Every C[i][j] is computed the same way wherever it sits (an edge tile
 * repeats a row instead of taking a different path), so a row of C does
 * not depend on M: a sample's output does not depend on the batch it is in.
 * Summation order: the products are added to C in increasing k, one
 * float sum an element, as the plain loop does (tests/test_net.c checks
 * the bits).
 */
#include "net.h"
#include "net_impl.h" /* NN_NET_HOT */
#include "pool.h"     /* nn_pool_run: the products on both cores */

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF /* the same bits in every clone */
#endif

#include <stddef.h> /* size_t */
#include <stdint.h> /* uint8_t, uint32_t: pixels, lists of live p */
#include <string.h> /* memcpy, memset */

#ifdef NN_NET_X86
#include <immintrin.h> /* AVX-512 compress: the live p of a tile */
#endif

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

/* x in every lane. */
#define SPLAT8(x)                                                       \
    __extension__({                                                     \
        float x_ = (x);                                                 \
        (v8){ x_, x_, x_, x_, x_, x_, x_, x_ };                         \
    })

/* ---- pixels to floats ---------------------------------------------------- */

/* px / 255 for each pixel, 16 at a time, as a product in double:
 * px * (1/255) rounded once to float is the correctly rounded quotient
 * px / 255 for every one of the 256 bytes (tests/test_net.c checks all
 * of them), and a multiplication is several times cheaper than a
 * division. The bytes are widened to 32-bit lanes by a shuffle with
 * zeros (which gcc and clang both turn into one instruction or two).
 * (Static, and called below: clang 14 emits a target_clones function's
 * resolver only where the function is used.) */
typedef unsigned char bytes16 __attribute__((vector_size(16)));
typedef unsigned char bytes32 __attribute__((vector_size(32)));
typedef double d8 __attribute__((vector_size(64)));

/* x[0..8) = the quotients of the 8 bytes widened to 32-bit lanes in w
 * (bytes32; little-endian: each byte is its lane's low byte). A macro:
 * vectors passed by value change the ABI between clones. */
#define QUOTIENTS(x, w)                                               \
    do {                                                              \
        bytes32 w_ = (w);                                             \
        v8i i_;                                                       \
        memcpy(&i_, &w_, sizeof i_);                                  \
        d8 d_ = __builtin_convertvector(i_, d8) * (1.0 / 255.0);      \
        v8 f_ = __builtin_convertvector(d_, v8);                      \
        STORE8((x), f_);                                              \
    } while (0)

NN_NET_HOT static void pixels_kernel(const uint8_t *px, size_t n, float *x)
{
    const bytes16 z = { 0 };
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        bytes16 b;
        memcpy(&b, px + i, sizeof b);
        QUOTIENTS(x + i, __builtin_shufflevector(
            b, z, 0, 16, 16, 16, 1, 16, 16, 16, 2, 16, 16, 16, 3, 16, 16, 16,
            4, 16, 16, 16, 5, 16, 16, 16, 6, 16, 16, 16, 7, 16, 16, 16));
        QUOTIENTS(x + i + 8, __builtin_shufflevector(
            b, z, 8, 16, 16, 16, 9, 16, 16, 16, 10, 16, 16, 16, 11, 16, 16,
            16, 12, 16, 16, 16, 13, 16, 16, 16, 14, 16, 16, 16, 15, 16, 16,
            16));
    }
    for (; i < n; i++)
        x[i] = (float)((double)px[i] * (1.0 / 255.0));
}

void nn_net_pixels(const uint8_t *px, size_t n, float *x)
{
    pixels_kernel(px, n, x);
}

void nn_net_pixel_rows(const uint8_t *px, size_t n, const size_t *idx,
                       size_t rows, float *x)
{
    enum { AHEAD = 2 }; /* rows fetched ahead of their turn */
    for (size_t i = 0; i < rows; i++) {
        if (i + AHEAD < rows)
            for (size_t at = 0; at < n; at += 64)
                __builtin_prefetch(px + idx[i + AHEAD] * n + at);
        pixels_kernel(px + idx[i] * n, n, x + i * n);
    }
}

/* ---- C = A B and C = A^T B: rows of C by 16 columns of sums -------------- */

/* A is read through strides: a(i, p) = a[i*si + p*sp]; ab has si = k,
 * sp = 1, atb has si = 1, sp = m. B and C are rows of ldb and ldc floats:
 * b[p][j] = b[p*ldb + j]. c[i][j] = c + sum_p a(i, p) * b[p][j], the
 * products added in increasing p: the same numbers whichever tile (R rows
 * by 8 or 16 lanes, or a tail of fewer than 8 columns) an element is in.
 *
 * Zeros in A cost nothing: a p where every row of a tile has a(i, p) = 0
 * adds 0 * b = 0 to each of its sums (b finite) and is skipped. A tile of
 * R rows lists the other p once (live_rows) and reuses the list for all
 * its columns. In the forward pass A is a batch of pictures (a row of A a
 * sample, about 19% of MNIST's pixels not 0); in the gradient it is the
 * same pixels, a row of A a pixel (atb). */

/* 1 when the float whose bits are u is not 0 (NaN is not 0, -0 is). */
static inline uint32_t nonzero_bits(uint32_t u)
{
    return (u & 0x7fffffffu) != 0;
}

/* The p in [p0, p1) where a(rows[r], p) != 0 for one of the 8-lane
 * tile's 6 rows, in increasing order into live; returns how many.
 * Without a branch a p: the zeros come and go too often for a branch to
 * guess. */
__attribute__((always_inline)) static inline size_t
live_rows(const float *a, size_t si, size_t sp, const size_t rows[6],
          size_t p0, size_t p1, uint32_t *live)
{
    size_t n = 0, p = p0;
    if (sp == 1) /* ab: each row runs along p, 8 p at a time */
        for (; p + 8 <= p1; p += 8) {
            v8i any = { 0 };
            _Pragma("GCC unroll 6")
            for (int r = 0; r < 6; r++) {
                v8i u;
                LOAD8(u, a + rows[r] * si + p);
                any |= u;
            }
            any = (any & 0x7fffffff) != 0;
            _Pragma("GCC unroll 8")
            for (int l = 0; l < 8; l++) {
                live[n] = (uint32_t)(p + (size_t)l);
                n += (size_t)(any[l] & 1);
            }
        }
    size_t at[6];
    _Pragma("GCC unroll 6")
    for (int r = 0; r < 6; r++)
        at[r] = rows[r] * si;
    for (; p < p1; p++) {
        const float *col = a + p * sp;
        uint32_t any = 0;
        _Pragma("GCC unroll 6")
        for (int r = 0; r < 6; r++) {
            uint32_t u;
            memcpy(&u, col + at[r], sizeof u);
            any |= u;
        }
        live[n] = (uint32_t)p;
        n += nonzero_bits(any);
    }
    return n;
}

/* The R rows of C from row i on, an edge tile repeating the last. */
static inline void tile_rows(size_t i, size_t m, int R, size_t *rows)
{
    size_t last = m - i < (size_t)R ? m - 1 : i + (size_t)R - 1;
    for (int r = 0; r < R; r++)
        rows[r] = i + (size_t)r <= last ? i + (size_t)r : last;
}

/* Rows rows[0..R) of C, columns j .. j + LANES*NV: R*NV vectors of sums
 * stay in registers while the rows of B stream by, p in live[0..nlive).
 * An edge tile repeats its last row: the copies start from the same C
 * and add the same products, so they store the same numbers. VEC is v8
 * or v16, ATTR its target. */
#define AXPY_TILE(NAME, ATTR, VEC, LANES, R, NV, SPLAT)                   \
    ATTR __attribute__((always_inline)) static inline void NAME(          \
        const float *a, size_t si, size_t sp, const size_t *rows,         \
        const float *b, size_t ldb, float *c, size_t ldc, size_t j,       \
        const uint32_t *live, size_t nlive, int add)                      \
    {                                                                     \
        VEC sum[R][NV];                                                   \
        _Pragma("GCC unroll 8")                                           \
        for (int r = 0; r < R; r++)                                       \
            _Pragma("GCC unroll 8")                                       \
            for (int v = 0; v < NV; v++) {                                \
                if (add)                                                  \
                    memcpy(&sum[r][v], c + rows[r] * ldc + j + LANES * v, \
                           sizeof(VEC));                                  \
                else                                                      \
                    sum[r][v] = (VEC){ 0 };                               \
            }                                                             \
        for (size_t t = 0; t < nlive; t++) {                              \
            size_t p = live[t];                                           \
            VEC bv[NV];                                                   \
            _Pragma("GCC unroll 8")                                       \
            for (int v = 0; v < NV; v++)                                  \
                memcpy(&bv[v], b + p * ldb + j + LANES * v, sizeof(VEC)); \
            _Pragma("GCC unroll 8")                                       \
            for (int r = 0; r < R; r++) {                                 \
                VEC av = SPLAT(a[rows[r] * si + p * sp]);                 \
                _Pragma("GCC unroll 8")                                   \
                for (int v = 0; v < NV; v++)                              \
                    sum[r][v] += av * bv[v];                              \
            }                                                             \
        }                                                                 \
        _Pragma("GCC unroll 8")                                           \
        for (int r = 0; r < R; r++)                                       \
            _Pragma("GCC unroll 8")                                       \
            for (int v = 0; v < NV; v++)                                  \
                memcpy(c + rows[r] * ldc + j + LANES * v, &sum[r][v],     \
                       sizeof(VEC));                                      \
    }

/* B's last w < 8 columns from j, rows [p0, p1), copied into rows of 8
 * floats whose other lanes are 0: the tail tile reads them as a vector. */
static inline void pad_columns(const float *b, size_t ldb, size_t j,
                               size_t w, size_t p0, size_t p1, float *pad)
{
    for (size_t p = p0; p < p1; p++) {
        float *row = pad + (p - p0) * 8;
        memset(row, 0, 8 * sizeof(float));
        memcpy(row, b + p * ldb + j, w * sizeof(float));
    }
}

/* The tile for the last w < 8 columns of C from j, B's columns read from
 * pad (rows of 8 from p0 on): the same sums in the same order; the lanes
 * past w add 0s and are not stored. */
#define AXPY_TAIL(NAME, ATTR, R)                                          \
    ATTR __attribute__((always_inline)) static inline void NAME(          \
        const float *a, size_t si, size_t sp, const size_t *rows,         \
        const float *pad, size_t p0, float *c, size_t ldc, size_t j,      \
        size_t w, const uint32_t *live, size_t nlive, int add)            \
    {                                                                     \
        v8 sum[R];                                                        \
        _Pragma("GCC unroll 8")                                           \
        for (int r = 0; r < R; r++) {                                     \
            sum[r] = (v8){ 0 };                                           \
            if (add)                                                      \
                memcpy(&sum[r], c + rows[r] * ldc + j, w * sizeof(float)); \
        }                                                                 \
        for (size_t t = 0; t < nlive; t++) {                              \
            size_t p = live[t];                                           \
            v8 bv;                                                        \
            LOAD8(bv, pad + (p - p0) * 8);                                \
            _Pragma("GCC unroll 8")                                       \
            for (int r = 0; r < R; r++)                                   \
                sum[r] += SPLAT8(a[rows[r] * si + p * sp]) * bv;          \
        }                                                                 \
        _Pragma("GCC unroll 8")                                           \
        for (int r = 0; r < R; r++)                                       \
            memcpy(c + rows[r] * ldc + j, &sum[r], w * sizeof(float));    \
    }

/* 8 lanes: 6 rows by 16 columns (12 of the 16 AVX registers). */
AXPY_TILE(axpy_6x16, , v8, 8, 6, 2, SPLAT8)
AXPY_TILE(axpy_6x8, , v8, 8, 6, 1, SPLAT8)
AXPY_TAIL(axpy_6_tail, , 6)

/* c (m, n) = A (m, k) * b (k, n) (+ c), A through strides si, sp, B and
 * C in rows of ldb and ldc. K is cut into blocks of KC; in each, a tile's
 * rows go through all the columns of C with one list of live p. The
 * running sums go back to C between blocks, which keeps the order of the
 * additions. */
NN_NET_HOT static void axpy_kernel(const float *a, size_t si, size_t sp,
                                   const float *b, size_t ldb, float *c,
                                   size_t ldc, size_t m, size_t n, size_t k,
                                   int accumulate)
{
    uint32_t live[KC];
    float pad[KC * 8];
    size_t tail = n - n % 8; /* columns from here on: fewer than 8 */
    if (k == 0) {
        if (!accumulate)
            for (size_t i = 0; i < m; i++)
                memset(c + i * ldc, 0, n * sizeof(float));
        return;
    }
    for (size_t p0 = 0; p0 < k; p0 += KC) {
        size_t p1 = k - p0 < KC ? k : p0 + KC;
        int add = accumulate || p0 > 0;
        if (tail < n)
            pad_columns(b, ldb, tail, n - tail, p0, p1, pad);
        for (size_t i = 0; i < m; i += 6) {
            size_t rows[6];
            tile_rows(i, m, 6, rows);
            size_t nlive = live_rows(a, si, sp, rows, p0, p1, live);
            size_t j = 0;
            for (; j + 16 <= n; j += 16)
                axpy_6x16(a, si, sp, rows, b, ldb, c, ldc, j, live, nlive,
                          add);
            if (j + 8 <= n)
                axpy_6x8(a, si, sp, rows, b, ldb, c, ldc, j, live, nlive,
                         add);
            if (tail < n)
                axpy_6_tail(a, si, sp, rows, pad, p0, c, ldc, tail, n - tail,
                            live, nlive, add);
        }
    }
}

/* ---- 16 lanes: the same sums, twice as many at once (AVX-512) ------------ */

#ifdef NN_NET_X86
/* A machine with AVX-512 multiplies and adds 16 floats an instruction.
 * The kernels below use them without changing a single sum: each element
 * of C is still one float sum of its products in increasing p, whether
 * its lane is one of 16 or of 8. So the products give the same bits with
 * 16 lanes or 8 (tests/test_net.c checks), and no machine computes other
 * numbers: the 16 lanes are a speed, not a second answer. */
#define WIDE __attribute__((target("avx512f")))
typedef float v16 __attribute__((vector_size(64)));
#define SPLAT16(x)                                                      \
    __extension__({                                                     \
        float x_ = (x);                                                 \
        (v16){ x_, x_, x_, x_, x_, x_, x_, x_,                          \
               x_, x_, x_, x_, x_, x_, x_, x_ };                        \
    })

/* axpy_kernel in 16 lanes: 2 rows by 128 columns (16 of the 32 AVX-512
 * registers hold sums), then narrower groups. Two rows, not six: a tile
 * skips a p only where all its rows are 0, which for two samples of MNIST
 * is 71% of the pixels and for six 56%, and the 128 columns still give
 * each value of A read 8 vectors of work. */
AXPY_TILE(axpy_2x128, WIDE, v16, 16, 2, 8, SPLAT16)
AXPY_TILE(axpy_2x64, WIDE, v16, 16, 2, 4, SPLAT16)
AXPY_TILE(axpy_2x32, WIDE, v16, 16, 2, 2, SPLAT16)
AXPY_TILE(axpy_2x16, WIDE, v16, 16, 2, 1, SPLAT16)
AXPY_TILE(axpy_2x8, WIDE, v8, 8, 2, 1, SPLAT8)
AXPY_TAIL(axpy_2_tail, WIDE, 2)

/* Rows rows[0..2) of C, all n columns, p in live[0..nlive). */
WIDE __attribute__((always_inline)) static inline void
axpy_rows_wide(const float *a, size_t si, size_t sp, const size_t rows[2],
               const float *b, size_t ldb, float *c, size_t ldc, size_t n,
               const float *pad, size_t p0, const uint32_t *live,
               size_t nlive, int add)
{
    size_t j = 0, tail = n - n % 8;
    for (; j + 128 <= n; j += 128)
        axpy_2x128(a, si, sp, rows, b, ldb, c, ldc, j, live, nlive, add);
    if (j + 64 <= n) {
        axpy_2x64(a, si, sp, rows, b, ldb, c, ldc, j, live, nlive, add);
        j += 64;
    }
    if (j + 32 <= n) {
        axpy_2x32(a, si, sp, rows, b, ldb, c, ldc, j, live, nlive, add);
        j += 32;
    }
    if (j + 16 <= n) {
        axpy_2x16(a, si, sp, rows, b, ldb, c, ldc, j, live, nlive, add);
        j += 16;
    }
    if (j + 8 <= n)
        axpy_2x8(a, si, sp, rows, b, ldb, c, ldc, j, live, nlive, add);
    if (tail < n)
        axpy_2_tail(a, si, sp, rows, pad, p0, c, ldc, tail, n - tail, live,
                    nlive, add);
}

/* live_rows for two rows that run along p (ab), 16 p at a time: the p
 * whose lanes are not 0 are packed into live by a compress instruction.
 * live has room for 16 past the last. */
WIDE __attribute__((always_inline)) static inline size_t
live_pair(const float *r0, const float *r1, size_t p0, size_t p1,
          uint32_t *live)
{
    const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
                                           10, 11, 12, 13, 14, 15);
    const __m512i value = _mm512_set1_epi32(0x7fffffff); /* not the sign */
    size_t n = 0, p = p0;
    for (; p + 16 <= p1; p += 16) {
        __m512i u = _mm512_or_si512(_mm512_loadu_si512(r0 + p),
                                    _mm512_loadu_si512(r1 + p));
        __mmask16 nz = _mm512_test_epi32_mask(u, value);
        __m512i at = _mm512_add_epi32(iota, _mm512_set1_epi32((int)p));
        _mm512_storeu_si512(live + n, _mm512_maskz_compress_epi32(nz, at));
        n += (size_t)__builtin_popcount(nz);
    }
    for (; p < p1; p++) {
        uint32_t u0, u1;
        memcpy(&u0, r0 + p, sizeof u0);
        memcpy(&u1, r1 + p, sizeof u1);
        live[n] = (uint32_t)p;
        n += nonzero_bits(u0 | u1);
    }
    return n;
}

/* atb's A is (k, m): a sample a row, and C's rows are its columns. For
 * up to 32 samples and up to CHUNK rows of C from i0, bits[i] has bit q
 * set when a(i0 + i, p0 + q) is not 0: one pass over the samples' rows,
 * 16 at a time. */
#define CHUNK 1024

WIDE static void live_bits(const float *a, size_t m, size_t i0, size_t i1,
                           size_t p0, size_t p1, uint32_t *bits)
{
    const __m512i value = _mm512_set1_epi32(0x7fffffff);
    memset(bits, 0, (i1 - i0) * sizeof *bits);
    for (size_t p = p0; p < p1; p++) {
        const float *row = a + p * m;
        __m512i bit = _mm512_set1_epi32((int)(1u << (p - p0)));
        size_t i = i0;
        for (; i + 16 <= i1; i += 16) {
            __mmask16 nz = _mm512_test_epi32_mask(
                _mm512_loadu_si512(row + i), value);
            uint32_t *at = bits + (i - i0);
            __m512i old = _mm512_loadu_si512(at);
            _mm512_storeu_si512(at, _mm512_mask_or_epi32(old, nz, old, bit));
        }
        for (; i < i1; i++) {
            uint32_t u;
            memcpy(&u, row + i, sizeof u);
            bits[i - i0] |= nonzero_bits(u) << (p - p0);
        }
    }
}

/* The p whose bits are set in `set` (bit q: p0 + q), into live. */
WIDE __attribute__((always_inline)) static inline size_t
live_of_bits(uint32_t set, size_t p0, uint32_t *live)
{
    const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
                                           10, 11, 12, 13, 14, 15);
    __m512i lo = _mm512_add_epi32(iota, _mm512_set1_epi32((int)p0));
    __m512i hi = _mm512_add_epi32(lo, _mm512_set1_epi32(16));
    __mmask16 low = (__mmask16)(set & 0xffff), high = (__mmask16)(set >> 16);
    size_t n = (size_t)__builtin_popcount(low);
    _mm512_storeu_si512(live, _mm512_maskz_compress_epi32(low, lo));
    _mm512_storeu_si512(live + n, _mm512_maskz_compress_epi32(high, hi));
    return n + (size_t)__builtin_popcount(high);
}

/* ab's blocks of K in 16 lanes: 64 rows of B (T1: 32 KiB) stay in the
 * first-level cache while every tile of the batch reads them; with the
 * 1024 of KC they came from the second level each time. T1's forward
 * product, one thread: 17.5 us with blocks of 64 or 128, 20.1 with 256,
 * about 24 with 1024. (Tiles of one row, which skip only that sample's
 * zeros, 19% of its pixels against 29% for two, took 19.4 us at best:
 * each row's tile starts and stores its sums once a block.) */
#define KC_AB 64

/* axpy_kernel in 16 lanes, tiles of 2 rows. ab: K in blocks of KC_AB,
 * the live p of a tile packed 16 at a time. atb: K in blocks of 32
 * samples, which a 32-bit word per row of C describes (live_bits). */
WIDE static void axpy_kernel_wide(const float *a, size_t si, size_t sp,
                                  const float *b, size_t ldb, float *c,
                                  size_t ldc, size_t m, size_t n, size_t k,
                                  int accumulate)
{
    uint32_t live[KC + 16], bits[CHUNK];
    float pad[KC * 8];
    size_t tail = n - n % 8;
    if (k == 0) {
        if (!accumulate)
            for (size_t i = 0; i < m; i++)
                memset(c + i * ldc, 0, n * sizeof(float));
        return;
    }
    size_t kc = sp == 1 ? KC_AB : 32;
    for (size_t p0 = 0; p0 < k; p0 += kc) {
        size_t p1 = k - p0 < kc ? k : p0 + kc;
        int add = accumulate || p0 > 0;
        if (tail < n)
            pad_columns(b, ldb, tail, n - tail, p0, p1, pad);
        for (size_t i0 = 0; i0 < m; i0 += CHUNK) {
            size_t i1 = m - i0 < CHUNK ? m : i0 + CHUNK;
            if (sp != 1) /* atb: si == 1 */
                live_bits(a, m, i0, i1, p0, p1, bits);
            for (size_t i = i0; i < i1; i += 2) {
                size_t rows[2];
                tile_rows(i, m, 2, rows);
                size_t nlive =
                    sp == 1 ? live_pair(a + rows[0] * si, a + rows[1] * si,
                                        p0, p1, live)
                            : live_of_bits(bits[rows[0] - i0] |
                                               bits[rows[1] - i0],
                                           p0, live);
                axpy_rows_wide(a, si, sp, rows, b, ldb, c, ldc, n, pad, p0,
                               live, nlive, add);
            }
        }
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

/* The kernel's shape: 8 lanes, or 16 (wide). */
typedef void axpy_fn(const float *a, size_t si, size_t sp, const float *b,
                     size_t ldb, float *c, size_t ldc, size_t m, size_t n,
                     size_t k, int accumulate);

/* A product as the public functions receive it. */
typedef struct product {
    enum { ATB, AB } kind;
    const float *a, *b;
    float *c;
    size_t m, n, k;
    int accumulate;
} product;

/* Work below which a part is not worth a thread: 128 Ki multiply-adds,
 * a few microseconds, about what handing a part over costs. */
#define PART_WORK ((size_t)1 << 17)

/* Columns of C a part starts on are multiples of this: whole groups of
 * 16 or 32 columns. */
#define GRAIN 32

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
    axpy_fn *axpy = axpy_kernel;
#ifdef NN_NET_X86
    if (wide == 1)
        axpy = axpy_kernel_wide;
#endif
    switch (p->kind) {
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
    product_columns(p, part_start(p->n, GRAIN, part, parts),
                    part_start(p->n, GRAIN, part + 1, parts));
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
    size_t by_grain = p->n / GRAIN;
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
