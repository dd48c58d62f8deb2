/*
 * The decoder p(x | h_1) and the Bernoulli log-likelihood of binary images for many rows of samples,
 * in blocks of rows small enough that a block's activations and logits stay in the core's cache.
 *
 * Why it exists (README, Performance, third round): through the engine, the k=5000 evaluation made
 * five passes over the [rows, 784] logits in main memory (addmm's bias, the product with 1 - 2x,
 * softplus, its log1p, the sum), which took as long as the GEMMs themselves. Here every block of rows
 * runs the decoder's GEMMs through the engine's own MKL (sgemm_compute on weights packed once per call,
 * vsTanh; resolved in libtorch_cpu at init), then one pass computes -sum_j softplus(s_j * l_j) from the cache. Worker threads take blocks
 * from a shared counter with MKL sequential inside each: no fork/join barrier per operation, and a
 * thread slowed by another process does not hold the other one up. A row's result depends only on its
 * block, whose boundaries are fixed multiples of `block` from the first row: the same for any
 * thread count or timing.
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

#if defined(__AVX__)
#include <immintrin.h>
/* 1 / d from the 12-bit estimate and one Newton step (~2 ulp): a division costs several times more */
static inline v8 reciprocal(v8 d) {
    v8 r = (v8) _mm256_rcp_ps((__m256) d);
    return r * (2.0f - d * r);
}
#else
static inline v8 reciprocal(v8 d) {
    return 1.0f / d;
}
#endif

/*
 * softplus(z) = max(z, 0) + log1p(exp(-|z|)), eight at a time. exp by Cody-Waite reduction and the
 * Cephes polynomial; log1p(e) for e in (0, 1] as 2 atanh(e / (2 + e)), a series in t^2 <= 1/9 that
 * stays accurate for tiny e (relative error below 2e-8 before rounding).
 */
static inline v8 softplus8(v8 z) {
    v8 a = (v8) ((v8i) z & 0x7fffffff);
    v8 positive = (v8) ((v8i) z & (v8i) (z > 0));
    v8 x = -a;
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
    v8 e = p * (v8) ((n + 127) << 23);
    v8 t = e * reciprocal(e + 2.0f);
    v8 t2 = t * t;
    v8 s = splat(2.0f / 13);
    s = s * t2 + 2.0f / 11;
    s = s * t2 + 2.0f / 9;
    s = s * t2 + 2.0f / 7;
    s = s * t2 + 2.0f / 5;
    s = s * t2 + 2.0f / 3;
    s = s * t2 + 2.0f;
    return positive + t * s;
}

static inline v8 load8(const float *p) {
    v8 v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* -sum_j softplus(signs_j * (products_j + bias_j)) over one row of `width`: the output layer's bias is
   added here, in the one pass over the row, instead of being copied into it before the GEMM. */
static float row_log_likelihood(const float *products, const float *bias, const float *signs, int width) {
    v8 acc0 = splat(0), acc1 = splat(0);
    int j = 0;
    for (; j + 16 <= width; j += 16) {
        acc0 += softplus8((load8(products + j) + load8(bias + j)) * load8(signs + j));
        acc1 += softplus8((load8(products + j + 8) + load8(bias + j + 8)) * load8(signs + j + 8));
    }
    for (; j + 8 <= width; j += 8) {
        acc0 += softplus8((load8(products + j) + load8(bias + j)) * load8(signs + j));
    }
    double total = 0;
    if (j < width) {
        float z[8] = {0};
        for (int i = 0; j + i < width; i++) {
            z[i] = (products[j + i] + bias[j + i]) * signs[j + i];
        }
        v8 tail = softplus8(load8(z));
        for (int i = 0; j + i < width; i++) {
            total += tail[i];
        }
    }
    v8 acc = acc0 + acc1;
    for (int i = 0; i < 8; i++) {
        total += acc[i];
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
    int blocks = (rows + block - 1) / block;
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
