#include "wire/ipv4.h"

#include <array>
#include <cstring>

#include "wire/bytes.h"
#include "wire/checksum.h"

namespace rampart::wire {

Parsed<Ipv4View> Ipv4View::Create(std::span<const std::byte> packet) {
  using Result = Parsed<Ipv4View>;
  if (packet.size() < ipv4_field::kMinHeaderSize) return Result::Fail(Reason::kIpv4TruncatedHeader);
  const unsigned version_ihl = std::to_integer<unsigned>(packet[ipv4_field::kVersionIhl]);
  const size_t header = static_cast<size_t>(version_ihl & 0x0Fu) * 4;  // at most 60
  const size_t total = LoadBe16(packet, ipv4_field::kTotalLength);
  if ((version_ihl >> 4) != 4) return Result::Fail(Reason::kIpv4BadVersion);
  if (header < ipv4_field::kMinHeaderSize)
    return Result::Fail(Reason::kIpv4HeaderLengthBelowMinimum);
  if (header > packet.size()) return Result::Fail(Reason::kIpv4HeaderExceedsPacket);
  if (total < header) return Result::Fail(Reason::kIpv4TotalLengthBelowHeader);
  if (total > packet.size()) return Result::Fail(Reason::kIpv4TotalLengthExceedsPacket);
  return Result::Ok(Ipv4View(packet.first(total)));
}

size_t Ipv4View::header_length() const {
  return static_cast<size_t>(std::to_integer<unsigned>(packet_[ipv4_field::kVersionIhl]) & 0x0Fu) *
         4;
}
uint8_t Ipv4View::dscp() const { return std::to_integer<uint8_t>(packet_[ipv4_field::kTos]) >> 2; }
uint8_t Ipv4View::ecn() const { return std::to_integer<uint8_t>(packet_[ipv4_field::kTos]) & 3u; }
uint16_t Ipv4View::total_length() const { return static_cast<uint16_t>(packet_.size()); }
uint16_t Ipv4View::identification() const { return LoadBe16(packet_, ipv4_field::kIdentification); }
bool Ipv4View::reserved_flag() const {
  return (LoadBe16(packet_, ipv4_field::kFlagsFragment) & ipv4_field::kReservedFlag) != 0;
}
bool Ipv4View::dont_fragment() const {
  return (LoadBe16(packet_, ipv4_field::kFlagsFragment) & ipv4_field::kDontFragment) != 0;
}
bool Ipv4View::more_fragments() const {
  return (LoadBe16(packet_, ipv4_field::kFlagsFragment) & ipv4_field::kMoreFragments) != 0;
}
uint32_t Ipv4View::fragment_offset() const {
  return static_cast<uint32_t>(LoadBe16(packet_, ipv4_field::kFlagsFragment) &
                               ipv4_field::kOffsetMask) *
         8;
}
uint8_t Ipv4View::ttl() const { return std::to_integer<uint8_t>(packet_[ipv4_field::kTtl]); }
uint8_t Ipv4View::protocol() const {
  return std::to_integer<uint8_t>(packet_[ipv4_field::kProtocol]);
}
uint16_t Ipv4View::header_checksum() const { return LoadBe16(packet_, ipv4_field::kChecksum); }
bool Ipv4View::header_checksum_ok() const {
  // 20 to 60 bytes, a whole number of 32-bit words (Create checked IHL):
  // summed in native order (RFC 1071 2(B): the order only swaps the
  // folded result, and all ones is its own swap), cheaper than the
  // kernels' dispatch. It verifies when the folded sum is all ones.
  const std::span<const std::byte> bytes = header();
  uint64_t sum = 0;
  for (size_t i = 0; i < bytes.size(); i += 4) {
    uint32_t word = 0;
    std::memcpy(&word, bytes.subspan(i, 4).data(), sizeof word);
    sum += word;
  }
  return FoldSum(sum) == 0xFFFF;
}
IpAddress Ipv4View::source() const { return IpAddress::V4(LoadBe32(packet_, ipv4_field::kSource)); }
IpAddress Ipv4View::destination() const {
  return IpAddress::V4(LoadBe32(packet_, ipv4_field::kDestination));
}
std::span<const std::byte> Ipv4View::options() const {
  return packet_.subspan(ipv4_field::kMinHeaderSize, header_length() - ipv4_field::kMinHeaderSize);
}
std::span<const std::byte> Ipv4View::header() const { return packet_.first(header_length()); }
std::span<const std::byte> Ipv4View::payload() const { return packet_.subspan(header_length()); }

bool Ipv4Header::Emit(std::span<std::byte, ipv4_field::kMinHeaderSize> out) const {
  bool ok = source.family() == IpFamily::kIpv4 && destination.family() == IpFamily::kIpv4 &&
            fragment_offset % 8 == 0 && fragment_offset < 65536;
  if (ok) {
    out[ipv4_field::kVersionIhl] = std::byte{0x45};
    out[ipv4_field::kTos] = static_cast<std::byte>(tos);
    StoreBe16(out, ipv4_field::kTotalLength, total_length);
    StoreBe16(out, ipv4_field::kIdentification, identification);
    auto flags = static_cast<uint16_t>((dont_fragment ? ipv4_field::kDontFragment : 0) |
                                       (more_fragments ? ipv4_field::kMoreFragments : 0) |
                                       (fragment_offset / 8));
    StoreBe16(out, ipv4_field::kFlagsFragment, flags);
    out[ipv4_field::kTtl] = static_cast<std::byte>(ttl);
    out[ipv4_field::kProtocol] = static_cast<std::byte>(protocol);
    StoreBe16(out, ipv4_field::kChecksum, 0);
    ok = CopyBytes(out.subspan(ipv4_field::kSource, 4), source.bytes()) &&
         CopyBytes(out.subspan(ipv4_field::kDestination, 4), destination.bytes());
    StoreBe16(out, ipv4_field::kChecksum, InternetChecksum(out));
  }
  return ok;
}

}  // namespace rampart::wire
