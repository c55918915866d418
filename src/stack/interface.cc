#include "stack/interface.h"

#include <algorithm>
#include <array>
#include <span>

#include "absl/strings/str_cat.h"
#include "base/absl_view.h"
#include "wire/ip_address_text.h"

namespace rampart::stack {
namespace {

using wire::IpAddress;
using wire::IpFamily;

/// @return the address bytes as octets (4 or 16 of them are meaningful)
std::array<uint8_t, 16> Octets(const IpAddress& address) {
  std::array<uint8_t, 16> out{};
  const auto bytes = address.bytes();
  for (size_t i = 0; i < bytes.size(); ++i) out[i] = std::to_integer<uint8_t>(bytes[i]);
  return out;
}

/// @return the IPv4 address as a host-order number
uint32_t V4Number(const IpAddress& address) {
  const auto o = Octets(address);
  return (uint32_t{o[0]} << 24) | (uint32_t{o[1]} << 16) | (uint32_t{o[2]} << 8) | o[3];
}

/// @return the subnet broadcast of an IPv4 prefix (nullopt for /31, /32
///         and longer); /0, which Validate refuses but a configuration
///         built in code may hold, is all ones
std::optional<IpAddress> SubnetBroadcast(const IpPrefixAddress& prefix) {
  if (prefix.prefix_length >= 31) return std::nullopt;
  const uint32_t host_mask =
      prefix.prefix_length == 0 ? ~uint32_t{0} : (uint32_t{1} << (32 - prefix.prefix_length)) - 1;
  return IpAddress::V4(V4Number(prefix.address) | host_mask);
}

bool IsLinkLocalV6(const IpAddress& address) {
  const auto o = Octets(address);
  return address.family() == IpFamily::kIpv6 && o[0] == 0xFE && (o[1] & 0xC0) == 0x80;
}

}  // namespace

std::optional<IpPrefixAddress> IpPrefixAddress::Parse(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view address_text = text.substr(0, slash);
  const std::string_view length_text = text.substr(slash + 1);
  std::optional<IpAddress> address = wire::ParseIpv4(address_text);
  if (!address) address = wire::ParseIpv6(address_text);
  if (!address || length_text.empty() || length_text.size() > 3) return std::nullopt;
  unsigned length = 0;
  for (char digit : length_text) {
    if (digit < '0' || digit > '9') return std::nullopt;
    length = length * 10 + static_cast<unsigned>(digit - '0');
  }
  const unsigned max_length = address->family() == IpFamily::kIpv4 ? 32 : 128;
  if (length > max_length) {
    return std::nullopt;
  }
  return IpPrefixAddress{*address, static_cast<uint8_t>(length)};
}

bool IpPrefixAddress::Contains(const IpAddress& other) const {
  if (other.family() != address.family()) return false;
  const auto a = Octets(address);
  const auto b = Octets(other);
  // A prefix longer than the family compares the whole address, never
  // past it (a value built in code, not parsed, can hold any length).
  size_t bits = std::min<size_t>(prefix_length, address.bytes().size() * 8);
  for (size_t i = 0; bits > 0; ++i, bits = bits >= 8 ? bits - 8 : 0) {
    const unsigned mask = bits >= 8 ? 0xFFu : (0xFFu << (8 - bits)) & 0xFFu;
    if (((a[i] ^ b[i]) & mask) != 0) return false;
  }
  return true;
}

std::string IpPrefixAddress::ToString() const {
  return absl::StrCat(address.ToString(), "/", prefix_length);
}

absl::Status InterfaceConfig::Validate() const {
  const auto bad = [](std::string_view what) {
    return absl::InvalidArgumentError(absl::StrCat("interface: ", AbslView(what)));
  };
  if (mac.is_multicast() || mac == wire::MacAddress{}) return bad("mac must be a unicast address");
  if (mtu < 576 || mtu > 9000) return bad("mtu must be within 576..9000");
  if (ipv6 && mtu < 1280) return bad("IPv6 needs an mtu of at least 1280 (RFC 8200)");
  if (vlan && (*vlan == 0 || *vlan > 4094)) return bad("vlan id must be within 1..4094");
  if (ipv4) {
    if (ipv4->address.family() != IpFamily::kIpv4) return bad("ipv4 address is not IPv4");
    if (ipv4->prefix_length == 0) {
      return bad("ipv4 prefix /0 would put every address on the link; give the real prefix");
    }
    if (ipv4->prefix_length > 32) return bad("ipv4 prefix length must be within 1..32");
    if (ipv4->address.is_unspecified() || ipv4->address.is_multicast() ||
        ipv4->address.is_limited_broadcast() || ipv4->address == SubnetBroadcast(*ipv4)) {
      return bad("ipv4 address must be a unicast host address");
    }
    if ((ipv4->address.v4_number() >> 24) == 127) {
      return bad("ipv4 address must not be loopback (127.0.0.0/8 never leaves a host)");
    }
  }
  if (ipv6) {
    if (ipv6->address.family() != IpFamily::kIpv6) return bad("ipv6 address is not IPv6");
    if (ipv6->prefix_length == 0) {
      return bad("ipv6 prefix /0 would put every address on the link; give the real prefix");
    }
    if (ipv6->prefix_length > 128) return bad("ipv6 prefix length must be within 1..128");
    if (ipv6->address.is_unspecified() || ipv6->address.is_multicast()) {
      return bad("ipv6 address must be unicast");
    }
    const auto o = Octets(ipv6->address);
    const bool zero_80 =
        std::ranges::all_of(std::span(o).first(10), [](uint8_t b) { return b == 0; });
    if (zero_80 && o[10] == 0 && o[11] == 0 && o[12] == 0 && o[13] == 0 && o[14] == 0 &&
        o[15] == 1) {
      return bad("ipv6 address must not be loopback (::1 never leaves a host)");
    }
    if (zero_80 && o[10] == 0xFF && o[11] == 0xFF) {
      return bad("ipv6 address must not be IPv4-mapped (::ffff:0:0/96 is for sockets, not links)");
    }
  }
  if (ipv4_gateway && !ipv4) {
    return bad(
        "an ipv4 gateway needs an ipv4 address and prefix (there is no prefix to reach it "
        "through)");
  }
  if (ipv4_gateway && !ipv4->Contains(*ipv4_gateway)) {
    return bad("ipv4 gateway must be inside the ipv4 prefix");
  }
  if (ipv6_gateway &&
      (!ipv6 || ipv6_gateway->family() != IpFamily::kIpv6 || ipv6_gateway->is_multicast() ||
       !(ipv6->Contains(*ipv6_gateway) || IsLinkLocalV6(*ipv6_gateway)))) {
    return bad("ipv6 gateway must be on-link (inside the prefix, or link-local)");
  }
  return absl::OkStatus();
}

IpAddress InterfaceConfig::Ipv6LinkLocal() const {
  const auto& m = mac.octets;
  return IpAddress::V6({0xFE, 0x80, 0, 0, 0, 0, 0, 0, static_cast<uint8_t>(m[0] ^ 0x02), m[1], m[2],
                        0xFF, 0xFE, m[3], m[4], m[5]});
}

bool InterfaceConfig::IsOwnAddress(const IpAddress& address) const {
  return InterfaceAddresses(*this).IsOwnAddress(address);
}

bool InterfaceConfig::IsGroupDestination(const IpAddress& destination) const {
  return InterfaceAddresses(*this).IsGroupDestination(destination);
}

bool InterfaceConfig::AcceptsDestination(const IpAddress& destination) const {
  return InterfaceAddresses(*this).AcceptsDestination(destination);
}

InterfaceAddresses::InterfaceAddresses(const InterfaceConfig& config)
    : has_ipv4_(config.ipv4.has_value()),
      has_ipv6_(config.ipv6.has_value()),
      accept_any_address_(config.accept_any_address),
      accept_any_mac_(config.accept_any_mac),
      mac_(config.mac) {
  if (config.ipv4) {
    ipv4_ = V4Number(config.ipv4->address);
    if (const std::optional<IpAddress> broadcast = SubnetBroadcast(*config.ipv4)) {
      has_subnet_broadcast_ = true;
      subnet_broadcast_ = V4Number(*broadcast);
    }
  }
  if (config.ipv6) {
    ipv6_ = config.ipv6->address;
    all_nodes_ = Ipv6AllNodes();
    link_local_ = config.Ipv6LinkLocal();
    solicited_ = SolicitedNodeAddress(ipv6_);
    link_local_solicited_ = SolicitedNodeAddress(link_local_);
    all_nodes_mac_ = Ipv6MulticastMac(Ipv6AllNodes());
    solicited_mac_ = Ipv6MulticastMac(solicited_);
    link_local_solicited_mac_ = Ipv6MulticastMac(link_local_solicited_);
  }
}

bool InterfaceAddresses::AcceptsDestination(const IpAddress& destination) const {
  const bool v4 = destination.family() == IpFamily::kIpv4;
  if (accept_any_address_ && (v4 ? !has_ipv4_ : !has_ipv6_)) return true;
  if (IsOwnAddress(destination)) return true;
  // IPv4 groups: only the broadcasts and all-systems (224.0.0.1); no other
  // multicast group is ever joined.
  if (v4) {
    const uint32_t number = destination.v4_number();
    return has_ipv4_ &&
           (number == 0xFFFFFFFFu || (has_subnet_broadcast_ && number == subnet_broadcast_) ||
            number == 0xE0000001u);
  }
  if (!has_ipv6_) return false;
  return destination == all_nodes_ || destination == solicited_ ||
         destination == link_local_solicited_;
}

bool InterfaceAddresses::AcceptsMac(const wire::MacAddress& destination) const {
  if (destination == mac_ || destination.is_broadcast()) return true;
  if (accept_any_mac_) return true;
  if (!destination.is_multicast() || !has_ipv6_) return false;
  return destination == all_nodes_mac_ || destination == solicited_mac_ ||
         destination == link_local_solicited_mac_;
}

std::optional<IpAddress> InterfaceConfig::SourceFor(const IpAddress& destination) const {
  if (destination.family() == IpFamily::kIpv4) {
    if (!ipv4) return std::nullopt;
    return ipv4->address;
  }
  if (!ipv6) return std::nullopt;
  return IsLinkLocalV6(destination) ? Ipv6LinkLocal() : ipv6->address;
}

std::optional<IpAddress> InterfaceConfig::NextHop(const IpAddress& destination) const {
  if (destination.family() == IpFamily::kIpv4) {
    if (!ipv4) return std::nullopt;
    if (ipv4->Contains(destination)) return destination;
    return ipv4_gateway;
  }
  if (!ipv6) return std::nullopt;
  if (ipv6->Contains(destination) || IsLinkLocalV6(destination)) return destination;
  return ipv6_gateway;
}

IpAddress SolicitedNodeAddress(const IpAddress& address) {
  const auto o = Octets(address);
  return IpAddress::V6({0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xFF, o[13], o[14], o[15]});
}

wire::MacAddress Ipv6MulticastMac(const IpAddress& group) {
  const auto o = Octets(group);
  return wire::MacAddress{{0x33, 0x33, o[12], o[13], o[14], o[15]}};
}

IpAddress Ipv6AllNodes() {
  return IpAddress::V6({0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01});
}

}  // namespace rampart::stack
