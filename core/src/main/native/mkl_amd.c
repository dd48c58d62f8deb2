/*
 * libtorch's statically linked MKL asks this function whether the CPU is an Intel one and, on
 * AMD CPUs, falls back to slow generic kernels even when AVX2/AVX-512 are present. Preloading
 * this answer makes MKL choose kernels by the CPU's actual features (1.6-2x faster GEMMs on
 * AMD Zen; see README, Performance). The launcher builds and preloads it on AMD CPUs only;
 * IWAE_MKL_FIX=off disables it.
 */
int mkl_serv_intel_cpu_true(void) {
    return 1;
}
