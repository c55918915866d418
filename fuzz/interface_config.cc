// Fuzz target: an interface's configuration and the address rules that
// follow from it (src/stack/interface.cc). The configuration comes from
// the command line or from an embedding program, so it is as untrusted as
// the text and numbers it was built from: any field, of either family,
// any prefix length.
//
// Input: presence flags, then the MAC (six bytes, or text for
// MacAddress::Parse), MTU and VLAN; each address either as text
// ("A/P" for IpPrefixAddress::Parse, "A" for a gateway) or as a family
// byte, raw octets and a prefix byte; then probes, each a destination
// address derived from the configuration (own, broadcast, solicited-node,
// link-local, gateway, each perturbed by a byte) or taken raw.
// Oracles, each against a model written from the header's rules:
// - Parse: "A/P" is accepted exactly when A is IPv4 or IPv6 text and P is
//   one to three decimal digits no larger than the family's width;
//   ToString of the result parses back to the same value. MAC text
//   round-trips likewise.
// - Contains: bit by bit against the prefix, never past the family.
// - Validate: accepted exactly when every rule of its doc comment holds.
// - For a valid configuration, each probe: IsOwnAddress,
//   AcceptsDestination, IsGroupDestination, SourceFor, NextHop and
//   InterfaceAddresses::AcceptsMac agree with the model.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "harness/byte_reader.h"
#include "harness/fuzz_check.h"
#include "stack/interface.h"
#include "wire/bytes.h"
#include "wire/ip_address_text.h"

namespace {

using namespace rampart;
using wire::IpAddress;
using wire::IpFamily;

std::array<uint8_t, 16> Octets(const IpAddress& address) {
  std::array<uint8_t, 16> out{};
  const auto bytes = address.bytes();
  for (size_t i = 0; i < bytes.size(); ++i) out[i] = std::to_integer<uint8_t>(bytes[i]);
  return out;
}

size_t Width(IpFamily family) { return family == IpFamily::kIpv4 ? 32 : 128; }

bool Bit(const std::array<uint8_t, 16>& octets, size_t index) {
  return ((octets[index / 8] >> (7 - index % 8)) & 1u) != 0;
}

/// Model of IpPrefixAddress::Contains: the same family and the first
/// `prefix` bits equal (a prefix longer than the family matches nothing
/// beyond it: the model stops at the family's width).
bool ModelContains(const IpAddress& network, size_t prefix, const IpAddress& other) {
  if (network.family() != other.family()) return false;
  const auto a = Octets(network);
  const auto b = Octets(other);
  for (size_t i = 0; i < prefix && i < Width(network.family()); ++i) {
    if (Bit(a, i) != Bit(b, i)) return false;
  }
  return true;
}

/// Model of IpPrefixAddress::Parse.
std::optional<stack::IpPrefixAddress> ModelParse(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view digits = text.substr(slash + 1);
  std::optional<IpAddress> address = wire::ParseIpv4(text.substr(0, slash));
  if (!address) address = wire::ParseIpv6(text.substr(0, slash));
  if (!address || digits.empty() || digits.size() > 3) return std::nullopt;
  size_t length = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    length = length * 10 + static_cast<size_t>(c - '0');
  }
  if (length > Width(address->family())) return std::nullopt;
  return stack::IpPrefixAddress{*address, static_cast<uint8_t>(length)};
}

/// @return the subnet broadcast of an IPv4 prefix shorter than /31
std::optional<IpAddress> ModelSubnetBroadcast(const stack::IpPrefixAddress& p) {
  if (p.address.family() != IpFamily::kIpv4 || p.prefix_length >= 31) return std::nullopt;
  const uint32_t host = p.prefix_length == 0 ? 0xFFFFFFFFu : (1u << (32 - p.prefix_length)) - 1;
  return IpAddress::V4(p.address.v4_number() | host);
}

bool IsLinkLocal6(const IpAddress& a) {
  const auto o = Octets(a);
  return a.family() == IpFamily::kIpv6 && o[0] == 0xFE && (o[1] & 0xC0) == 0x80;
}

