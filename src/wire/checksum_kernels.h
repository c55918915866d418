// The routines behind SumWords(): a portable one and an AVX2 one chosen
// at run time. Exposed so tests and benchmarks can compare and time each.
#ifndef RAMPART_WIRE_CHECKSUM_KERNELS_H_
#define RAMPART_WIRE_CHECKSUM_KERNELS_H_

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace rampart::wire::checksum_kernels {

// The portable kernel lives here, inline, so short checksums (headers,
// small datagrams) pay no call; the AVX2 kernel has its own file.
namespace detail {

/// Reads 8 bytes in the host's byte order: one load (std::ranges::copy
/// into an array compiled to a byte loop; memcpy of a fixed 8 does not).
inline uint64_t LoadNative64(std::span<const std::byte, 8> bytes) {
  uint64_t value = 0;
  std::memcpy(&value, bytes.data(), sizeof value);
  return value;
}

/// Adds with end-around carry (one's complement addition on 64 bits).
inline uint64_t AddCarry(uint64_t a, uint64_t b) {
  const uint64_t sum = a + b;
  return sum + (sum < b ? 1 : 0);
}

/// The tail (fewer than 8 bytes) as native 16-bit words.
inline uint64_t TailSum(std::span<const std::byte> tail) {
  uint64_t sum = 0;
  size_t i = 0;
  for (; i + 2 <= tail.size(); i += 2) {
    std::array<std::byte, 2> pair{tail[i], tail[i + 1]};
    sum += std::bit_cast<uint16_t>(pair);
  }
  if (i < tail.size()) {
    std::array<std::byte, 2> pair{tail[i], std::byte{0}};
    sum += std::bit_cast<uint16_t>(pair);
  }
  return sum;
}

/// 64-bit words with end-around carry, in four independent chains so the
/// CPU overlaps them. Since 2^16 = 1 (mod 0xFFFF), a 64-bit word is
/// congruent to the sum of its four 16-bit words, and 0xFFFF divides
/// 2^64 - 1, so arithmetic modulo 2^64 - 1 keeps the checksum.
inline uint64_t WordSum(std::span<const std::byte> bytes, size_t& consumed) {
  uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  size_t i = 0;
  for (; i + 32 <= bytes.size(); i += 32) {
    const std::span<const std::byte> block = bytes.subspan(i, 32);
    s0 = AddCarry(s0, LoadNative64(block.subspan<0, 8>()));
    s1 = AddCarry(s1, LoadNative64(block.subspan<8, 8>()));
    s2 = AddCarry(s2, LoadNative64(block.subspan<16, 8>()));
    s3 = AddCarry(s3, LoadNative64(block.subspan<24, 8>()));
  }
  for (; i + 8 <= bytes.size(); i += 8) {
    s0 = AddCarry(s0, LoadNative64(bytes.subspan(i).first<8>()));
  }
  consumed = i;
  return AddCarry(AddCarry(s0, s1), AddCarry(s2, s3));
}

/// Reduces a 64-bit one's complement value to 32 bits (same residue,
/// zero only if it was zero), so callers can add small sums to it.
inline uint64_t Narrow(uint64_t sum) {
  sum = (sum >> 32) + (sum & 0xFFFFFFFFu);
  return (sum >> 32) + (sum & 0xFFFFFFFFu);
}

}  // namespace detail

/// Sums `bytes` as 16-bit words in the host's byte order (an odd final
/// byte is the lower-address byte of a zero-padded word). The result is
/// congruent to the one's complement sum modulo 0xFFFF and is zero only
/// for all-zero data; FoldSum() and a byte swap on little-endian hosts
/// turn it into SumWords()'s value.
/// @param bytes any length, any alignment
/// @return the unfolded native-order sum
inline uint64_t NativeSumPortable(std::span<const std::byte> bytes) {
  size_t consumed = 0;
  const uint64_t words = detail::WordSum(bytes, consumed);
  return detail::Narrow(words) + detail::TailSum(bytes.subspan(consumed));
}

/// The same with AVX2 (32 bytes per step). Call only when
/// Avx2Available() is true.
uint64_t NativeSumAvx2(std::span<const std::byte> bytes);

/// @return true if this CPU runs NativeSumAvx2 (x86-64 with AVX2)
bool Avx2Available();

/// The same with AVX-512 F+BW (64 bytes per step, 256 per loop). Call only
/// when Avx512Available() is true (it also uses AVX2 for the tail).
uint64_t NativeSumAvx512(std::span<const std::byte> bytes);

/// @return true if this CPU runs NativeSumAvx512 (x86-64 with AVX-512 F and
///         BW; such CPUs also have AVX2)
bool Avx512Available();

}  // namespace rampart::wire::checksum_kernels

#endif  // RAMPART_WIRE_CHECKSUM_KERNELS_H_
