// Ethernet II frames (IEEE 802.3 with an EtherType), and 802.1Q tags.
#ifndef RAMPART_WIRE_ETHERNET_H_
#define RAMPART_WIRE_ETHERNET_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/reason.h"
#include "wire/parsed.h"

namespace rampart::wire {

/// Field offsets and sizes of the Ethernet II header.
namespace eth_field {
inline constexpr size_t kDestination = 0;
inline constexpr size_t kSource = 6;
inline constexpr size_t kEtherType = 12;
inline constexpr size_t kHeaderSize = 14;
inline constexpr size_t kAddressSize = 6;
/// An 802.1Q tag: TPID (the EtherType slot) then TCI, then the real type.
inline constexpr size_t kTagControl = 14;
inline constexpr size_t kInnerEtherType = 16;
inline constexpr size_t kTaggedHeaderSize = 18;
/// Shortest frame on the wire without FCS (shorter ones are padded).
inline constexpr size_t kMinFrameSize = 60;
}  // namespace eth_field

/// EtherType values rampart knows.
namespace ether_type {
inline constexpr uint16_t kIpv4 = 0x0800;
inline constexpr uint16_t kArp = 0x0806;
inline constexpr uint16_t kVlan = 0x8100;  // 802.1Q
inline constexpr uint16_t kQinQ = 0x88A8;  // 802.1ad
inline constexpr uint16_t kIpv6 = 0x86DD;
/// Values below this are 802.3 lengths, not types.
inline constexpr uint16_t kMinType = 0x0600;
}  // namespace ether_type

/// A 48-bit MAC address. Value type.
struct MacAddress {
  std::array<uint8_t, eth_field::kAddressSize> octets{};

  /// @return ff:ff:ff:ff:ff:ff
  static MacAddress Broadcast();
  /// @param bytes exactly 6 bytes
  /// @return the address, or nullopt for another length
  static std::optional<MacAddress> FromBytes(std::span<const std::byte> bytes);
  /// @param bytes exactly 6 bytes (the length is in the type)
  /// @return the address
  static MacAddress From(std::span<const std::byte, eth_field::kAddressSize> bytes) {
    MacAddress mac;
    for (size_t i = 0; i < eth_field::kAddressSize; ++i) {
      mac.octets[i] = std::to_integer<uint8_t>(bytes[i]);
    }
    return mac;
  }
  /// Parses "02:00:5e:10:00:01" (six two-digit hex groups, ':' or '-').
  /// @return the address, or nullopt
  static std::optional<MacAddress> Parse(std::string_view text);

  /// @return true for ff:ff:ff:ff:ff:ff
  bool is_broadcast() const;
  /// @return true if the group bit (bit 0 of the first octet) is set
  bool is_multicast() const { return (octets[0] & 1u) != 0; }
  /// @return "02:00:5e:10:00:01"
  std::string ToString() const;
  /// Writes the 6 octets.
  void Emit(std::span<std::byte, eth_field::kAddressSize> out) const;

  friend bool operator==(const MacAddress&, const MacAddress&) = default;
};

/// An 802.1Q tag.
struct VlanTag {
  uint8_t priority = 0;  ///< PCP, 3 bits
  bool drop_eligible = false;
  uint16_t id = 0;  ///< VID, 12 bits
};

/// A checked view of an Ethernet II frame (without FCS).
class EthernetView {
 public:
  /// Checks the header (and an 802.1Q tag if present).
  /// @param frame the frame from the destination address on
  /// @return the view, or the error
  static Parsed<EthernetView> Create(std::span<const std::byte> frame);

  MacAddress destination() const;
  MacAddress source() const;
  /// @return the type of the payload (the inner type for a tagged frame)
  uint16_t ether_type() const;
  /// @return the tag of an 802.1Q frame, nullopt for an untagged one
  std::optional<VlanTag> vlan() const;
  /// @return the bytes after the header (and tag), padding included
  std::span<const std::byte> payload() const;

 private:
  EthernetView(std::span<const std::byte> frame, bool tagged) : frame_(frame), tagged_(tagged) {}
  std::span<const std::byte> frame_;
  bool tagged_;
};

/// An Ethernet II header as values, for emitting.
struct EthernetHeader {
  MacAddress destination;
  MacAddress source;
  uint16_t ether_type = 0;
  /// When set, an 802.1Q tag goes between the source and the type.
  std::optional<VlanTag> vlan;

  /// @return 14, or 18 with a tag
  size_t size() const;
  /// Writes the header (and tag).
  /// @return false (nothing written) unless out is exactly size() bytes and
  ///         a tag's priority fits 3 bits and its id 12 bits
  [[nodiscard]] bool Emit(std::span<std::byte> out) const;
};

}  // namespace rampart::wire

#endif  // RAMPART_WIRE_ETHERNET_H_
