// The pseudo-headers that upper-layer checksums cover: RFC 768 for IPv4
// (12 bytes) and RFC 8200 section 8.1 for IPv6 (40 bytes). A checked view
// reads one from wire bytes; the value type emits one and sums it.
#ifndef RAMPART_WIRE_PSEUDO_HEADER_H_
#define RAMPART_WIRE_PSEUDO_HEADER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "wire/ip_address.h"

namespace rampart::wire {

/// Field offsets and sizes of the two pseudo-header layouts.
namespace pseudo_field {
inline constexpr size_t kIpv4Size = 12;
inline constexpr size_t kIpv4Source = 0;
inline constexpr size_t kIpv4Destination = 4;
inline constexpr size_t kIpv4Zero = 8;
inline constexpr size_t kIpv4Protocol = 9;
inline constexpr size_t kIpv4Length = 10;

inline constexpr size_t kIpv6Size = 40;
inline constexpr size_t kIpv6Source = 0;
inline constexpr size_t kIpv6Destination = 16;
inline constexpr size_t kIpv6Length = 32;  // 32 bits
inline constexpr size_t kIpv6NextHeader = 39;
}  // namespace pseudo_field

/// The facts a pseudo-header carries, as values.
struct PseudoHeader {
  /// Source and destination must be of the same family.
  IpAddress source;
  IpAddress destination;
  uint8_t protocol = 0;
  /// The upper-layer length (for UDP: the UDP length field).
  uint32_t length = 0;

  /// @return 12 for IPv4, 40 for IPv6
  size_t size() const;

  /// Writes the pseudo-header.
  /// @param out exactly size() bytes
  /// @return false (nothing written) if out is not size() bytes or the
  ///         address families differ
  [[nodiscard]] bool Emit(std::span<std::byte> out) const;

  /// @return the unfolded one's complement sum of the emitted pseudo-header
  ///         (what a checksum over the upper-layer bytes continues from);
  ///         families are taken from source
  uint64_t Sum() const;
};

/// A checked view of an IPv4 pseudo-header (12 bytes).
class Ipv4PseudoHeaderView {
 public:
  /// @param bytes at least 12 bytes; only the first 12 are viewed
  /// @return the view, or nullopt if fewer bytes are held
  static std::optional<Ipv4PseudoHeaderView> Create(std::span<const std::byte> bytes);
  /// @return all fields as values
  PseudoHeader ToValue() const;

 private:
  explicit Ipv4PseudoHeaderView(std::span<const std::byte, pseudo_field::kIpv4Size> b)
      : bytes_(b) {}
  std::span<const std::byte, pseudo_field::kIpv4Size> bytes_;
};

/// A checked view of an IPv6 pseudo-header (40 bytes).
class Ipv6PseudoHeaderView {
 public:
  /// @param bytes at least 40 bytes; only the first 40 are viewed
  /// @return the view, or nullopt if fewer bytes are held
  static std::optional<Ipv6PseudoHeaderView> Create(std::span<const std::byte> bytes);
  /// @return all fields as values
  PseudoHeader ToValue() const;

 private:
  explicit Ipv6PseudoHeaderView(std::span<const std::byte, pseudo_field::kIpv6Size> b)
      : bytes_(b) {}
  std::span<const std::byte, pseudo_field::kIpv6Size> bytes_;
};

}  // namespace rampart::wire

#endif  // RAMPART_WIRE_PSEUDO_HEADER_H_
