#include "wire/checksum_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace rampart::wire::checksum_kernels {

#if defined(__x86_64__)

// AVX2: each 16-bit word w is biased to the signed value w - 32768 (an
// exclusive or with 0x8000), then vpmaddwd with ones adds neighbouring
// pairs into 32-bit lanes. The bias comes back at the end as 32768 per
// word. Lanes take at most 2^16 per step, so they are widened into 64-bit
// totals every 8192 steps, long before they could overflow.

/// Loads 32 bytes (any alignment) and flips each word's top bit.
__attribute__((target("avx2"), always_inline)) inline __m256i LoadBiased(
    std::span<const std::byte, 32> bytes, __m256i bias) {
  return _mm256_xor_si256(
      _mm256_loadu_si256(static_cast<const __m256i*>(static_cast<const void*>(bytes.data()))),
      bias);
}

__attribute__((target("avx2"))) uint64_t NativeSumAvx2(std::span<const std::byte> bytes) {
  const __m256i bias = _mm256_set1_epi16(static_cast<short>(0x8000));
  const __m256i ones = _mm256_set1_epi16(1);
  int64_t total = 0;
  size_t i = 0;
  while (i + 128 <= bytes.size()) {
    __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
    for (size_t steps = 0; steps < 8192 && i + 128 <= bytes.size(); ++steps, i += 128) {
      const std::span<const std::byte, 128> block = bytes.subspan(i).first<128>();
      a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(LoadBiased(block.subspan<0, 32>(), bias), ones));
      a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(LoadBiased(block.subspan<32, 32>(), bias), ones));
      a2 = _mm256_add_epi32(a2, _mm256_madd_epi16(LoadBiased(block.subspan<64, 32>(), bias), ones));
      a3 = _mm256_add_epi32(a3, _mm256_madd_epi16(LoadBiased(block.subspan<96, 32>(), bias), ones));
    }
    // Widen the signed 32-bit lanes into two 64-bit halves and total them.
    const __m256i sum =
        _mm256_add_epi64(_mm256_add_epi64(_mm256_cvtepi32_epi64(_mm256_castsi256_si128(a0)),
                                          _mm256_cvtepi32_epi64(_mm256_extracti128_si256(a0, 1))),
                         _mm256_add_epi64(_mm256_cvtepi32_epi64(_mm256_castsi256_si128(a1)),
                                          _mm256_cvtepi32_epi64(_mm256_extracti128_si256(a1, 1))));
    const __m256i sum2 =
        _mm256_add_epi64(_mm256_add_epi64(_mm256_cvtepi32_epi64(_mm256_castsi256_si128(a2)),
                                          _mm256_cvtepi32_epi64(_mm256_extracti128_si256(a2, 1))),
                         _mm256_add_epi64(_mm256_cvtepi32_epi64(_mm256_castsi256_si128(a3)),
                                          _mm256_cvtepi32_epi64(_mm256_extracti128_si256(a3, 1))));
    const __m256i all = _mm256_add_epi64(sum, sum2);
    std::array<int64_t, 4> lanes{};
    _mm256_storeu_si256(static_cast<__m256i*>(static_cast<void*>(lanes.data())), all);
    total += lanes[0] + lanes[1] + lanes[2] + lanes[3];
  }
  // Undo the bias: 32768 for each of the i / 2 words summed above. The
  // result is the exact sum of the words, which is non-negative.
  const auto exact = static_cast<uint64_t>(total + static_cast<int64_t>(i / 2) * 32768);
  size_t consumed = 0;
  const uint64_t rest = detail::WordSum(bytes.subspan(i), consumed);
  return detail::Narrow(exact) + detail::Narrow(rest) +
         detail::TailSum(bytes.subspan(i + consumed));
}

bool Avx2Available() {
  static const bool available = __builtin_cpu_supports("avx2");
  return available;
}

// AVX-512 (F and BW): the same biased vpmaddwd scheme on 64-byte vectors,
// 256 bytes per step in four independent chains.
// g++ 12 warns inside its own avx512fintrin.h (the intrinsics' internal
// undefined vectors) when they are inlined here: a known false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

/// Loads 64 bytes (any alignment) and flips each word's top bit.
__attribute__((target("avx512f,avx512bw"), always_inline)) inline __m512i LoadBiased512(
    std::span<const std::byte, 64> bytes, __m512i bias) {
  return _mm512_xor_si512(_mm512_loadu_si512(static_cast<const void*>(bytes.data())), bias);
}

/// @return the sum of a vector's sixteen signed 32-bit lanes, widened
__attribute__((target("avx512f,avx512bw"), always_inline)) inline int64_t Widen512(__m512i lanes) {
  return _mm512_reduce_add_epi64(
      _mm512_add_epi64(_mm512_cvtepi32_epi64(_mm512_castsi512_si256(lanes)),
                       _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(lanes, 1))));
}

__attribute__((target("avx512f,avx512bw"))) uint64_t NativeSumAvx512(
    std::span<const std::byte> bytes) {
  const __m512i bias = _mm512_set1_epi16(static_cast<short>(0x8000));
  const __m512i ones = _mm512_set1_epi16(1);
  int64_t total = 0;
  size_t i = 0;
  while (i + 256 <= bytes.size()) {
    __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0;
    // Each step adds at most 2^16 in magnitude to a lane: widen long
    // before 2^31.
    for (size_t steps = 0; steps < 8192 && i + 256 <= bytes.size(); ++steps, i += 256) {
      const std::span<const std::byte, 256> block = bytes.subspan(i).first<256>();
      a0 = _mm512_add_epi32(a0,
                            _mm512_madd_epi16(LoadBiased512(block.subspan<0, 64>(), bias), ones));
      a1 = _mm512_add_epi32(a1,
                            _mm512_madd_epi16(LoadBiased512(block.subspan<64, 64>(), bias), ones));
      a2 = _mm512_add_epi32(a2,
                            _mm512_madd_epi16(LoadBiased512(block.subspan<128, 64>(), bias), ones));
      a3 = _mm512_add_epi32(a3,
                            _mm512_madd_epi16(LoadBiased512(block.subspan<192, 64>(), bias), ones));
    }
    total += Widen512(a0) + Widen512(a1) + Widen512(a2) + Widen512(a3);
  }
  const auto exact = static_cast<uint64_t>(total + static_cast<int64_t>(i / 2) * 32768);
  // The rest (under 256 bytes) through the AVX2 kernel, which ends in the
  // portable one.
  return detail::Narrow(exact) + detail::Narrow(NativeSumAvx2(bytes.subspan(i)));
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

bool Avx512Available() {
  static const bool available =
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
  return available;
}

#else

uint64_t NativeSumAvx2(std::span<const std::byte> bytes) { return NativeSumPortable(bytes); }
bool Avx2Available() { return false; }
uint64_t NativeSumAvx512(std::span<const std::byte> bytes) { return NativeSumPortable(bytes); }
bool Avx512Available() { return false; }

#endif

}  // namespace rampart::wire::checksum_kernels
