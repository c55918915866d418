// The plain RFC 1071 sum the fuzz oracles compare the core against. It
// shares no code with src/ on purpose: a bug in wire::SumWords or
// wire::FoldSum cannot hide in its own oracle.
#ifndef RAMPART_FUZZ_HARNESS_REFERENCE_SUM_H_
#define RAMPART_FUZZ_HARNESS_REFERENCE_SUM_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace rampart::fuzz {

/// Sums 16-bit big-endian words (an odd last byte is the high half of a
/// zero-padded word) and folds the carries back in.
/// @return the folded one's complement sum; 0xFFFF when the bytes include
///         a correct checksum
inline uint16_t ReferenceFold(std::span<const uint8_t> bytes) {
  uint32_t sum = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    sum += (i % 2 == 0) ? uint32_t{bytes[i]} << 8 : uint32_t{bytes[i]};
    sum = (sum & 0xFFFF) + (sum >> 16);
  }
  return static_cast<uint16_t>(sum);
}

/// @return ReferenceFold of the bytes
inline uint16_t ReferenceFold(std::span<const std::byte> bytes) {
  std::vector<uint8_t> plain(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) plain[i] = std::to_integer<uint8_t>(bytes[i]);
  return ReferenceFold(plain);
}

}  // namespace rampart::fuzz

#endif  // RAMPART_FUZZ_HARNESS_REFERENCE_SUM_H_
