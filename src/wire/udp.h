// The UDP header (RFC 768): a checked view for parsing, a value type for
// emitting, and the field offsets as named constants.
#ifndef RAMPART_WIRE_UDP_H_
#define RAMPART_WIRE_UDP_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace rampart::wire {

/// Field offsets and sizes of the UDP header.
namespace udp_field {
inline constexpr size_t kSourcePort = 0;
inline constexpr size_t kDestinationPort = 2;
inline constexpr size_t kLength = 4;
inline constexpr size_t kChecksum = 6;
inline constexpr size_t kHeaderSize = 8;
/// The IP protocol number of UDP, used in the pseudo-header.
inline constexpr uint8_t kProtocolNumber = 17;
/// Largest UDP length field value (and so largest datagram).
inline constexpr size_t kMaxLength = 0xFFFF;
/// Largest payload that fits the 16-bit length field.
inline constexpr size_t kMaxPayload = kMaxLength - kHeaderSize;
}  // namespace udp_field

/// A read-only view of the 8 header bytes at the start of a datagram.
/// Created only through Create(), which checks that 8 bytes exist; after
/// that no accessor can fail. It says nothing about whether the length
/// field is consistent: that is the rx decision's job.
class UdpHeaderView {
 public:
  /// @param datagram the bytes the IP layer handed up (header first)
  /// @return a view of the first 8 bytes, or nullopt if fewer are held
  static std::optional<UdpHeaderView> Create(std::span<const std::byte> datagram);

  uint16_t source_port() const;
  uint16_t destination_port() const;
  /// @return the length field: header plus payload, as the sender claims
  uint16_t length() const;
  /// @return the checksum field (0 means "none" where the family allows)
  uint16_t checksum() const;

 private:
  explicit UdpHeaderView(std::span<const std::byte, udp_field::kHeaderSize> bytes)
      : bytes_(bytes) {}
  std::span<const std::byte, udp_field::kHeaderSize> bytes_;
};

/// A UDP header as plain values, for emitting.
struct UdpHeader {
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
  uint16_t length = 0;
  uint16_t checksum = 0;

  /// Reads all four fields from a checked view.
  /// @param view the view
  /// @return the fields
  static UdpHeader FromView(const UdpHeaderView& view);

  /// Writes the header.
  /// @param out exactly the 8 header bytes
  void Emit(std::span<std::byte, udp_field::kHeaderSize> out) const;

  friend bool operator==(const UdpHeader&, const UdpHeader&) = default;
};

}  // namespace rampart::wire

#endif  // RAMPART_WIRE_UDP_H_
