// ICMP for IPv4 (RFC 792) and IPv6 (RFC 4443): a checked view, checksum
// rules for both families, and the quoted packet of error messages.
#ifndef RAMPART_WIRE_ICMP_H_
#define RAMPART_WIRE_ICMP_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/reason.h"
#include "wire/ip_address.h"
#include "wire/parsed.h"

namespace rampart::wire {

/// Field offsets and sizes shared by ICMPv4 and ICMPv6.
namespace icmp_field {
inline constexpr size_t kType = 0;
inline constexpr size_t kCode = 1;
inline constexpr size_t kChecksum = 2;
inline constexpr size_t kIdentifier = 4;  // echo
inline constexpr size_t kSequence = 6;    // echo
inline constexpr size_t kPointer = 4;     // ICMPv6 Parameter Problem (32 bits)
inline constexpr size_t kHeaderSize = 8;
/// RFC 792: an error quotes the IP header and at least 8 bytes after it.
inline constexpr size_t kQuotedUpperBytes = 8;
}  // namespace icmp_field

namespace icmpv4_type {
inline constexpr uint8_t kEchoReply = 0;
inline constexpr uint8_t kDestinationUnreachable = 3;
inline constexpr uint8_t kEchoRequest = 8;
inline constexpr uint8_t kTimeExceeded = 11;
inline constexpr uint8_t kPortUnreachableCode = 3;
}  // namespace icmpv4_type

namespace icmpv6_type {
inline constexpr uint8_t kDestinationUnreachable = 1;
inline constexpr uint8_t kPacketTooBig = 2;
inline constexpr uint8_t kTimeExceeded = 3;
inline constexpr uint8_t kParameterProblem = 4;
/// Parameter Problem code 2: an unrecognized IPv6 option (RFC 4443 3.4).
inline constexpr uint8_t kUnrecognizedOptionCode = 2;
inline constexpr uint8_t kEchoRequest = 128;
inline constexpr uint8_t kEchoReply = 129;
inline constexpr uint8_t kNeighborSolicitation = 135;
inline constexpr uint8_t kNeighborAdvertisement = 136;
inline constexpr uint8_t kPortUnreachableCode = 4;
}  // namespace icmpv6_type

/// A checked view of an ICMP or ICMPv6 message (8 bytes or more).
class IcmpView {
 public:
  /// @param message the ICMP header onward (the IP payload)
  /// @return the view, or kTruncated
  static Parsed<IcmpView> Create(std::span<const std::byte> message);

  uint8_t type() const;
  uint8_t code() const;
  uint16_t checksum() const;
  uint16_t identifier() const;  ///< echo messages
  uint16_t sequence() const;    ///< echo messages
  /// @return everything after the 8-byte header
  std::span<const std::byte> body() const;
  /// @return the whole message
  std::span<const std::byte> bytes() const { return message_; }

  /// Verifies the checksum: over the message alone for ICMPv4, over the
  /// RFC 8200 pseudo-header (next header 58) and the message for ICMPv6.
  /// @param source,destination the IP header's addresses (their family
  ///        selects the rule)
  bool ChecksumOk(const IpAddress& source, const IpAddress& destination) const;

 private:
  explicit IcmpView(std::span<const std::byte> message) : message_(message) {}
  std::span<const std::byte> message_;
};

/// What an ICMP error says about the packet that caused it.
struct QuotedPacket {
  IpAddress source;
  IpAddress destination;
  uint8_t protocol = 0;  ///< IPv4 protocol / IPv6 next header
  /// The first 8 bytes after the quoted IP header (UDP: the ports).
  std::span<const std::byte> upper;
};

/// Reads the packet quoted in an error message's body. The quoted packet
/// is usually truncated, so its length fields are not trusted: only the
/// IP header and the 8 bytes after it are read, and they must be held.
/// @param family the message's family (the quote must be of it)
/// @param body   IcmpView::body() of a destination unreachable, packet too
///               big or time exceeded message
/// @return the quoted facts, or why they cannot be read
Parsed<QuotedPacket> ParseQuotedPacket(IpFamily family, std::span<const std::byte> body);

/// Writes the checksum of an ICMP message in place (see ChecksumOk).
/// @return false (nothing written) if the message is shorter than 8 bytes
bool FillIcmpChecksum(std::span<std::byte> message, const IpAddress& source,
                      const IpAddress& destination);

}  // namespace rampart::wire

#endif  // RAMPART_WIRE_ICMP_H_
