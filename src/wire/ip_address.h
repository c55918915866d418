// IP addresses and socket addresses as plain value types.
#ifndef RAMPART_WIRE_IP_ADDRESS_H_
#define RAMPART_WIRE_IP_ADDRESS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/lifetimebound.h"

namespace rampart::wire {

/// The address family of an IP address or socket.
enum class IpFamily : uint8_t {
  kIpv4 = 4,
  kIpv6 = 6,
};

/// @return "ipv4" or "ipv6"
std::string_view FamilyName(IpFamily family);

/// An IPv4 or IPv6 address. Value type: cheap to copy, compare and hash.
/// An IPv4 address keeps its 4 bytes at the front of the 16-byte store;
/// the rest is always zero, so equality and hashing compare all of it.
class IpAddress {
 public:
  static constexpr size_t kIpv4Size = 4;
  static constexpr size_t kIpv6Size = 16;

  /// The unspecified IPv4 address 0.0.0.0.
  IpAddress() = default;

  /// @param octets the address in network order
  /// @return an IPv4 address
  static IpAddress V4(std::array<uint8_t, kIpv4Size> octets);
  /// @param host_order the address as a 32-bit number (192.0.2.1 = 0xC0000201)
  /// @return an IPv4 address
  static IpAddress V4(uint32_t host_order) {
    IpAddress address;
    address.store_[0] = static_cast<std::byte>(host_order >> 24);
    address.store_[1] = static_cast<std::byte>(host_order >> 16);
    address.store_[2] = static_cast<std::byte>(host_order >> 8);
    address.store_[3] = static_cast<std::byte>(host_order);
    return address;
  }
  /// @param octets the address in network order
  /// @return an IPv6 address
  static IpAddress V6(std::array<uint8_t, kIpv6Size> octets);
  /// @param family the family
  /// @return the all-zero (unspecified, "any") address of that family
  static IpAddress Unspecified(IpFamily family);
  /// Reads an address of the given family from wire bytes.
  /// @param family the family, which fixes the length
  /// @param bytes  exactly 4 (IPv4) or 16 (IPv6) bytes
  /// @return the address, or nullopt if the length does not fit the family
  static std::optional<IpAddress> FromBytes(IpFamily family, std::span<const std::byte> bytes);

  /// @return the family
  IpFamily family() const { return family_; }
  /// @return the address bytes in network order: 4 or 16 of them; a view
  ///         of this object, so it must not outlive it
  std::span<const std::byte> bytes() const RAMPART_LIFETIMEBOUND {
    return std::span<const std::byte>(store_).first(family_ == IpFamily::kIpv4 ? kIpv4Size
                                                                               : kIpv6Size);
  }
  /// @return true for 0.0.0.0 and ::
  bool is_unspecified() const {
    unsigned any = 0;
    for (std::byte b : store_) any |= std::to_integer<unsigned>(b);
    return any == 0;
  }
  /// @return true for 224.0.0.0/4 and ff00::/8
  bool is_multicast() const {
    const unsigned first = std::to_integer<unsigned>(store_[0]);
    return family_ == IpFamily::kIpv4 ? (first & 0xF0u) == 0xE0u : first == 0xFFu;
  }
  /// @return true for 255.255.255.255
  bool is_limited_broadcast() const {
    return family_ == IpFamily::kIpv4 && store_[0] == std::byte{0xFF} &&
           store_[1] == std::byte{0xFF} && store_[2] == std::byte{0xFF} &&
           store_[3] == std::byte{0xFF};
  }
  /// @return an IPv4 address as a host-order number (0 for IPv6)
  uint32_t v4_number() const {
    if (family_ != IpFamily::kIpv4) return 0;
    return (std::to_integer<uint32_t>(store_[0]) << 24) |
           (std::to_integer<uint32_t>(store_[1]) << 16) |
           (std::to_integer<uint32_t>(store_[2]) << 8) | std::to_integer<uint32_t>(store_[3]);
  }

  /// @return RFC 5952 text for IPv6 (lower case, longest zero run
  ///         compressed), dotted decimal for IPv4
  std::string ToString() const;

  friend bool operator==(const IpAddress&, const IpAddress&) = default;

  template <typename H>
  friend H AbslHashValue(H h, const IpAddress& address) {
    return H::combine(std::move(h), address.family_, address.store_);
  }

 private:
  IpFamily family_ = IpFamily::kIpv4;
  std::array<std::byte, kIpv6Size> store_{};
};

/// An IP address and a UDP port.
struct SocketAddress {
  IpAddress address;
  uint16_t port = 0;

  /// @return the address's family
  IpFamily family() const { return address.family(); }
  /// @return "192.0.2.1:53" or "[2001:db8::1]:53"
  std::string ToString() const;

  friend bool operator==(const SocketAddress&, const SocketAddress&) = default;
};

}  // namespace rampart::wire

#endif  // RAMPART_WIRE_IP_ADDRESS_H_
