// The Internet checksum (RFC 1071): a 16-bit one's complement sum of
// 16-bit big-endian words, with incremental continuation.
#ifndef RAMPART_WIRE_CHECKSUM_H_
#define RAMPART_WIRE_CHECKSUM_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>

#include "wire/checksum_kernels.h"

namespace rampart::wire {

/// A running one's complement sum over a byte stream that may be fed in
/// pieces of any length. Pieces continue where the previous one stopped,
/// so a piece that starts at an odd position of the stream is summed with
/// its bytes in the low halves of the words (RFC 1071 section 2(B)).
class ChecksumAccumulator {
 public:
  /// Adds bytes to the stream.
  /// @param bytes the next piece of the stream (may be empty)
  void Add(std::span<const std::byte> bytes);

  /// Adds a 16-bit big-endian word at the current position, as if its two
  /// bytes were the next piece of the stream.
  /// @param word the word in host order
  void AddWord(uint16_t word);

  /// @return the folded 16-bit one's complement sum of everything added,
  ///         not complemented (0x0000..0xFFFF)
  uint16_t FoldedSum() const;

  /// @return the checksum field value: the complement of FoldedSum(). A
  ///         stream that includes a correct checksum field yields 0.
  uint16_t Checksum() const { return static_cast<uint16_t>(~FoldedSum()); }

  /// @return the number of bytes added so far
  uint64_t length() const { return length_; }

 private:
  uint64_t sum_ = 0;
  uint64_t length_ = 0;
};

/// Computes the checksum field value of one contiguous buffer.
/// @param bytes the data (any length, any alignment)
/// @return the complement of the folded one's complement sum
inline uint16_t InternetChecksum(std::span<const std::byte> bytes);

/// Sums bytes as 16-bit big-endian words as if they started at an even
/// position; an odd final byte is the high half of a zero-padded word.
/// (Computed 8 bytes at a time in host order, then byte-swapped.)
/// @param bytes the data (any length below 2^34 bytes, 16 GiB)
/// @return the sum, already folded to 16 bits; callers may add it to other
///         sums and fold again
inline uint64_t SumWords(std::span<const std::byte> bytes);

/// SumWords() for inputs of 256 bytes or more: through the run-time
/// dispatch to the widest kernel the CPU has.
uint64_t SumWordsDispatched(std::span<const std::byte> bytes);

/// Folds a wide one's complement sum to 16 bits.
/// @param sum the unfolded sum
/// @return the folded sum (0x0000..0xFFFF)
inline uint16_t FoldSum(uint64_t sum) {
  while ((sum >> 16) != 0) sum = (sum & 0xFFFFu) + (sum >> 16);
  return static_cast<uint16_t>(sum);
}

// Definitions of the inline functions declared above.

inline uint64_t SumWords(std::span<const std::byte> bytes) {
  // Short inputs (headers, small datagrams) take the inline portable
  // kernel: no call, no dispatch.
  if (bytes.size() >= 256) return SumWordsDispatched(bytes);
  uint16_t folded = FoldSum(checksum_kernels::NativeSumPortable(bytes));
  if constexpr (std::endian::native == std::endian::little) {
    folded = static_cast<uint16_t>((folded << 8) | (folded >> 8));
  }
  return folded;
}

inline uint16_t InternetChecksum(std::span<const std::byte> bytes) {
  return static_cast<uint16_t>(~FoldSum(SumWords(bytes)));
}

}  // namespace rampart::wire

#endif  // RAMPART_WIRE_CHECKSUM_H_
