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

std::string IpAddress::ToString() const { return FormatIpAddress(*this); }

std::string SocketAddress::ToString() const {
  return family() == IpFamily::kIpv4 ? absl::StrCat(address.ToString(), ":", port)
                                     : absl::StrCat("[", address.ToString(), "]:", port);
}

}  // namespace rampart::wire
