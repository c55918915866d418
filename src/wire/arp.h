// ARP for IPv4 over Ethernet (RFC 826): a checked view and an emitter.
#ifndef RAMPART_WIRE_ARP_H_
#define RAMPART_WIRE_ARP_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/reason.h"
#include "wire/ethernet.h"
#include "wire/ip_address.h"
#include "wire/parsed.h"

namespace rampart::wire {

/// Field offsets and sizes of an Ethernet/IPv4 ARP packet.
namespace arp_field {
inline constexpr size_t kHardwareType = 0;
inline constexpr size_t kProtocolType = 2;
inline constexpr size_t kHardwareLength = 4;
inline constexpr size_t kProtocolLength = 5;
inline constexpr size_t kOperation = 6;
inline constexpr size_t kSenderMac = 8;
inline constexpr size_t kSenderIp = 14;
inline constexpr size_t kTargetMac = 18;
inline constexpr size_t kTargetIp = 24;
inline constexpr size_t kSize = 28;
inline constexpr uint16_t kEthernet = 1;
inline constexpr uint16_t kRequest = 1;
inline constexpr uint16_t kReply = 2;
}  // namespace arp_field

/// ARP fields as values (parse result and emit input).
struct ArpPacket {
  uint16_t operation = arp_field::kRequest;
  MacAddress sender_mac;
  IpAddress sender_ip;
  MacAddress target_mac;
  IpAddress target_ip;

  /// Reads an Ethernet/IPv4 ARP packet (bytes past 28 are padding).
  /// @return the fields, or the first rule broken
  static Parsed<ArpPacket> Parse(std::span<const std::byte> bytes);

  /// Writes the 28 bytes.
  /// @return false (nothing written) if an address is not IPv4
  [[nodiscard]] bool Emit(std::span<std::byte, arp_field::kSize> out) const;
};

}  // namespace rampart::wire

#endif  // RAMPART_WIRE_ARP_H_
