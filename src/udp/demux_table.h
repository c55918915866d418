// The read-only lookup the pure rx decision uses to find a receiver.
#ifndef RAMPART_UDP_DEMUX_TABLE_H_
#define RAMPART_UDP_DEMUX_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "udp/connection_id.h"
#include "wire/ip_address.h"

namespace rampart::udp {

/// What the rx decision needs to know about a connection that can receive.
struct DemuxEntry {
  ConnectionId connection;
  /// IPv6 only: accept a zero checksum field (RFC 6935/6936 tunnels).
  bool accept_ipv6_zero_checksum = false;
  /// When set, only datagrams from exactly this address and port match.
  std::optional<wire::SocketAddress> required_peer;
};

/// Where a datagram should go, as seen by the table.
struct DemuxMatch {
  /// The most specific entry that accepts the datagram, or null.
  const DemuxEntry* entry = nullptr;
  /// True when some strict-peer entry claimed the destination but refused
  /// the source (reported when nothing else matched).
  bool refused_by_peer_filter = false;
};

/// Maps (family, local port, local address or wildcard) to connections,
/// plus at most one promiscuous entry. Lookup is most-specific-wins and
/// does not depend on insertion order:
///   1. an entry bound to the exact destination address and port,
///   2. an entry bound to the wildcard address of the family and the port,
///   3. the promiscuous entry.
/// A strict-peer entry whose peer differs from the source is skipped, and
/// the lookup goes on to the next level. Lookup is one hash probe on an
/// integer key (family and port), then a scan of the exact addresses bound
/// to that port (usually none), O(1) on average; it never allocates.
class DemuxTable {
 public:
  /// Adds an entry bound to `local`. The unspecified address of the family
  /// means the wildcard.
  /// @param local the local address and port (port must not be 0)
  /// @param entry what the lookup returns
  /// @return OK; InvalidArgument for port 0; AlreadyExists if the exact
  ///         key is taken
  absl::Status Insert(const wire::SocketAddress& local, const DemuxEntry& entry);

  /// Removes the entry bound to exactly `local`.
  /// @return true if one was removed
  bool Remove(const wire::SocketAddress& local);

  /// Sets the promiscuous entry.
  /// @return OK, or AlreadyExists if one is set
  absl::Status SetPromiscuous(const DemuxEntry& entry);
  /// Clears the promiscuous entry (no-op if none).
  void ClearPromiscuous();

  /// Removes every entry, keeping the memory for the next ones (a fuzz
  /// harness rebuilds its table per input without allocator churn).
  void Clear() {
    for (auto& [key, entries] : ports_) {
      entries.wildcard.reset();
      entries.exact.clear();
    }
    ports_.clear();
    size_ = 0;
    promiscuous_.reset();
  }

  /// @param local an exact key
  /// @return true if an entry is bound to exactly that key
  bool Contains(const wire::SocketAddress& local) const;

  /// Finds the receiver of a datagram. Pure: reads the table only.
  /// @param destination the datagram's destination address and port
  /// @param source      the datagram's source address and port
  /// @return the match (entry null when nothing accepts it)
  DemuxMatch Lookup(const wire::SocketAddress& destination,
                    const wire::SocketAddress& source) const noexcept;

  /// @return the number of bound entries (promiscuous not included)
  size_t size() const { return size_; }

 private:
  /// Everything bound to one family and port.
  struct PortEntries {
    std::optional<DemuxEntry> wildcard;
    std::vector<std::pair<wire::IpAddress, DemuxEntry>> exact;
  };
  /// @return the integer key of a family and port
  static uint32_t KeyOf(wire::IpFamily family, uint16_t port) {
    return (uint32_t{static_cast<uint8_t>(family)} << 16) | port;
  }

  absl::flat_hash_map<uint32_t, PortEntries> ports_;
  size_t size_ = 0;
  std::optional<DemuxEntry> promiscuous_;
};

}  // namespace rampart::udp

#endif  // RAMPART_UDP_DEMUX_TABLE_H_
