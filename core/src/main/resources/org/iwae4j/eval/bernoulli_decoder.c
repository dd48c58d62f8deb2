/*
 * The decoder p(x | h_1) and the Bernoulli log-likelihood of binary images for many rows of samples,
 * in blocks of rows small enough that a block's activations and logits stay in the core's cache.
 *
 * Why it exists (README, Performance, third round): through the engine, the k=5000 evaluation made
 * five passes over the [rows, 784] logits in main memory (addmm's bias, the product with 1 - 2x,
 * softplus, its log1p, the sum), which took as long as the GEMMs themselves. Here every block of rows
 * runs the decoder's GEMMs through the engine's own MKL (sgemm_compute on weights packed once per call,
 * vsTanh; resolved in libtorch_cpu at init), then one pass computes -sum_j softplus(s_j * l_j) from the cache,
 * with one log per lane of a product of 1 + exp(-|z|) instead of one log1p per pixel. Worker threads take blocks
 * from a shared counter with MKL sequential inside each: no fork/join barrier per operation, and a
 * thread slowed by another process does not hold the other one up. A row's result depends only on its
 * block, whose boundaries depend only on the number of rows and `block`: the same for any thread
 * count or timing.
 *
 * Built at first use with the machine's gcc (org.iwae4j.eval.NativeDecoder); the engine's
 * operations remain the general path and the reference that the tests compare this with.
 */
#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

typedef size_t (*pack_size_fn)(const char *, const int *, const int *, const int *);
typedef void (*pack_fn)(const char *, const char *, const int *, const int *, const int *, const float *, const float *,
                        const int *, float *);
typedef void (*compute_fn)(const char *, const char *, const int *, const int *, const int *, const float *,
                           const int *, const float *, const int *, const float *, float *, const int *);
typedef void (*vmstanh_fn)(int, const float *, float *, long long);
typedef int (*threads_local_fn)(int);

static pack_size_fn sgemm_pack_size;
static pack_fn sgemm_pack;
static compute_fn sgemm_compute;
static vmstanh_fn vms_tanh;
/* VML_LA | VML_ERRMODE_IGNORE: tanh to ~4 ulp instead of ~1 (the engine's vsTanh), ~1/3 cheaper */
static const long long TANH_MODE = 0x1 | 0x100;
static threads_local_fn mkl_threads_local;

/* Resolves MKL's entry points in the already loaded libtorch_cpu. 0 on success. */
int iwae_decoder_init(const char *torch_library) {
    void *lib = dlopen(torch_library, RTLD_LAZY | RTLD_NOLOAD);
    if (lib == NULL) {
        lib = dlopen(torch_library, RTLD_LAZY);
    }
    if (lib == NULL) {
        return 1;
    }
    sgemm_pack_size = (pack_size_fn) dlsym(lib, "sgemm_pack_get_size_");
    sgemm_pack = (pack_fn) dlsym(lib, "sgemm_pack_");
    sgemm_compute = (compute_fn) dlsym(lib, "sgemm_compute_");
    vms_tanh = (vmstanh_fn) dlsym(lib, "vmsTanh");
    /* the lower-case name is the Fortran entry (int by reference) in this build; this one takes the value */
    mkl_threads_local = (threads_local_fn) dlsym(lib, "MKL_Set_Num_Threads_Local");
    return sgemm_pack_size != NULL && sgemm_pack != NULL && sgemm_compute != NULL && vms_tanh != NULL
                   && mkl_threads_local != NULL
               ? 0
               : 2;
}

typedef float v8 __attribute__((vector_size(32)));
typedef int v8i __attribute__((vector_size(32)));

static inline v8 splat(float a) {
    return (v8){a, a, a, a, a, a, a, a};
}

/*
 * exp(x) for x <= 0, eight at a time: Cody-Waite reduction and the Cephes polynomial (relative error
 * ~1e-7); below -87 it gives exp(-87) (~1.6e-38), which adds nothing to 1 + exp(x).
 */
static inline v8 exp_nonpositive8(v8 x) {
    x = (v8) (((v8i) (x < -87.0f) & (v8i) splat(-87.0f)) | (~(v8i) (x < -87.0f) & (v8i) x));
    v8 fn = x * 1.44269504088896341f - 0.5f;
    v8i n = __builtin_convertvector(fn, v8i); /* x <= 0: truncation toward zero of (x log2 e - 0.5) rounds */
    v8 nf = __builtin_convertvector(n, v8);
    v8 r = x - nf * 0.693359375f;
    r = r - nf * -2.12194440e-4f;
    v8 p = splat(1.9875691500E-4f);
    p = p * r + 1.3981999507E-3f;
    p = p * r + 8.3334519073E-3f;
    p = p * r + 4.1665795894E-2f;
    p = p * r + 1.6666665459E-1f;
    p = p * r + 5.0000001201E-1f;
    p = p * r * r + r + 1.0f;
    return p * (v8) ((n + 127) << 23);
}

