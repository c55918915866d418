// BM_ReadBandwidth: a sequential read of an L1-resident buffer with the
// widest loads this CPU has (AVX-512, else AVX2, else 64-bit words),
// chosen at run time like the checksum kernels: the physical limit the
// other byte-reading benchmarks are judged against, so that every
// "fraction of read bandwidth" is a real fraction. BM_ReadBandwidthAvx2 and
// BM_ReadBandwidthScalar show the narrower loads.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace {

/// Sums 64-bit words in four independent chains (the compiler may
/// vectorize it with the baseline SSE2 only).
uint64_t ReadScalar(const std::vector<uint64_t>& buffer) {
  uint64_t a = 0, b = 0, c = 0, d = 0;
  for (size_t i = 0; i + 4 <= buffer.size(); i += 4) {
    a += buffer[i];
    b += buffer[i + 1];
    c += buffer[i + 2];
    d += buffer[i + 3];
  }
  return a + b + c + d;
}

#if defined(__x86_64__)
/// 32-byte loads, four chains (128 bytes per step).
__attribute__((target("avx2"))) uint64_t ReadAvx2(const std::vector<uint64_t>& buffer) {
  __m256i a = _mm256_setzero_si256(), b = a, c = a, d = a;
  const auto* words = buffer.data();
  for (size_t i = 0; i + 16 <= buffer.size(); i += 16) {
    a = _mm256_add_epi64(a, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(&words[i])));
    b = _mm256_add_epi64(b, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(&words[i + 4])));
    c = _mm256_add_epi64(c, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(&words[i + 8])));
    d = _mm256_add_epi64(d, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(&words[i + 12])));
  }
  const __m256i all = _mm256_add_epi64(_mm256_add_epi64(a, b), _mm256_add_epi64(c, d));
  return static_cast<uint64_t>(_mm256_extract_epi64(all, 0) + _mm256_extract_epi64(all, 1) +
                               _mm256_extract_epi64(all, 2) + _mm256_extract_epi64(all, 3));
}

/// 64-byte loads, four chains (256 bytes per step).
__attribute__((target("avx512f"))) uint64_t ReadAvx512(const std::vector<uint64_t>& buffer) {
  __m512i a = _mm512_setzero_si512(), b = a, c = a, d = a;
  const auto* words = buffer.data();
  for (size_t i = 0; i + 32 <= buffer.size(); i += 32) {
    a = _mm512_add_epi64(a, _mm512_loadu_si512(&words[i]));
    b = _mm512_add_epi64(b, _mm512_loadu_si512(&words[i + 8]));
    c = _mm512_add_epi64(c, _mm512_loadu_si512(&words[i + 16]));
    d = _mm512_add_epi64(d, _mm512_loadu_si512(&words[i + 24]));
  }
  return static_cast<uint64_t>(
      _mm512_reduce_add_epi64(_mm512_add_epi64(_mm512_add_epi64(a, b), _mm512_add_epi64(c, d))));
}
#endif

using ReadKernel = uint64_t (*)(const std::vector<uint64_t>&);

/// @return the widest read kernel this CPU runs
ReadKernel Widest() {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx512f")) return ReadAvx512;
  if (__builtin_cpu_supports("avx2")) return ReadAvx2;
#endif
  return ReadScalar;
}

void Run(benchmark::State& state, ReadKernel kernel) {
  const size_t bytes = static_cast<size_t>(state.range(0));
  std::vector<uint64_t> buffer(bytes / sizeof(uint64_t), 0x0102030405060708ull);
  for (auto _ : state) benchmark::DoNotOptimize(kernel(buffer));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes));
}

void BM_ReadBandwidth(benchmark::State& state) { Run(state, Widest()); }
BENCHMARK(BM_ReadBandwidth)->Arg(16384);

void BM_ReadBandwidthScalar(benchmark::State& state) { Run(state, ReadScalar); }
BENCHMARK(BM_ReadBandwidthScalar)->Arg(16384);

#if defined(__x86_64__)
void BM_ReadBandwidthAvx2(benchmark::State& state) {
  if (!__builtin_cpu_supports("avx2")) {
    state.SkipWithError("this CPU has no AVX2");
    return;
  }
  Run(state, ReadAvx2);
}
BENCHMARK(BM_ReadBandwidthAvx2)->Arg(16384);
#endif

}  // namespace
