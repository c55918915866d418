#include "wire/ipv6.h"

#include <array>

#include "wire/bytes.h"

namespace rampart::wire {

Parsed<Ipv6View> Ipv6View::Create(std::span<const std::byte> packet) {
  using Result = Parsed<Ipv6View>;
  if (packet.size() < ipv6_field::kHeaderSize) return Result::Fail(Reason::kIpv6TruncatedHeader);
  const size_t total = ipv6_field::kHeaderSize + LoadBe16(packet, ipv6_field::kPayloadLength);
  if ((std::to_integer<unsigned>(packet[0]) >> 4) != 6) {
    return Result::Fail(Reason::kIpv6BadVersion);
  }
  if (total > packet.size()) return Result::Fail(Reason::kIpv6PayloadLengthExceedsPacket);
  return Result::Ok(Ipv6View(packet.first(total)));
}

uint8_t Ipv6View::traffic_class() const {
  return static_cast<uint8_t>((LoadBe32(packet_, ipv6_field::kVersionClassFlow) >> 20) & 0xFFu);
}
uint32_t Ipv6View::flow_label() const {
  return LoadBe32(packet_, ipv6_field::kVersionClassFlow) & 0xFFFFFu;
}
uint16_t Ipv6View::payload_length() const { return LoadBe16(packet_, ipv6_field::kPayloadLength); }
uint8_t Ipv6View::next_header() const {
  return std::to_integer<uint8_t>(packet_[ipv6_field::kNextHeader]);
}
uint8_t Ipv6View::hop_limit() const {
  return std::to_integer<uint8_t>(packet_[ipv6_field::kHopLimit]);
}
IpAddress Ipv6View::source() const {
  return *IpAddress::FromBytes(IpFamily::kIpv6, packet_.subspan(ipv6_field::kSource, 16));
}
IpAddress Ipv6View::destination() const {
  return *IpAddress::FromBytes(IpFamily::kIpv6, packet_.subspan(ipv6_field::kDestination, 16));
}
std::span<const std::byte> Ipv6View::payload() const {
  return packet_.subspan(ipv6_field::kHeaderSize);
}

bool Ipv6Header::Emit(std::span<std::byte, ipv6_field::kHeaderSize> out) const {
  bool ok = source.family() == IpFamily::kIpv6 && destination.family() == IpFamily::kIpv6 &&
            flow_label <= 0xFFFFFu;
  if (ok) {
    StoreBe32(out, ipv6_field::kVersionClassFlow,
              (6u << 28) | (static_cast<uint32_t>(traffic_class) << 20) | flow_label);
    StoreBe16(out, ipv6_field::kPayloadLength, payload_length);
    out[ipv6_field::kNextHeader] = static_cast<std::byte>(next_header);
    out[ipv6_field::kHopLimit] = static_cast<std::byte>(hop_limit);
    ok = CopyBytes(out.subspan(ipv6_field::kSource, 16), source.bytes()) &&
         CopyBytes(out.subspan(ipv6_field::kDestination, 16), destination.bytes());
  }
  return ok;
}

void Ipv6Fragment::Emit(std::span<std::byte, ipv6_field::kFragmentHeaderSize> out) const {
  out[ipv6_field::kExtNextHeader] = static_cast<std::byte>(next_header);
  out[ipv6_field::kFragmentReserved] = std::byte{0};
  StoreBe16(out, ipv6_field::kFragmentOffsetFlags,
            static_cast<uint16_t>(((offset / 8) << 3) | (more ? 1u : 0u)));
  StoreBe32(out, ipv6_field::kFragmentIdentification, identification);
}

namespace {

/// @return true for the headers the walker steps over by their length
bool IsWalkedExtension(uint8_t protocol) {
  return protocol == ip_protocol::kHopByHop || protocol == ip_protocol::kRouting ||
         protocol == ip_protocol::kDestinationOptions || protocol == ip_protocol::kAuthentication ||
         protocol == ip_protocol::kMobility || protocol == ip_protocol::kHip ||
         protocol == ip_protocol::kShim6;
}

}  // namespace

Parsed<Ipv6Chain> WalkIpv6Chain(uint8_t first_next_header, std::span<const std::byte> payload) {
  using Result = Parsed<Ipv6Chain>;
  Ipv6Chain chain;
  chain.protocol = first_next_header;
  // Each turn returns or walks one more header, and headers are bounded.
  while (true) {
    const uint8_t protocol = chain.protocol;
    const size_t remaining = payload.size() - chain.offset;  // offset <= size holds
    if (protocol == ip_protocol::kFragment) {
      if (chain.extensions >= ipv6_field::kMaxExtensionHeaders) {
        return Result::Fail(Reason::kIpv6TooManyExtensions);
      }
      if (remaining < ipv6_field::kFragmentHeaderSize) {
        return Result::Fail(Reason::kIpv6TruncatedExtension);
      }
      const std::span<const std::byte> h =
          payload.subspan(chain.offset, ipv6_field::kFragmentHeaderSize);
      const uint16_t offset_flags = LoadBe16(h, 2);
      chain.fragment =
          Ipv6Fragment{std::to_integer<uint8_t>(h[0]), static_cast<uint32_t>(offset_flags >> 3) * 8,
                       (offset_flags & 1u) != 0, LoadBe32(h, 4)};
      chain.protocol = chain.fragment->next_header;
      chain.offset += ipv6_field::kFragmentHeaderSize;
      ++chain.extensions;
      return Result::Ok(chain);
    }
    if (!IsWalkedExtension(protocol)) return Result::Ok(chain);
    if (protocol == ip_protocol::kHopByHop && chain.extensions != 0) {
      return Result::Fail(Reason::kIpv6HopByHopNotFirst);
    }
    if (chain.extensions >= ipv6_field::kMaxExtensionHeaders) {
      return Result::Fail(Reason::kIpv6TooManyExtensions);
    }
    if (remaining < 8) return Result::Fail(Reason::kIpv6TruncatedExtension);
    const size_t units = std::to_integer<size_t>(payload[chain.offset + ipv6_field::kExtLength]);
    // AH counts 4-octet units minus 2 (RFC 4302); the others 8-octet units
    // not counting the first (RFC 8200). Both give >= 8 bytes.
    const size_t length =
        protocol == ip_protocol::kAuthentication ? (units + 2) * 4 : (units + 1) * 8;
    if (length > remaining) return Result::Fail(Reason::kIpv6TruncatedExtension);
    if (protocol == ip_protocol::kHopByHop || protocol == ip_protocol::kDestinationOptions) {
      // Fewer than kMaxExtensionHeaders headers were walked (checked above).
      chain.options[chain.options_count++] =
          Ipv6OptionsHeader{chain.offset, length, protocol == ip_protocol::kHopByHop};
    }
    chain.protocol = std::to_integer<uint8_t>(payload[chain.offset + ipv6_field::kExtNextHeader]);
    chain.offset += length;
    ++chain.extensions;
  }
}

}  // namespace rampart::wire