/// Model of InterfaceConfig::Validate: the rules of its doc comment.
bool ModelValid(const stack::InterfaceConfig& c) {
  const bool mac_zero = c.mac == wire::MacAddress{};
  if ((c.mac.octets[0] & 1u) != 0 || mac_zero) return false;
  if (c.mtu < 576 || c.mtu > 9000) return false;
  if (c.ipv6 && c.mtu < 1280) return false;
  if (c.vlan && (*c.vlan == 0 || *c.vlan > 4094)) return false;
  if (c.ipv4) {
    const IpAddress& a = c.ipv4->address;
    if (a.family() != IpFamily::kIpv4) return false;
    if (c.ipv4->prefix_length == 0 || c.ipv4->prefix_length > 32) return false;
    const uint32_t n = a.v4_number();
    if (n == 0 || (n >> 28) == 0xE || n == 0xFFFFFFFFu || (n >> 24) == 127) return false;
    if (ModelSubnetBroadcast(*c.ipv4) == a) return false;
  }
  if (c.ipv6) {
    const IpAddress& a = c.ipv6->address;
    if (a.family() != IpFamily::kIpv6) return false;
    if (c.ipv6->prefix_length == 0 || c.ipv6->prefix_length > 128) return false;
    const auto o = Octets(a);
    bool first_80_zero = true;
    for (size_t i = 0; i < 10; ++i) first_80_zero = first_80_zero && o[i] == 0;
    const bool loopback = first_80_zero && o[10] == 0 && o[11] == 0 && o[12] == 0 && o[13] == 0 &&
                          o[14] == 0 && o[15] == 1;
    const bool mapped = first_80_zero && o[10] == 0xFF && o[11] == 0xFF;
    if (a.is_unspecified() || o[0] == 0xFF || loopback || mapped) return false;
  }
  if (c.ipv4_gateway) {
    if (!c.ipv4) return false;
    if (!ModelContains(c.ipv4->address, c.ipv4->prefix_length, *c.ipv4_gateway)) return false;
  }
  if (c.ipv6_gateway) {
    const IpAddress& g = *c.ipv6_gateway;
    if (!c.ipv6 || g.family() != IpFamily::kIpv6 || Octets(g)[0] == 0xFF) return false;
    if (!ModelContains(c.ipv6->address, c.ipv6->prefix_length, g) && !IsLinkLocal6(g)) {
      return false;
    }
  }
  return true;
}

IpAddress LinkLocal(const wire::MacAddress& mac) {
  const auto& m = mac.octets;
  return IpAddress::V6({0xFE, 0x80, 0, 0, 0, 0, 0, 0, static_cast<uint8_t>(m[0] ^ 2), m[1], m[2],
                        0xFF, 0xFE, m[3], m[4], m[5]});
}

IpAddress Solicited(const IpAddress& a) {
  const auto o = Octets(a);
  return IpAddress::V6({0xFF, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xFF, o[13], o[14], o[15]});
}

wire::MacAddress GroupMac(const IpAddress& group) {
  const auto o = Octets(group);
  return wire::MacAddress{{0x33, 0x33, o[12], o[13], o[14], o[15]}};
}

