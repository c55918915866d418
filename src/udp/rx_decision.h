// The pure receive decision: bytes and facts in, a verdict out.
//
// This is rampart's fuzzing boundary. DecideRx() reads only its arguments:
// no globals, no allocation, no I/O, no side effects. Everything stateful
// (counters, queues, handing the payload up) happens in UdpStack, which
// applies the decision.
#ifndef RAMPART_UDP_RX_DECISION_H_
#define RAMPART_UDP_RX_DECISION_H_

#include <cstddef>
#include <span>
#include <variant>

#include "base/reason.h"
#include "udp/connection_id.h"
#include "udp/demux_table.h"
#include "wire/ip_address.h"

namespace rampart::udp {

/// What the IP layer knows about a datagram it hands up: the addresses
/// that go into the pseudo-header. (The pseudo-header's length is the UDP
/// length field, per RFC 768, not the IP payload length.)
struct RxFacts {
  wire::IpAddress source;
  wire::IpAddress destination;
};

/// How to treat the checksum field. Decided once per frame (from the
/// stack's setting and what the device reported), never re-derived.
enum class ChecksumPolicy : uint8_t {
  /// Verify every non-zero checksum in software (the default).
  kVerify,
  /// The device verified the checksum and reported it good (e.g. a NIC's
  /// receive checksum offload): the software sum is skipped. The IPv6
  /// zero-checksum rule still applies.
  kVerifiedByDevice,
  /// The device reports the checksum as partial: the sending host left it
  /// for offload and the frame never crossed a wire (Linux veth/tap,
  /// AF_PACKET's TP_STATUS_CSUMNOTREADY). The field holds only a
  /// pseudo-header sum, so it cannot be verified; the sum is skipped, the
  /// IPv6 zero-checksum rule still applies, and each such delivery is
  /// marked (DeliverVerdict::checksum_unverified) and counted
  /// (InCsumUnverified).
  kUnverifiablePartial,
};

/// Source and destination of a delivered datagram.
struct DatagramMetadata {
  wire::SocketAddress source;
  wire::SocketAddress destination;
  friend bool operator==(const DatagramMetadata&, const DatagramMetadata&) = default;
};

/// Verdict: hand bytes [payload_offset, payload_offset + payload_length) of
/// the datagram to `connection`. Bytes past the UDP length are not part of
/// the payload (they are trimmed).
struct DeliverVerdict {
  ConnectionId connection;
  size_t payload_offset = 0;
  size_t payload_length = 0;
  DatagramMetadata metadata;
  /// The checksum was not verified because the device reported it partial.
  bool checksum_unverified = false;
};

/// Verdict: refuse the datagram for `reason` (a udp_* reason).
struct DropVerdict {
  Reason reason;
};

/// The result of DecideRx.
using RxDecision = std::variant<DeliverVerdict, DropVerdict>;

/// Decides what to do with one received UDP datagram.
///
/// Checks, in this order (the first failure is the verdict):
///  1. source and destination facts are of one family;
///  2. at least 8 bytes are held;
///  3. the length field: IPv6 length 0 is a jumbogram (unsupported); below
///     8 is malformed; above the bytes held is truncated;
///  4. the source is not multicast or limited broadcast;
///  5. the destination port is not 0;
///  6. the checksum: a non-zero field must verify over the pseudo-header
///     (UDP length) and the first `length` bytes, unless the policy says
///     the device verified it or could not; a zero field is "no
///     checksum", allowed for IPv4 and, for IPv6, only if the receiving
///     connection opted in;
///  7. demux: exact address, then wildcard, then promiscuous; otherwise
///     no listener (or peer mismatch if a strict-peer entry refused it).
///
/// @param datagram the UDP header and everything after it that the IP
///                 layer holds (possibly with trailing bytes)
/// @param facts    source and destination addresses
/// @param policy   checksum policy
/// @param table    the demux table, read only
/// @return a DeliverVerdict or a DropVerdict; never fails otherwise
RxDecision DecideRx(std::span<const std::byte> datagram, const RxFacts& facts,
                    ChecksumPolicy policy, const DemuxTable& table) noexcept;

}  // namespace rampart::udp

#endif  // RAMPART_UDP_RX_DECISION_H_
