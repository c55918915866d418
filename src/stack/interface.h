// The one network interface a stack runs on: its link and IP addresses,
// and the address rules that follow from them (what is ours, what is
// on-link, where a packet goes next).
#ifndef RAMPART_STACK_INTERFACE_H_
#define RAMPART_STACK_INTERFACE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "wire/ethernet.h"
#include "wire/ip_address.h"

namespace rampart::stack {

/// An address with its prefix length, as in "192.0.2.1/24". Value type.
struct IpPrefixAddress {
  wire::IpAddress address;
  uint8_t prefix_length = 0;

  /// Parses "A/P" (P at most 32 for IPv4, 128 for IPv6).
  /// @return the value, or nullopt for anything else
  static std::optional<IpPrefixAddress> Parse(std::string_view text);
  /// @return true if `other` is of the same family and shares the prefix
  ///         (a prefix length past the family's width compares all of it)
  bool Contains(const wire::IpAddress& other) const;
  /// @return "A/P"
  std::string ToString() const;

  friend bool operator==(const IpPrefixAddress&, const IpPrefixAddress&) = default;
};

/// Settings of an interface. Plain values; Validate() checks them.
struct InterfaceConfig {
  wire::MacAddress mac;
  /// Largest IP packet the link carries (Ethernet payload, no header).
  size_t mtu = 1500;
  std::optional<IpPrefixAddress> ipv4;
  std::optional<wire::IpAddress> ipv4_gateway;
  std::optional<IpPrefixAddress> ipv6;
  std::optional<wire::IpAddress> ipv6_gateway;
  /// When set, only 802.1Q frames with this VLAN id are accepted, and
  /// every frame sent carries the tag. Unset: tagged frames are dropped.
  std::optional<uint16_t> vlan;
  /// Offline inspection only: accept frames for any destination MAC.
  bool accept_any_mac = false;
  /// Offline inspection only: for a family with no address configured,
  /// accept packets to any address of that family.
  bool accept_any_address = false;

  /// @return OK; InvalidArgument naming the field for: an address of the
  ///         wrong family, a prefix length of 0 or longer than the
  ///         family, a multicast/unspecified/broadcast address or
  ///         MAC, a gateway off-link or without an address of its family,
  ///         an MTU below 576 (1280 with IPv6) or above 9000, a VLAN id
  ///         of 0 or above 4094
  absl::Status Validate() const;

  /// @return the IPv6 link-local address derived from the MAC (EUI-64)
  wire::IpAddress Ipv6LinkLocal() const;
  /// @return true if `address` is one of this interface's unicast
  ///         addresses (the IPv4 one, the IPv6 one, the link-local one)
  bool IsOwnAddress(const wire::IpAddress& address) const;
  /// @return true if a packet to `destination` is for this interface: an
  ///         own address, IPv4 limited or subnet broadcast or all-systems
  ///         (224.0.0.1), IPv6 all-nodes or the solicited-node group of an
  ///         own address (no other group is joined)
  bool AcceptsDestination(const wire::IpAddress& destination) const;
  /// @return true if `destination` is a broadcast or multicast address
  ///         for this interface (never answered with ICMP errors)
  bool IsGroupDestination(const wire::IpAddress& destination) const;
  /// @return the address packets to `destination` are sent from; nullopt
  ///         if the interface has no address of that family
  std::optional<wire::IpAddress> SourceFor(const wire::IpAddress& destination) const;
  /// @return the neighbor a packet to `destination` goes to: itself when
  ///         on-link (or IPv6 link-local), else the gateway; nullopt if
  ///         there is no route
  std::optional<wire::IpAddress> NextHop(const wire::IpAddress& destination) const;
};

/// The addresses an interface receives for, worked out once from its
/// InterfaceConfig, so that the per-frame checks are comparisons only
/// (InterfaceConfig's own checks use this class too: one set of rules).
class InterfaceAddresses {
 public:
  explicit InterfaceAddresses(const InterfaceConfig& config);

  /// See InterfaceConfig::IsOwnAddress.
  bool IsOwnAddress(const wire::IpAddress& address) const {
    if (address.family() == wire::IpFamily::kIpv4) {
      return has_ipv4_ && address.v4_number() == ipv4_;
    }
    return has_ipv6_ && (address == ipv6_ || address == link_local_);
  }
  /// See InterfaceConfig::IsGroupDestination.
  bool IsGroupDestination(const wire::IpAddress& destination) const {
    if (destination.is_multicast() || destination.is_limited_broadcast()) return true;
    return has_subnet_broadcast_ && destination.family() == wire::IpFamily::kIpv4 &&
           destination.v4_number() == subnet_broadcast_;
  }
  /// See InterfaceConfig::AcceptsDestination.
  bool AcceptsDestination(const wire::IpAddress& destination) const;
  /// @return true if a frame to `destination` is for this interface: ours,
  ///         broadcast, all-nodes or one of our solicited-node groups (or
  ///         any, when accept_any_mac is set)
  bool AcceptsMac(const wire::MacAddress& destination) const;

 private:
  bool has_ipv4_ = false;
  bool has_ipv6_ = false;
  bool has_subnet_broadcast_ = false;
  bool accept_any_address_ = false;
  bool accept_any_mac_ = false;
  uint32_t ipv4_ = 0;
  uint32_t subnet_broadcast_ = 0;
  wire::IpAddress ipv6_;
  wire::IpAddress all_nodes_;
  wire::IpAddress link_local_;
  wire::IpAddress solicited_;
  wire::IpAddress link_local_solicited_;
  wire::MacAddress mac_;
  wire::MacAddress all_nodes_mac_;
  wire::MacAddress solicited_mac_;
  wire::MacAddress link_local_solicited_mac_;
};

/// @return ff02::1:ffXX:XXXX for the low 24 bits of an IPv6 address
wire::IpAddress SolicitedNodeAddress(const wire::IpAddress& address);
/// @return the Ethernet multicast MAC of an IPv6 multicast address
///         (33:33 and its low 32 bits; RFC 2464 section 7)
wire::MacAddress Ipv6MulticastMac(const wire::IpAddress& group);
/// @return ff02::1, all nodes on the link
wire::IpAddress Ipv6AllNodes();

}  // namespace rampart::stack

#endif  // RAMPART_STACK_INTERFACE_H_