const IpAddress kAllNodes = IpAddress::V6({0xFF, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

/// Checks every per-address rule for one destination of a valid config.
void CheckProbe(const stack::InterfaceConfig& c, const stack::InterfaceAddresses& addresses,
                const IpAddress& d) {
  const bool v4 = d.family() == IpFamily::kIpv4;
  const std::optional<IpAddress> link_local =
      c.ipv6 ? std::optional<IpAddress>(LinkLocal(c.mac)) : std::nullopt;
  const bool own =
      (c.ipv4 && d == c.ipv4->address) || (c.ipv6 && (d == c.ipv6->address || d == *link_local));
  FUZZ_CHECK(c.IsOwnAddress(d) == own);
  FUZZ_CHECK(addresses.IsOwnAddress(d) == own);

  const std::optional<IpAddress> subnet = c.ipv4 ? ModelSubnetBroadcast(*c.ipv4) : std::nullopt;
  const bool group = d.is_multicast() || (v4 && d.v4_number() == 0xFFFFFFFFu) ||
                     (v4 && subnet.has_value() && d == *subnet);
  FUZZ_CHECK(c.IsGroupDestination(d) == group);
  FUZZ_CHECK(addresses.IsGroupDestination(d) == group);

  bool accepts = own;
  if (c.accept_any_address && (v4 ? !c.ipv4 : !c.ipv6)) accepts = true;
  if (v4 && c.ipv4) {
    const uint32_t n = d.v4_number();
    accepts = accepts || n == 0xFFFFFFFFu || n == 0xE0000001u || (subnet && d == *subnet);
  }
  if (!v4 && c.ipv6) {
    accepts =
        accepts || d == kAllNodes || d == Solicited(c.ipv6->address) || d == Solicited(*link_local);
  }
  FUZZ_CHECK(c.AcceptsDestination(d) == accepts);
  FUZZ_CHECK(addresses.AcceptsDestination(d) == accepts);

  const std::optional<stack::IpPrefixAddress>& mine = v4 ? c.ipv4 : c.ipv6;
  const std::optional<IpAddress> source = c.SourceFor(d);
  if (!mine) {
    FUZZ_CHECK(!source && !c.NextHop(d));
    return;
  }
  FUZZ_CHECK(source.has_value());
  FUZZ_CHECK(*source == (!v4 && IsLinkLocal6(d) ? *link_local : mine->address));
  const bool on_link =
      ModelContains(mine->address, mine->prefix_length, d) || (!v4 && IsLinkLocal6(d));
  const std::optional<IpAddress> gateway = v4 ? c.ipv4_gateway : c.ipv6_gateway;
  FUZZ_CHECK(c.NextHop(d) == (on_link ? std::optional<IpAddress>(d) : gateway));
}

/// Checks AcceptsMac for one destination MAC.
void CheckMac(const stack::InterfaceConfig& c, const stack::InterfaceAddresses& addresses,
              const wire::MacAddress& m) {
  bool accepts = m == c.mac || m == wire::MacAddress::Broadcast() || c.accept_any_mac;
  if (c.ipv6 && (m.octets[0] & 1u) != 0) {
    accepts = accepts || m == GroupMac(kAllNodes) || m == GroupMac(Solicited(c.ipv6->address)) ||
              m == GroupMac(Solicited(LinkLocal(c.mac)));
  }
  FUZZ_CHECK(addresses.AcceptsMac(m) == accepts);
}

/// Reads an address: IPv4 or IPv6 octets by the family bit.
IpAddress ReadAddress(fuzz::ByteReader& in, bool v6) {
  std::array<uint8_t, 16> o{};
  in.Fill(std::span(o).first(v6 ? 16 : 4));
  if (!v6) return IpAddress::V4({o[0], o[1], o[2], o[3]});
  return IpAddress::V6(o);
}

/// Reads text of a length given by one byte.
std::string_view ReadText(fuzz::ByteReader& in) {
  const auto bytes = in.Take(in.Byte() % 64);
  return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

/// Reads a prefix address: text through Parse (checked against the model
/// and its round trip), or raw (any prefix length, any family).
std::optional<stack::IpPrefixAddress> ReadPrefix(fuzz::ByteReader& in, bool text) {
  if (text) {
    const std::string_view t = ReadText(in);
    const std::optional<stack::IpPrefixAddress> parsed = stack::IpPrefixAddress::Parse(t);
    FUZZ_CHECK(parsed == ModelParse(t));
    if (parsed) FUZZ_CHECK(stack::IpPrefixAddress::Parse(parsed->ToString()) == parsed);
    return parsed;
  }
  const uint8_t family = in.Byte();
  const IpAddress address = ReadAddress(in, (family & 1) != 0);
  return stack::IpPrefixAddress{address, in.Byte()};
}

std::optional<IpAddress> ReadGateway(fuzz::ByteReader& in, bool text) {
  if (!text) return ReadAddress(in, (in.Byte() & 1) != 0);
  const std::string_view t = ReadText(in);
  std::optional<IpAddress> address = wire::ParseIpv4(t);
  if (!address) address = wire::ParseIpv6(t);
  return address;
}

/// A probe destination: derived from the configuration or raw.
IpAddress ReadProbe(fuzz::ByteReader& in, const stack::InterfaceConfig& c) {
  const uint8_t kind = in.Byte();
  const uint8_t perturb = in.Byte();
  const auto flip_last = [perturb](const IpAddress& a) {
    auto o = Octets(a);
    const size_t last = a.family() == IpFamily::kIpv4 ? 3 : 15;
    o[last] ^= perturb;
    if (a.family() == IpFamily::kIpv4) return IpAddress::V4({o[0], o[1], o[2], o[3]});
    return IpAddress::V6(o);
  };
  const IpAddress v4_base = c.ipv4 ? c.ipv4->address : IpAddress::V4(0xC0000201u);
  const IpAddress v6_base = c.ipv6 ? c.ipv6->address : kAllNodes;
  switch (kind % 10) {
    case 0:
      return ReadAddress(in, false);
    case 1:
      return ReadAddress(in, true);
    case 2:
      return flip_last(v4_base);
    case 3:
      return flip_last(v6_base);
    case 4:
      return flip_last(c.ipv4 ? ModelSubnetBroadcast(*c.ipv4).value_or(v4_base) : v4_base);
    case 5:
      return flip_last(Solicited(v6_base));
    case 6:
      return flip_last(LinkLocal(c.mac));
    case 7:
      return flip_last(Solicited(LinkLocal(c.mac)));
    case 8:
      return flip_last(perturb & 1 ? IpAddress::V4(0xE0000001u) : IpAddress::V4(0xFFFFFFFFu));
    default:
      return flip_last(kAllNodes);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::ByteReader in(wire::AsBytes(std::span<const uint8_t>(data, size)));
  const uint8_t present = in.Byte();
  const uint8_t how = in.Byte();  // which fields come as text
  stack::InterfaceConfig config;
  if ((how & 1) != 0) {
    const std::string_view text = ReadText(in);
    const std::optional<wire::MacAddress> mac = wire::MacAddress::Parse(text);
    if (mac) {
      FUZZ_CHECK(wire::MacAddress::Parse(mac->ToString()) == mac);
      config.mac = *mac;
    }
  } else {
    in.Fill(config.mac.octets);
  }
  config.mtu = in.U16();
  if ((present & 1) != 0) config.ipv4 = ReadPrefix(in, (how & 2) != 0);
  if ((present & 2) != 0) config.ipv4_gateway = ReadGateway(in, (how & 4) != 0);
  if ((present & 4) != 0) config.ipv6 = ReadPrefix(in, (how & 8) != 0);
  if ((present & 8) != 0) config.ipv6_gateway = ReadGateway(in, (how & 16) != 0);
  if ((present & 16) != 0) config.vlan = in.U16();
  config.accept_any_mac = (present & 32) != 0;
  config.accept_any_address = (present & 64) != 0;

  // Contains, on whatever the input built (any prefix length).
  for (const auto& prefix : {config.ipv4, config.ipv6}) {
    if (!prefix) continue;
    for (const auto& other : {config.ipv4_gateway, config.ipv6_gateway}) {
      if (!other) continue;
      FUZZ_CHECK(prefix->Contains(*other) ==
                 ModelContains(prefix->address, prefix->prefix_length, *other));
    }
  }

  const bool valid = config.Validate().ok();
  FUZZ_CHECK(valid == ModelValid(config));
  if (!valid) {
    // The rules must still be safe to ask of a configuration nobody
    // validated (an embedder's mistake): no crash, no undefined behaviour.
    const stack::InterfaceAddresses unchecked(config);
    for (const IpAddress& probe : {IpAddress::V4(0xFFFFFFFFu), kAllNodes}) {
      (void)unchecked.AcceptsDestination(probe);
      (void)config.NextHop(probe);
      (void)config.SourceFor(probe);
    }
    return 0;
  }
  const stack::InterfaceAddresses addresses(config);
  for (int probe = 0; probe < 16 && !in.Rest().empty(); ++probe) {
    const IpAddress destination = ReadProbe(in, config);
    CheckProbe(config, addresses, destination);
    if (destination.family() == IpFamily::kIpv6) {
      CheckMac(config, addresses, GroupMac(destination));
    } else {
      wire::MacAddress raw;
      in.Fill(raw.octets);
      CheckMac(config, addresses, raw);
    }
  }
  return 0;
}
