// Why a received datagram was not delivered: stable names, one counter each.
#ifndef RAMPART_UDP_DROP_REASON_H_
#define RAMPART_UDP_DROP_REASON_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace rampart::udp {

/// Every reason the UDP layer refuses a datagram. The names returned by
/// DropReasonName() are a stable interface (counters, logs, `rampart
/// inspect`): never rename one, only add. The README lists the rule behind
/// each.
enum class DropReason : uint8_t {
  kTruncatedHeader,        ///< fewer than 8 bytes held
  kLengthBelowHeader,      ///< UDP length field < 8
  kIpv6Jumbogram,          ///< IPv6 with UDP length 0 (RFC 2675; unsupported)
  kLengthExceedsPacket,    ///< UDP length field > bytes held
  kAddressFamilyMismatch,  ///< source and destination facts of different families
  kSourceNotUnicast,       ///< source address is multicast or limited broadcast
  kDestinationPortZero,    ///< destination port 0 is reserved
  kChecksumMismatch,       ///< non-zero checksum field that does not verify
  kIpv6ZeroChecksum,       ///< IPv6 checksum field 0 without the receiver's opt-in
  kNoListener,             ///< no connection claims the destination
  kPeerMismatch,           ///< only a strict-peer connection matched, other source
  kReceiveQueueFull,       ///< the connection's bounded queue is full
  kConnectionClosed,       ///< queued, then the connection closed before delivery
};

/// Number of DropReason values (for counter arrays).
inline constexpr size_t kDropReasonCount = static_cast<size_t>(DropReason::kConnectionClosed) + 1;

/// @param reason a drop reason
/// @return its stable snake_case name, e.g. "udp_checksum_mismatch"
std::string_view DropReasonName(DropReason reason);

/// @return every reason, in enum order
std::array<DropReason, kDropReasonCount> AllDropReasons();

}  // namespace rampart::udp

#endif  // RAMPART_UDP_DROP_REASON_H_
