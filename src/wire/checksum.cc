#include "wire/checksum.h"

#include <algorithm>
#include <array>
#include <bit>

#include "wire/bytes.h"
#include "wire/checksum_kernels.h"

namespace rampart::wire {

uint64_t SumWordsDispatched(std::span<const std::byte> bytes) {
  // RFC 1071 section 2(B): the one's complement sum is byte-order
  // independent up to a final byte swap. So the kernels sum the data in
  // the host's order (AVX-512 or AVX2 when the CPU has it, chosen at run
  // time, so the speed never depends on -march), then the sum is folded and
  // swapped once.
  uint64_t sum = 0;
  if (bytes.size() >= 512 && checksum_kernels::Avx512Available()) {
    sum = checksum_kernels::NativeSumAvx512(bytes);
  } else if (checksum_kernels::Avx2Available()) {
    sum = checksum_kernels::NativeSumAvx2(bytes);
  } else {
    sum = checksum_kernels::NativeSumPortable(bytes);
  }
  uint16_t folded = FoldSum(sum);
  if constexpr (std::endian::native == std::endian::little) {
    folded = static_cast<uint16_t>((folded << 8) | (folded >> 8));
  }
  return folded;
}

void ChecksumAccumulator::Add(std::span<const std::byte> bytes) {
  uint16_t piece = FoldSum(SumWords(bytes));
  if ((length_ & 1u) != 0) {
    // The piece starts at an odd position: its bytes occupy the opposite
    // halves of the words, which in one's complement arithmetic is the same
    // as byte-swapping the piece's own sum.
    piece = static_cast<uint16_t>((piece << 8) | (piece >> 8));
  }
  sum_ = FoldSum(sum_ + piece);
  length_ += bytes.size();
}

void ChecksumAccumulator::AddWord(uint16_t word) {
  std::byte both[2];
  StoreBe16(both, 0, word);
  Add(both);
}

uint16_t ChecksumAccumulator::FoldedSum() const { return FoldSum(sum_); }

}  // namespace rampart::wire
