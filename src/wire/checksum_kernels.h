// The routines behind SumWords(): a portable one and an AVX2 one chosen
// at run time. Exposed so tests and benchmarks can compare and time each.
#ifndef RAMPART_WIRE_CHECKSUM_KERNELS_H_
#define RAMPART_WIRE_CHECKSUM_KERNELS_H_

#include <cstddef>
#include <cstdint>
#include <span>

namespace rampart::wire::checksum_kernels {

/// Sums `bytes` as 16-bit words in the host's byte order (an odd final
/// byte is the lower-address byte of a zero-padded word). The result is
/// congruent to the one's complement sum modulo 0xFFFF and is zero only
/// for all-zero data; FoldSum() and a byte swap on little-endian hosts
/// turn it into SumWords()'s value.
/// @param bytes any length, any alignment
/// @return the unfolded native-order sum
uint64_t NativeSumPortable(std::span<const std::byte> bytes);

/// The same with AVX2 (32 bytes per step). Call only when
/// Avx2Available() is true.
uint64_t NativeSumAvx2(std::span<const std::byte> bytes);

/// @return true if this CPU runs NativeSumAvx2 (x86-64 with AVX2)
bool Avx2Available();

}  // namespace rampart::wire::checksum_kernels

#endif  // RAMPART_WIRE_CHECKSUM_KERNELS_H_
