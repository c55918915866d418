// IPv6 headers (RFC 8200): a checked view, a value type for emitting, and
// a walker over the extension-header chain, including the fragment header.
#ifndef RAMPART_WIRE_IPV6_H_
#define RAMPART_WIRE_IPV6_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "base/reason.h"
#include "wire/ip_address.h"
#include "wire/parsed.h"

namespace rampart::wire {

/// Field offsets and sizes of the IPv6 header and its extensions.
namespace ipv6_field {
inline constexpr size_t kVersionClassFlow = 0;  // 32 bits
inline constexpr size_t kPayloadLength = 4;
inline constexpr size_t kNextHeader = 6;
inline constexpr size_t kHopLimit = 7;
inline constexpr size_t kSource = 8;
inline constexpr size_t kDestination = 24;
inline constexpr size_t kHeaderSize = 40;
inline constexpr size_t kFragmentHeaderSize = 8;
/// Within any extension header: the next header, and (except in the
/// fragment header) its length.
inline constexpr size_t kExtNextHeader = 0;
inline constexpr size_t kExtLength = 1;
/// Within the fragment header (RFC 8200 4.5).
inline constexpr size_t kFragmentReserved = 1;
inline constexpr size_t kFragmentOffsetFlags = 2;  // offset in 8-octet units << 3, M bit 0
inline constexpr size_t kFragmentIdentification = 4;
/// At most this many extension headers are walked; a longer chain is
/// refused rather than followed (RFC 8504's limits are of this order).
inline constexpr size_t kMaxExtensionHeaders = 8;
}  // namespace ipv6_field

/// Next-header values rampart treats specially.
namespace ip_protocol {
inline constexpr uint8_t kHopByHop = 0;
inline constexpr uint8_t kIcmp = 1;
inline constexpr uint8_t kTcp = 6;
inline constexpr uint8_t kUdp = 17;
inline constexpr uint8_t kRouting = 43;
inline constexpr uint8_t kFragment = 44;
inline constexpr uint8_t kEsp = 50;
inline constexpr uint8_t kAuthentication = 51;
inline constexpr uint8_t kIcmpv6 = 58;
inline constexpr uint8_t kNoNextHeader = 59;
inline constexpr uint8_t kDestinationOptions = 60;
inline constexpr uint8_t kMobility = 135;
inline constexpr uint8_t kHip = 139;
inline constexpr uint8_t kShim6 = 140;
}  // namespace ip_protocol

/// A checked view of an IPv6 packet. Bytes after the payload length are
/// outside payload(). A payload length of 0 is an empty payload (rampart
/// supports no jumbograms).
class Ipv6View {
 public:
  /// @param packet bytes from the version field on
  /// @return the view or the first rule broken
  static Parsed<Ipv6View> Create(std::span<const std::byte> packet);

  uint8_t traffic_class() const;
  uint32_t flow_label() const;
  uint16_t payload_length() const;
  uint8_t next_header() const;
  uint8_t hop_limit() const;
  IpAddress source() const;
  IpAddress destination() const;
  /// @return bytes [40, 40 + payload length)
  std::span<const std::byte> payload() const;

 private:
  explicit Ipv6View(std::span<const std::byte> packet) : packet_(packet) {}
  std::span<const std::byte> packet_;  // exactly 40 + payload length bytes
};

/// An IPv6 header as values, for emitting.
struct Ipv6Header {
  uint8_t traffic_class = 0;
  uint32_t flow_label = 0;  ///< 20 bits
  uint16_t payload_length = 0;
  uint8_t next_header = 0;
  uint8_t hop_limit = 64;
  IpAddress source;
  IpAddress destination;

  /// Writes the 40-byte header.
  /// @return false (nothing written) if an address is not IPv6 or the flow
  ///         label does not fit 20 bits
  [[nodiscard]] bool Emit(std::span<std::byte, ipv6_field::kHeaderSize> out) const;
};

/// The fragment header's fields (RFC 8200 section 4.5).
struct Ipv6Fragment {
  uint8_t next_header = 0;
  uint32_t offset = 0;  ///< bytes (field * 8)
  bool more = false;
  uint32_t identification = 0;
  /// Writes the 8-byte fragment header.
  void Emit(std::span<std::byte, ipv6_field::kFragmentHeaderSize> out) const;
};

/// Where the chain of extension headers ends.
/// Where a Hop-by-Hop or Destination Options header lies in the payload,
/// for the options walk (wire/ipv6_options.h).
struct Ipv6OptionsHeader {
  size_t offset = 0;  ///< of its first byte (next header) in the payload
  size_t length = 0;  ///< the whole header, as its length field says
  bool hop_by_hop = false;
};

struct Ipv6Chain {
  /// The first header that is not a walked extension: an upper-layer
  /// protocol, No Next Header, ESP, or (when `fragment` is set) the
  /// fragment header's next header.
  uint8_t protocol = 0;
  /// Offset in the payload of that header's bytes (for a fragment: of the
  /// fragment data, after the fragment header).
  size_t offset = 0;
  /// Set when the chain reached a fragment header; the walk stops there,
  /// since what follows is part of a fragmented datagram.
  std::optional<Ipv6Fragment> fragment;
  /// Extension headers walked (the fragment header included).
  size_t extensions = 0;
  /// The options headers among them, in order (options_count of them).
  std::array<Ipv6OptionsHeader, ipv6_field::kMaxExtensionHeaders> options{};
  size_t options_count = 0;
};

/// Walks the extension headers at the start of an IPv6 payload. Every step
/// advances by at least 8 bytes and is checked against the payload's end
/// before it is taken; the walk stops after kMaxExtensionHeaders.
/// @param first_next_header the IPv6 header's next-header field
/// @param payload           the IPv6 payload
/// @return where the chain ends, or why it was refused
Parsed<Ipv6Chain> WalkIpv6Chain(uint8_t first_next_header, std::span<const std::byte> payload);

}  // namespace rampart::wire

#endif  // RAMPART_WIRE_IPV6_H_