/*
 * The sum over the eight lanes of log(p), p >= 1 and finite or NaN, in double precision: p = 2^n m with m in
 * [sqrt(1/2), sqrt(2)), log m = 2 atanh((m - 1) / (m + 1)), a series in t^2 <= 0.0295 (error < 1e-9).
 */
static inline double sum_log8(v8 p) {
    v8i bits = (v8i) p;
    v8i n = ((bits >> 23) & 0xff) - 127;
    v8 m = (v8) ((bits & 0x007fffff) | 0x3f800000);
    v8i big = (v8i) (m > 1.41421356f);
    m = (v8) (((v8i) (m * 0.5f) & big) | ((v8i) m & ~big));
    n = n - big; /* big is -1 where true */
    v8 t = (m - 1.0f) / (m + 1.0f);
    v8 t2 = t * t;
    v8 s = splat(2.0f / 9);
    s = s * t2 + 2.0f / 7;
    s = s * t2 + 2.0f / 5;
    s = s * t2 + 2.0f / 3;
    s = s * t2 + 2.0f;
    v8 logm = t * s;
    double total = 0;
    for (int i = 0; i < 8; i++) {
        /* a NaN factor (a NaN logit) has an exponent and mantissa too: keep it NaN */
        total += p[i] == p[i] ? n[i] * 0.69314718055994531 + logm[i] : p[i];
    }
    return total;
}

