// Neighbor Discovery (RFC 4861): neighbor solicitations and advertisements
// and their link-layer address options.
#ifndef RAMPART_WIRE_NDP_H_
#define RAMPART_WIRE_NDP_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "base/reason.h"
#include "wire/ethernet.h"
#include "wire/ip_address.h"
#include "wire/parsed.h"

namespace rampart::wire {

/// Field offsets of NS/NA messages (the ICMPv6 header included).
namespace ndp_field {
inline constexpr size_t kFlags = 4;  // NA: R, S, O in the top bits
inline constexpr size_t kTarget = 8;
inline constexpr size_t kOptions = 24;
inline constexpr size_t kMinSize = 24;
inline constexpr uint8_t kRouterFlag = 0x80;
inline constexpr uint8_t kSolicitedFlag = 0x40;
inline constexpr uint8_t kOverrideFlag = 0x20;
/// Within an option: its type, its length in 8-octet units, its data.
inline constexpr size_t kOptionType = 0;
inline constexpr size_t kOptionLength = 1;
inline constexpr size_t kOptionData = 2;
inline constexpr uint8_t kSourceLinkLayerOption = 1;
inline constexpr uint8_t kTargetLinkLayerOption = 2;
/// NDP packets must arrive with this hop limit (RFC 4861 7.1).
inline constexpr uint8_t kRequiredHopLimit = 255;
}  // namespace ndp_field

/// An NDP option length: a count of 8-octet units, never bytes. Its own
/// type so the two cannot be mixed up (the AMNESIA:33 class of bugs).
class OptionUnits {
 public:
  explicit constexpr OptionUnits(uint8_t count) : count_(count) {}
  /// @return the count as it is on the wire
  constexpr uint8_t count() const { return count_; }
  /// @return the length in bytes (count * 8, at most 2040)
  constexpr size_t bytes() const { return size_t{count_} * 8; }

 private:
  uint8_t count_;
};

/// An NS or NA as values.
struct NdpMessage {
  uint8_t type = 135;  ///< 135 solicitation, 136 advertisement
  bool router = false;
  bool solicited = false;
  bool override_flag = false;
  IpAddress target = IpAddress::Unspecified(IpFamily::kIpv6);
  std::optional<MacAddress> source_link_layer;  ///< option 1 (first one)
  std::optional<MacAddress> target_link_layer;  ///< option 2 (first one)

  /// Parses an NS or NA (the whole ICMPv6 message; its checksum and the
  /// IPv6 hop limit are the caller's to check). Unknown options are
  /// skipped; every option must have a non-zero length inside the message.
  static Parsed<NdpMessage> Parse(std::span<const std::byte> message);

  /// @return the bytes Emit() writes: 24, plus 8 per link-layer option
  size_t size() const;
  /// Writes the message with a zero checksum (fill it with FillIcmpChecksum).
  /// @return false (nothing written) unless out is exactly size() bytes and
  ///         the target is IPv6
  [[nodiscard]] bool Emit(std::span<std::byte> out) const;
};

}  // namespace rampart::wire

#endif  // RAMPART_WIRE_NDP_H_
