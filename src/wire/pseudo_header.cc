#include "wire/pseudo_header.h"

#include <array>

#include "wire/bytes.h"
#include "wire/checksum.h"

namespace rampart::wire {

size_t PseudoHeader::size() const {
  return source.family() == IpFamily::kIpv4 ? pseudo_field::kIpv4Size : pseudo_field::kIpv6Size;
}

bool PseudoHeader::Emit(std::span<std::byte> out) const {
  bool ok = out.size() == size() && source.family() == destination.family();
  if (ok && source.family() == IpFamily::kIpv4) {
    ok = CopyBytes(out.subspan(pseudo_field::kIpv4Source, 4), source.bytes()) &&
         CopyBytes(out.subspan(pseudo_field::kIpv4Destination, 4), destination.bytes());
    out[pseudo_field::kIpv4Zero] = std::byte{0};
    out[pseudo_field::kIpv4Protocol] = static_cast<std::byte>(protocol);
    StoreBe16(out, pseudo_field::kIpv4Length, static_cast<uint16_t>(length));
  } else if (ok) {
    ok = CopyBytes(out.subspan(pseudo_field::kIpv6Source, 16), source.bytes()) &&
         CopyBytes(out.subspan(pseudo_field::kIpv6Destination, 16), destination.bytes());
    StoreBe32(out, pseudo_field::kIpv6Length, length);
    for (size_t i = pseudo_field::kIpv6Length + 4; i < pseudo_field::kIpv6NextHeader; ++i) {
      out[i] = std::byte{0};
    }
    out[pseudo_field::kIpv6NextHeader] = static_cast<std::byte>(protocol);
  }
  return ok;
}

uint64_t PseudoHeader::Sum() const {
  // Summed field by field rather than emitted, so it works whatever the
  // destination's family and never needs a buffer; addresses are summed
  // as 16-bit words here (at most 8 each), cheaper than a kernel call.
  const auto words = [](const IpAddress& address) -> uint64_t {
    if (address.family() == IpFamily::kIpv4) {
      const uint32_t number = address.v4_number();
      return (number >> 16) + (number & 0xFFFFu);
    }
    const std::span<const std::byte> bytes = address.bytes();
    uint64_t total = 0;
    for (size_t i = 0; i < bytes.size(); i += 4)
      total += (LoadBe32(bytes, i) >> 16) + (LoadBe32(bytes, i) & 0xFFFFu);
    return total;
  };
  uint64_t sum = words(source) + words(destination) + protocol;
  if (source.family() == IpFamily::kIpv4) {
    sum += length & 0xFFFFu;
  } else {
    sum += (length >> 16) + (length & 0xFFFFu);
  }
  return sum;
}

std::optional<Ipv4PseudoHeaderView> Ipv4PseudoHeaderView::Create(std::span<const std::byte> bytes) {
  std::optional<Ipv4PseudoHeaderView> view;
  if (bytes.size() >= pseudo_field::kIpv4Size) {
    view = Ipv4PseudoHeaderView(bytes.first<pseudo_field::kIpv4Size>());
  }
  return view;
}

PseudoHeader Ipv4PseudoHeaderView::ToValue() const {
  std::span<const std::byte> b = bytes_;
  return PseudoHeader{IpAddress::V4(LoadBe32(b, pseudo_field::kIpv4Source)),
                      IpAddress::V4(LoadBe32(b, pseudo_field::kIpv4Destination)),
                      std::to_integer<uint8_t>(b[pseudo_field::kIpv4Protocol]),
                      LoadBe16(b, pseudo_field::kIpv4Length)};
}

std::optional<Ipv6PseudoHeaderView> Ipv6PseudoHeaderView::Create(std::span<const std::byte> bytes) {
  std::optional<Ipv6PseudoHeaderView> view;
  if (bytes.size() >= pseudo_field::kIpv6Size) {
    view = Ipv6PseudoHeaderView(bytes.first<pseudo_field::kIpv6Size>());
  }
  return view;
}

PseudoHeader Ipv6PseudoHeaderView::ToValue() const {
  std::span<const std::byte> b = bytes_;
  auto address = [&](size_t offset) {
    std::array<uint8_t, 16> octets{};
    for (size_t i = 0; i < octets.size(); ++i) {
      octets[i] = std::to_integer<uint8_t>(b[offset + i]);
    }
    return IpAddress::V6(octets);
  };
  return PseudoHeader{address(pseudo_field::kIpv6Source), address(pseudo_field::kIpv6Destination),
                      std::to_integer<uint8_t>(b[pseudo_field::kIpv6NextHeader]),
                      LoadBe32(b, pseudo_field::kIpv6Length)};
}

}  // namespace rampart::wire