static inline v8 load8(const float *p) {
    v8 v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* max(z, 0) into *positive, 1 + exp(-|z|) into *product: softplus(z) = max(z, 0) + log(1 + exp(-|z|)) */
static inline void softplus_terms8(v8 z, v8 *positive, v8 *product) {
    v8 a = (v8) ((v8i) z & 0x7fffffff);
    *positive += (v8) ((v8i) z & (v8i) (z > 0));
    *product *= 1.0f + exp_nonpositive8(-a);
}

/* Elements per product: each factor is in (1, 2], so a lane of either accumulator stays below 2^60. */
#define PRODUCT_SPAN 960

/*
 * -sum_j softplus(signs_j * (products_j + bias_j)) over one row of `width`: the output layer's bias is
 * added here, in the one pass over the row, instead of being copied into it before the GEMM. The
 * log1p terms are summed as the log of their product, one log per lane per 960 pixels instead of one
 * per pixel: log1p was the pass's largest cost. Each factor 1 + e rounds to float (an absolute error
 * below 6e-8 in its log, as a product's rounding), so a 784-pixel row is within ~1e-5 nats of exact.
 */
static float row_log_likelihood(const float *products, const float *bias, const float *signs, int width) {
    double total = 0;
    for (int start = 0; start < width; start += PRODUCT_SPAN) {
        int end = start + PRODUCT_SPAN < width ? start + PRODUCT_SPAN : width;
        v8 pos0 = splat(0), pos1 = splat(0), prod0 = splat(1), prod1 = splat(1);
        int j = start;
        for (; j + 16 <= end; j += 16) {
            softplus_terms8((load8(products + j) + load8(bias + j)) * load8(signs + j), &pos0, &prod0);
            softplus_terms8((load8(products + j + 8) + load8(bias + j + 8)) * load8(signs + j + 8), &pos1, &prod1);
        }
        if (j < end) {
            /* the rest padded with a large negative z, whose terms are exactly 0 and 1 */
            float z[16];
            for (int i = 0; i < 16; i++) {
                z[i] = j + i < end ? (products[j + i] + bias[j + i]) * signs[j + i] : -1e30f;
            }
            softplus_terms8(load8(z), &pos0, &prod0);
            softplus_terms8(load8(z + 8), &pos1, &prod1);
        }
        v8 pos = pos0 + pos1;
        for (int i = 0; i < 8; i++) {
            total += pos[i];
        }
        total += sum_log8(prod0 * prod1);
    }
    return (float) -total;
}

typedef struct {
    int rows, batch, layers, block;
    const int *dims;
    float **packed; /* the weights in MKL's packed format, once per call instead of once per block */
    const float *const *biases;
    const float *h;
    const float *signs;
    float *out;
    atomic_int next;
    atomic_int failed;
} job;

static void run_blocks(job *j) {
    int widest = 0;
    for (int l = 0; l <= j->layers; l++) {
        widest = j->dims[l] > widest ? j->dims[l] : widest;
    }
    size_t bytes = ((size_t) j->block * widest * sizeof(float) + 63) / 64 * 64;
    float *ping = aligned_alloc(64, bytes);
    float *pong = aligned_alloc(64, bytes);
    if (ping == NULL || pong == NULL) {
        free(ping);
        free(pong);
        atomic_store(&j->failed, 1);
        return;
    }
    int previous = mkl_threads_local(1);
    const float one = 1.0f, zero = 0.0f;
    for (;;) {
        int b = atomic_fetch_add(&j->next, 1);
        int first = b * j->block;
        if (first >= j->rows || atomic_load(&j->failed)) {
            break;
        }
        int n = j->rows - first < j->block ? j->rows - first : j->block;
        const float *input = j->h + (size_t) first * j->dims[0];
        float *output = ping;
        for (int l = 0; l < j->layers; l++) {
            int in = j->dims[l], out = j->dims[l + 1];
            int last = l + 1 == j->layers;
            for (int r = 0; r < n && !last; r++) {
                memcpy(output + (size_t) r * out, j->biases[l], (size_t) out * sizeof(float));
            }
            /* row-major [n, out] += [n, in] x W^T with W row-major [out, in]: column-major out x n = W^T' x */
            sgemm_compute("P", "N", &out, &n, &in, j->packed[l], &in, input, &in, last ? &zero : &one, output, &out);
            if (l + 1 < j->layers) {
                vms_tanh(n * out, output, output, TANH_MODE);
            }
            input = output;
            output = output == ping ? pong : ping;
        }
        int width = j->dims[j->layers];
        for (int r = 0; r < n; r++) {
            int row = first + r;
            j->out[row] = row_log_likelihood(input + (size_t) r * width, j->biases[j->layers - 1], j->signs + (size_t) (row % j->batch) * width,
                                             width);
        }
    }
    mkl_threads_local(previous);
    free(ping);
    free(pong);
}

static void *worker(void *arg) {
    run_blocks((job *) arg);
    return NULL;
}

/*
 * out[r] = log p(x_{r mod batch} | h_r) for rows r of h [rows, dims[0]] (sample-major: row s*batch + b
 * is sample s of example b), through `layers` dense layers (weights[l] row-major [dims[l+1], dims[l]],
 * tanh after all but the last), with signs[b] = 1 - 2 x_b. 0 on success.
 */
int iwae_decoder_log_likelihood(int rows, int batch, int layers, const int *dims, const float *const *weights,
                                const float *const *biases, const float *h, const float *signs, float *out,
                                int block, int threads) {
    if (sgemm_compute == NULL || rows < 0 || batch < 1 || layers < 1 || block < 1 || threads < 1) {
        return 1;
    }
    float *packed[64] = {0};
    if (layers > 64) {
        return 1;
    }
    /* An even number of blocks of nearly equal size, a multiple of 8 rows: with 2 threads neither waits
       for the other at the end of the call (13 full blocks and a 3-row one kept one idle for a block). */
    if (rows == 0) {
        return 0;
    }
    int blocks = (rows + block - 1) / block;
    blocks += blocks & 1;
    block = ((rows + blocks - 1) / blocks + 7) / 8 * 8;
    blocks = (rows + block - 1) / block;
    const float one = 1.0f;
    for (int l = 0; l < layers; l++) {
        int in = dims[l], out = dims[l + 1], n = block;
        size_t bytes = sgemm_pack_size("A", &out, &n, &in);
        packed[l] = bytes > 0 ? aligned_alloc(64, (bytes + 63) / 64 * 64) : NULL;
        if (packed[l] == NULL) {
            for (int i = 0; i < l; i++) {
                free(packed[i]);
            }
            return 3;
        }
        sgemm_pack("A", "T", &out, &n, &in, &one, weights[l], &in, packed[l]);
    }
    job j = {rows, batch, layers, block, dims, packed, biases, h, signs, out};
    atomic_init(&j.next, 0);
    atomic_init(&j.failed, 0);
    int helpers = threads - 1 < blocks - 1 ? threads - 1 : blocks - 1;
    pthread_t ids[64];
    int started = 0;
    for (; started < helpers && started < 64; started++) {
        if (pthread_create(&ids[started], NULL, worker, &j) != 0) {
            break;
        }
    }
    run_blocks(&j);
    for (int i = 0; i < started; i++) {
        pthread_join(ids[i], NULL);
    }
    for (int l = 0; l < layers; l++) {
        free(packed[l]);
    }
    return atomic_load(&j.failed) ? 2 : 0;
}
