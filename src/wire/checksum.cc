#include "wire/checksum.h"

#include "wire/bytes.h"

namespace rampart::wire {

uint64_t SumWords(std::span<const std::byte> bytes) {
  uint64_t sum = 0;
  size_t even = bytes.size() & ~static_cast<size_t>(1);
  for (size_t i = 0; i < even; i += 2) {
    sum += LoadBe16(bytes, i);
  }
  if (even != bytes.size()) {
    sum += static_cast<uint64_t>(std::to_integer<unsigned>(bytes[even])) << 8;
  }
  return sum;
}

uint16_t FoldSum(uint64_t sum) {
  while ((sum >> 16) != 0) {
    sum = (sum & 0xFFFFu) + (sum >> 16);
  }
  return static_cast<uint16_t>(sum);
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

uint16_t InternetChecksum(std::span<const std::byte> bytes) {
  return static_cast<uint16_t>(~FoldSum(SumWords(bytes)));
}

}  // namespace rampart::wire
