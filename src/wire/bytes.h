// Big-endian field access and the one audited byte-copy helper.
//
// Every read or write of a multi-byte wire field in rampart goes through
// these functions. They index std::span, so with -D_GLIBCXX_ASSERTIONS an
// out-of-range offset traps instead of reading stray memory; callers are
// expected to have validated lengths once, in a checked view constructor,
// so that the offsets used here are constants below that length.
#ifndef RAMPART_WIRE_BYTES_H_
#define RAMPART_WIRE_BYTES_H_

#include <cstddef>
#include <cstdint>
#include <span>

namespace rampart::wire {

/// Reads a big-endian 16-bit field.
/// @param bytes  the buffer; must hold at least offset + 2 bytes
/// @param offset byte offset of the field
/// @return the field in host order
inline uint16_t LoadBe16(std::span<const std::byte> bytes, size_t offset) {
  return static_cast<uint16_t>((std::to_integer<unsigned>(bytes[offset]) << 8) |
                               std::to_integer<unsigned>(bytes[offset + 1]));
}

/// Reads a big-endian 32-bit field.
/// @param bytes  the buffer; must hold at least offset + 4 bytes
/// @param offset byte offset of the field
/// @return the field in host order
inline uint32_t LoadBe32(std::span<const std::byte> bytes, size_t offset) {
  return (static_cast<uint32_t>(LoadBe16(bytes, offset)) << 16) | LoadBe16(bytes, offset + 2);
}

/// Writes a big-endian 16-bit field.
/// @param bytes  the buffer; must hold at least offset + 2 bytes
/// @param offset byte offset of the field
/// @param value  the value in host order
inline void StoreBe16(std::span<std::byte> bytes, size_t offset, uint16_t value) {
  bytes[offset] = static_cast<std::byte>(value >> 8);
  bytes[offset + 1] = static_cast<std::byte>(value & 0xFFu);
}

/// Writes a big-endian 32-bit field.
/// @param bytes  the buffer; must hold at least offset + 4 bytes
/// @param offset byte offset of the field
/// @param value  the value in host order
inline void StoreBe32(std::span<std::byte> bytes, size_t offset, uint32_t value) {
  StoreBe16(bytes, offset, static_cast<uint16_t>(value >> 16));
  StoreBe16(bytes, offset + 2, static_cast<uint16_t>(value & 0xFFFFu));
}

/// Copies all of `source` to the start of `destination`: the one audited
/// place where rampart copies a run of bytes whose length is computed.
/// @param destination where to write; must be at least as long as source
/// @param source      the bytes to copy (may be empty)
/// @return true if copied; false (and nothing written) if destination is
///         shorter than source
[[nodiscard]] bool CopyBytes(std::span<std::byte> destination, std::span<const std::byte> source);

/// Sets every byte of `bytes` to zero (one memset: a std::byte fill loop
/// stays a byte loop in instrumented builds).
/// @param bytes the bytes to clear (may be empty)
void ZeroBytes(std::span<std::byte> bytes);

/// Views a span of unsigned chars (as arrives from C APIs) as bytes.
/// @param bytes the input
/// @return the same memory as std::byte
inline std::span<const std::byte> AsBytes(std::span<const uint8_t> bytes) {
  return std::as_bytes(bytes);
}

}  // namespace rampart::wire

#endif  // RAMPART_WIRE_BYTES_H_
