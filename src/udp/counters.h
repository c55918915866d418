// UDP counters: the RFC 4113 (UDP-MIB) names plus one per drop reason.
#ifndef RAMPART_UDP_COUNTERS_H_
#define RAMPART_UDP_COUNTERS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/reason.h"
#include "base/reason_counters.h"

namespace rampart::udp {

/// Counters of one UDP stack. Every received datagram lands in exactly one
/// of in_datagrams (handed to a connection's queue) or one udp_* drop
/// reason. The MIB aggregates are derived from the reason table's
/// aggregate column (base/reason.h), following Linux's grouping:
///  - NoPorts: udp_no_listener and udp_peer_mismatch;
///  - InCsumErrors: udp_checksum_mismatch and udp_ipv6_zero_checksum;
///  - RcvbufErrors: the queue and pool reasons;
///  - InErrors: every other receive drop, plus InCsumErrors and
///    RcvbufErrors (as Linux counts them).
/// udp_connection_closed counts datagrams queued then discarded by a
/// close; they were already counted in in_datagrams.
struct UdpCounters {
  uint64_t in_datagrams = 0;        ///< accepted into a connection's queue
  uint64_t in_csum_unverified = 0;  ///< of those, checksum partial (not verifiable)
  uint64_t out_datagrams = 0;       ///< handed to the network layer
  uint64_t out_errors = 0;          ///< refused by the network layer
  ReasonCounters drops;             ///< one per reason (only udp_* ones move)

  /// @return UDP-MIB udpNoPorts
  uint64_t no_ports() const { return drops.Sum(Aggregate::kUdpNoPorts); }
  /// @return Linux InCsumErrors
  uint64_t in_csum_errors() const { return drops.Sum(Aggregate::kUdpInCsumErrors); }
  /// @return Linux RcvbufErrors
  uint64_t rcvbuf_errors() const { return drops.Sum(Aggregate::kUdpRcvbufErrors); }
  /// @return UDP-MIB udpInErrors (InCsumErrors and RcvbufErrors included)
  uint64_t in_errors() const {
    return drops.Sum(Aggregate::kUdpInErrors) + in_csum_errors() + rcvbuf_errors();
  }
  /// @return the counter of one reason
  uint64_t drop_count(Reason reason) const { return drops[reason]; }

  /// Calls `visit` with every counter's stable name and value, aggregates
  /// first (InDatagrams, InCsumUnverified, NoPorts, InErrors, InCsumErrors,
  /// RcvbufErrors, OutDatagrams, OutErrors), then each udp_* reason by name.
  void ForEach(const std::function<void(std::string_view, uint64_t)>& visit) const;

  /// @return all counters as one JSON object, e.g. {"InDatagrams":3,...}
  std::string ToJson() const;
};

}  // namespace rampart::udp

#endif  // RAMPART_UDP_COUNTERS_H_
