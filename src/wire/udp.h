// The UDP header (RFC 768): a checked view for parsing, a value type for
// emitting, and the field offsets as named constants.
#ifndef RAMPART_WIRE_UDP_H_
#define RAMPART_WIRE_UDP_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/reason.h"
#include "wire/ip_address.h"
#include "wire/parsed.h"

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

/// A checked view of a UDP datagram. Create() validates the length field
/// once against the bytes held (RFC 768; RFC 2675 for IPv6's 0); after
/// that no accessor can fail. Bytes past the length field are outside
/// datagram() and payload(). Ports and the checksum are policy (the rx
/// decision's job), not the view's.
class UdpView {
 public:
  /// @param datagram the bytes the IP layer handed up (header first)
  /// @param family   the IP family that carried it (fixes what length 0 means)
  /// @return the view, or: kUdpTruncatedHeader (fewer than 8 bytes);
  ///         kUdpIpv6Jumbogram (IPv6, length field 0: RFC 2675, unsupported);
  ///         kUdpLengthBelowHeader (length field < 8);
  ///         kUdpLengthExceedsPacket (length field > bytes held)
  static Parsed<UdpView> Create(std::span<const std::byte> datagram, IpFamily family);

  uint16_t source_port() const;
  uint16_t destination_port() const;
  /// @return the length field: header plus payload, in [8, bytes held]
  uint16_t length() const { return static_cast<uint16_t>(datagram_.size()); }
  /// @return the checksum field (0 means "none" where the family allows)
  uint16_t checksum() const;
  /// @return the first length() bytes: header and payload
  std::span<const std::byte> datagram() const { return datagram_; }
  /// @return the payload: bytes [8, length())
  std::span<const std::byte> payload() const { return datagram_.subspan(udp_field::kHeaderSize); }

 private:
  explicit UdpView(std::span<const std::byte> datagram) : datagram_(datagram) {}
  std::span<const std::byte> datagram_;
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
  static UdpHeader FromView(const UdpView& view);

  /// Writes the header.
  /// @param out exactly the 8 header bytes
  void Emit(std::span<std::byte, udp_field::kHeaderSize> out) const;

  friend bool operator==(const UdpHeader&, const UdpHeader&) = default;
};

}  // namespace rampart::wire

#endif  // RAMPART_WIRE_UDP_H_
