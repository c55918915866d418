#include "harness/frame_fixup.h"

#include <cstdint>

#include "wire/bytes.h"
#include "wire/checksum.h"
#include "wire/icmp.h"
#include "wire/ip_address.h"
#include "wire/udp_checksum.h"

namespace rampart::fuzz {
namespace {

bool FixTransport(std::span<std::byte> transport, uint8_t protocol, const wire::IpAddress& source,
                  const wire::IpAddress& destination) {
  if (protocol == 17) return wire::FillUdpChecksum(transport, source, destination);
  if (protocol == 1 || protocol == 58) {
    if (transport.size() < 4) return false;
    wire::StoreBe16(transport, 2, 0);
    return wire::FillIcmpChecksum(transport, source, destination);
  }
  return false;
}

}  // namespace

bool FixFrameChecksums(std::span<std::byte> frame) {
  if (frame.size() < 14) return false;
  size_t header = 14;
  uint16_t type = wire::LoadBe16(frame, 12);
  if (type == 0x8100 && frame.size() >= 18) {
    type = wire::LoadBe16(frame, 16);
    header = 18;
  }
  std::span<std::byte> packet = frame.subspan(header);
  if (type == 0x0800 && packet.size() >= 20) {
    const size_t ihl = (std::to_integer<size_t>(packet[0]) & 0x0F) * 4;
    if (ihl < 20 || ihl > packet.size()) return false;
    wire::StoreBe16(packet, 10, 0);
    wire::StoreBe16(packet, 10, wire::InternetChecksum(packet.first(ihl)));
    const size_t total = wire::LoadBe16(packet, 2);
    const bool fragment = (wire::LoadBe16(packet, 6) & 0x3FFF) != 0;
    if (total < ihl || total > packet.size() || fragment) return true;
    const auto source = *wire::IpAddress::FromBytes(wire::IpFamily::kIpv4, packet.subspan(12, 4));
    const auto destination =
        *wire::IpAddress::FromBytes(wire::IpFamily::kIpv4, packet.subspan(16, 4));
    (void)FixTransport(packet.subspan(ihl, total - ihl), std::to_integer<uint8_t>(packet[9]),
                       source, destination);
    return true;
  }
  if (type == 0x86DD && packet.size() >= 40) {
    const size_t length = wire::LoadBe16(packet, 4);
    if (40 + length > packet.size()) return false;
    const auto source = *wire::IpAddress::FromBytes(wire::IpFamily::kIpv6, packet.subspan(8, 16));
    const auto destination =
        *wire::IpAddress::FromBytes(wire::IpFamily::kIpv6, packet.subspan(24, 16));
    return FixTransport(packet.subspan(40, length), std::to_integer<uint8_t>(packet[6]), source,
                        destination);
  }
  return false;
}

}  // namespace rampart::fuzz
