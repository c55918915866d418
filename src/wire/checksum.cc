#include "wire/checksum.h"

#include <algorithm>
#include <array>
#include <bit>

#include "wire/bytes.h"

namespace rampart::wire {

namespace {

/// Reads 8 bytes in the host's byte order (the compiler makes it one load).
uint64_t LoadNative64(std::span<const std::byte, 8> bytes) {
  std::array<std::byte, 8> copy{};
  std::ranges::copy(bytes, copy.begin());
  return std::bit_cast<uint64_t>(copy);
}

}  // namespace

uint64_t SumWords(std::span<const std::byte> bytes) {
  // RFC 1071 section 2(B): the one's complement sum is byte-order
  // independent up to a final byte swap. So sum the data in the host's
  // order, 8 bytes at a time (two 32-bit halves into a 64-bit accumulator:
  // each chunk adds < 2^33, so no carry is lost below 2^31 chunks, 16 GiB),
  // then fold and swap once.
  uint64_t sum = 0;
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t chunk = LoadNative64(bytes.subspan(i).first<8>());
    sum += (chunk & 0xFFFFFFFFu) + (chunk >> 32);
  }
  // The tail in host order: each pair is one native 16-bit word; a final odd
  // byte is the first (lower-address) byte of a zero-padded word.
  for (; i + 2 <= bytes.size(); i += 2) {
    std::array<std::byte, 2> pair{bytes[i], bytes[i + 1]};
    sum += std::bit_cast<uint16_t>(pair);
  }
  if (i < bytes.size()) {
    std::array<std::byte, 2> pair{bytes[i], std::byte{0}};
    sum += std::bit_cast<uint16_t>(pair);
  }
  uint16_t folded = FoldSum(sum);
  if constexpr (std::endian::native == std::endian::little) {
    folded = static_cast<uint16_t>((folded << 8) | (folded >> 8));
  }
  return folded;
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
