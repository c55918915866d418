#include "wire/ip_address.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "wire/bytes.h"
#include "wire/ip_address_text.h"

namespace rampart::wire {

std::string_view FamilyName(IpFamily family) { return family == IpFamily::kIpv4 ? "ipv4" : "ipv6"; }

IpAddress IpAddress::V4(std::array<uint8_t, kIpv4Size> octets) {
  IpAddress address;
  address.family_ = IpFamily::kIpv4;
  std::ranges::transform(octets, address.store_.begin(),
                         [](uint8_t o) { return static_cast<std::byte>(o); });
  return address;
}

IpAddress IpAddress::V4(uint32_t host_order) {
  IpAddress address;
  address.family_ = IpFamily::kIpv4;
  StoreBe32(address.store_, 0, host_order);
  return address;
}

IpAddress IpAddress::V6(std::array<uint8_t, kIpv6Size> octets) {
  IpAddress address;
  address.family_ = IpFamily::kIpv6;
  std::ranges::transform(octets, address.store_.begin(),
                         [](uint8_t o) { return static_cast<std::byte>(o); });
  return address;
}

IpAddress IpAddress::Unspecified(IpFamily family) {
  IpAddress address;
  address.family_ = family;
  return address;
}

std::optional<IpAddress> IpAddress::FromBytes(IpFamily family, std::span<const std::byte> bytes) {
  std::optional<IpAddress> result;
  size_t expected = family == IpFamily::kIpv4 ? kIpv4Size : kIpv6Size;
  if (bytes.size() == expected) {
    IpAddress address;
    address.family_ = family;
    if (CopyBytes(address.store_, bytes)) {
      result = address;
    }
  }
  return result;
}

std::span<const std::byte> IpAddress::bytes() const {
  return std::span<const std::byte>(store_).first(family_ == IpFamily::kIpv4 ? kIpv4Size
                                                                             : kIpv6Size);
}

bool IpAddress::is_unspecified() const {
  return std::ranges::all_of(store_, [](std::byte b) { return b == std::byte{0}; });
}

bool IpAddress::is_multicast() const {
  unsigned first = std::to_integer<unsigned>(store_[0]);
  return family_ == IpFamily::kIpv4 ? (first & 0xF0u) == 0xE0u : first == 0xFFu;
}

bool IpAddress::is_limited_broadcast() const {
  return family_ == IpFamily::kIpv4 && LoadBe32(store_, 0) == 0xFFFFFFFFu;
}

std::string IpAddress::ToString() const { return FormatIpAddress(*this); }

std::string SocketAddress::ToString() const {
  return family() == IpFamily::kIpv4 ? absl::StrCat(address.ToString(), ":", port)
                                     : absl::StrCat("[", address.ToString(), "]:", port);
}

}  // namespace rampart::wire
