// UDP counters: the RFC 4113 (UDP-MIB) names plus one per drop reason.
#ifndef RAMPART_UDP_COUNTERS_H_
#define RAMPART_UDP_COUNTERS_H_

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "udp/drop_reason.h"

namespace rampart::udp {

/// Counters of one UDP stack. Every received datagram lands in exactly one
/// of in_datagrams (handed to a connection's queue) or one drop reason; the
/// MIB aggregates follow Linux's grouping:
///  - no_ports: kNoListener and kPeerMismatch;
///  - in_errors: every other receive drop, including checksum errors and
///    queue overflow (as Linux counts them);
///  - in_csum_errors: kChecksumMismatch and kIpv6ZeroChecksum;
///  - rcvbuf_errors: kReceiveQueueFull.
/// kConnectionClosed counts datagrams queued then discarded by a close;
/// they were already counted in in_datagrams.
struct UdpCounters {
  uint64_t in_datagrams = 0;                       ///< accepted into a connection's queue
  uint64_t no_ports = 0;                           ///< UDP-MIB udpNoPorts
  uint64_t in_errors = 0;                          ///< UDP-MIB udpInErrors
  uint64_t in_csum_errors = 0;                     ///< Linux InCsumErrors
  uint64_t rcvbuf_errors = 0;                      ///< Linux RcvbufErrors
  uint64_t out_datagrams = 0;                      ///< handed to the network layer
  uint64_t out_errors = 0;                         ///< refused by the network layer
  std::array<uint64_t, kDropReasonCount> drops{};  ///< one per DropReason

  /// Counts one receive drop: the per-reason counter and its aggregate.
  /// @param reason the reason
  void CountDrop(DropReason reason);

  /// @param reason a reason
  /// @return its counter
  uint64_t drop_count(DropReason reason) const { return drops[static_cast<size_t>(reason)]; }

  /// Calls `visit` with every counter's stable name and value, aggregates
  /// first (InDatagrams, NoPorts, InErrors, InCsumErrors, RcvbufErrors,
  /// OutDatagrams, OutErrors), then each drop reason by name.
  void ForEach(const std::function<void(std::string_view, uint64_t)>& visit) const;

  /// @return all counters as one JSON object, e.g. {"InDatagrams":3,...}
  std::string ToJson() const;
};

}  // namespace rampart::udp

#endif  // RAMPART_UDP_COUNTERS_H_
