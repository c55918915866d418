#include "harness/udp_rx_layout.h"

#include <array>

#include "wire/pseudo_header.h"
#include "wire/udp_checksum.h"

namespace rampart::fuzz {
namespace {

uint8_t ByteAt(std::span<const std::byte> input, size_t offset) {
  return offset < input.size() ? std::to_integer<uint8_t>(input[offset]) : 0;
}

size_t PseudoSize(wire::IpFamily family) {
  return family == wire::IpFamily::kIpv4 ? wire::pseudo_field::kIpv4Size
                                         : wire::pseudo_field::kIpv6Size;
}

/// The pseudo-header at `offset`, zero-padded past the end of the input.
wire::PseudoHeader PseudoAt(std::span<const std::byte> input, size_t offset,
                            wire::IpFamily family) {
  std::array<std::byte, wire::pseudo_field::kIpv6Size> bytes{};
  size_t size = PseudoSize(family);
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::byte>(ByteAt(input, offset + i));
  return family == wire::IpFamily::kIpv4 ? wire::Ipv4PseudoHeaderView::Create(bytes)->ToValue()
                                         : wire::Ipv6PseudoHeaderView::Create(bytes)->ToValue();
}

}  // namespace

UdpRxLayout UdpRxLayout::Of(std::span<const std::byte> input) {
  UdpRxLayout layout;
  layout.flags = ByteAt(input, 0);
  layout.count_byte = ByteAt(input, 1);
  layout.listeners = layout.count_byte & 7u;
  layout.family = (layout.flags & kRxIpv6) ? wire::IpFamily::kIpv6 : wire::IpFamily::kIpv4;
  layout.pseudo_size = PseudoSize(layout.family);
  size_t next = layout.pseudo_offset + layout.pseudo_size;
  if ((layout.flags & kRxOtherFamilySource) != 0) {
    layout.other_pseudo_offset = next;
    layout.other_pseudo_size = PseudoSize(
        layout.family == wire::IpFamily::kIpv4 ? wire::IpFamily::kIpv6 : wire::IpFamily::kIpv4);
    next += layout.other_pseudo_size;
  }
  layout.listeners_offset = next;
  layout.datagram_offset = next + 4 * layout.listeners;
  return layout;
}

bool FixUdpRxChecksum(std::span<std::byte> input) {
  UdpRxLayout layout = UdpRxLayout::Of(input);
  bool fix = (layout.count_byte & kRxMutatorLeavesRaw) == 0 &&
             (layout.flags & kRxOtherFamilySource) == 0 && layout.datagram_offset <= input.size();
  if (fix) {
    wire::PseudoHeader pseudo = PseudoAt(input, layout.pseudo_offset, layout.family);
    fix = wire::FillUdpChecksum(input.subspan(layout.datagram_offset), pseudo.source,
                                pseudo.destination);
  }
  return fix;
}

}  // namespace rampart::fuzz
