// IPv4 headers (RFC 791): a checked view and a value type for emitting.
#ifndef RAMPART_WIRE_IPV4_H_
#define RAMPART_WIRE_IPV4_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/reason.h"
#include "wire/ip_address.h"
#include "wire/parsed.h"

namespace rampart::wire {

/// Field offsets and sizes of the IPv4 header.
namespace ipv4_field {
inline constexpr size_t kVersionIhl = 0;
inline constexpr size_t kTos = 1;
inline constexpr size_t kTotalLength = 2;
inline constexpr size_t kIdentification = 4;
inline constexpr size_t kFlagsFragment = 6;
inline constexpr size_t kTtl = 8;
inline constexpr size_t kProtocol = 9;
inline constexpr size_t kChecksum = 10;
inline constexpr size_t kSource = 12;
inline constexpr size_t kDestination = 16;
inline constexpr size_t kMinHeaderSize = 20;
inline constexpr size_t kMaxHeaderSize = 60;
inline constexpr uint16_t kReservedFlag = 0x8000;
inline constexpr uint16_t kDontFragment = 0x4000;
inline constexpr uint16_t kMoreFragments = 0x2000;
inline constexpr uint16_t kOffsetMask = 0x1FFF;
}  // namespace ipv4_field

/// A checked view of an IPv4 packet. Create() validates the version, the
/// header length (IHL, in 32-bit words, read as bytes only after the
/// multiplication is bounded) and the total length against the bytes held,
/// once; the accessors then cannot fail. Bytes after the total length (link
/// padding) are outside payload().
class Ipv4View {
 public:
  /// @param packet bytes from the version field on
  /// @return the view or the first rule broken
  static Parsed<Ipv4View> Create(std::span<const std::byte> packet);

  size_t header_length() const;  ///< 20..60
  uint8_t dscp() const;
  uint8_t ecn() const;
  uint16_t total_length() const;
  uint16_t identification() const;
  bool reserved_flag() const;  ///< must be 0 (RFC 791)
  bool dont_fragment() const;
  bool more_fragments() const;
  uint32_t fragment_offset() const;  ///< in bytes (field * 8)
  uint8_t ttl() const;
  uint8_t protocol() const;
  uint16_t header_checksum() const;
  /// @return true if the header's checksum verifies
  bool header_checksum_ok() const;
  IpAddress source() const;
  IpAddress destination() const;
  /// @return the option bytes (header_length - 20 of them)
  std::span<const std::byte> options() const;
  /// @return the header bytes
  std::span<const std::byte> header() const;
  /// @return bytes [header_length, total_length)
  std::span<const std::byte> payload() const;

 private:
  explicit Ipv4View(std::span<const std::byte> packet) : packet_(packet) {}
  std::span<const std::byte> packet_;  // exactly total_length bytes
};

/// An IPv4 header without options, as values, for emitting.
struct Ipv4Header {
  uint8_t tos = 0;
  uint16_t total_length = 0;
  uint16_t identification = 0;
  bool dont_fragment = false;
  bool more_fragments = false;
  uint32_t fragment_offset = 0;  ///< bytes; must be a multiple of 8 below 65536
  uint8_t ttl = 64;
  uint8_t protocol = 0;
  IpAddress source;
  IpAddress destination;

  /// Writes the 20-byte header with a correct checksum.
  /// @return false (nothing written) if an address is not IPv4 or the
  ///         fragment offset is not a multiple of 8 below 65536
  [[nodiscard]] bool Emit(std::span<std::byte, ipv4_field::kMinHeaderSize> out) const;
};

}  // namespace rampart::wire

#endif  // RAMPART_WIRE_IPV4_H_
