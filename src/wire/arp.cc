#include "wire/arp.h"

#include <array>

#include "wire/bytes.h"

namespace rampart::wire {

Parsed<ArpPacket> ArpPacket::Parse(std::span<const std::byte> bytes) {
  using Result = Parsed<ArpPacket>;
  if (bytes.size() < arp_field::kSize) return Result::Fail(Reason::kArpTruncated);
  if (LoadBe16(bytes, arp_field::kHardwareType) != arp_field::kEthernet ||
      LoadBe16(bytes, arp_field::kProtocolType) != ether_type::kIpv4 ||
      std::to_integer<unsigned>(bytes[arp_field::kHardwareLength]) != 6 ||
      std::to_integer<unsigned>(bytes[arp_field::kProtocolLength]) != 4) {
    return Result::Fail(Reason::kArpUnsupportedFormat);
  }
  ArpPacket packet;
  packet.operation = LoadBe16(bytes, arp_field::kOperation);
  if (packet.operation != arp_field::kRequest && packet.operation != arp_field::kReply) {
    return Result::Fail(Reason::kArpUnknownOperation);
  }
  packet.sender_mac = MacAddress::From(bytes.subspan<arp_field::kSenderMac, 6>());
  packet.sender_ip = IpAddress::V4(LoadBe32(bytes, arp_field::kSenderIp));
  packet.target_mac = MacAddress::From(bytes.subspan<arp_field::kTargetMac, 6>());
  packet.target_ip = IpAddress::V4(LoadBe32(bytes, arp_field::kTargetIp));
  return Result::Ok(packet);
}

bool ArpPacket::Emit(std::span<std::byte, arp_field::kSize> out) const {
  bool ok = sender_ip.family() == IpFamily::kIpv4 && target_ip.family() == IpFamily::kIpv4;
  if (ok) {
    StoreBe16(out, arp_field::kHardwareType, arp_field::kEthernet);
    StoreBe16(out, arp_field::kProtocolType, ether_type::kIpv4);
    out[arp_field::kHardwareLength] = std::byte{6};
    out[arp_field::kProtocolLength] = std::byte{4};
    StoreBe16(out, arp_field::kOperation, operation);
    sender_mac.Emit(out.subspan<arp_field::kSenderMac, 6>());
    target_mac.Emit(out.subspan<arp_field::kTargetMac, 6>());
    ok = CopyBytes(out.subspan(arp_field::kSenderIp, 4), sender_ip.bytes()) &&
         CopyBytes(out.subspan(arp_field::kTargetIp, 4), target_ip.bytes());
  }
  return ok;
}

}  // namespace rampart::wire
