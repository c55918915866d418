// A bounded neighbor cache, one class for ARP (IPv4) and NDP (IPv6):
// IP address -> MAC address, with a bounded queue of packets waiting for
// each resolution, probe retries, and expiry.
#ifndef RAMPART_STACK_NEIGHBOR_CACHE_H_
#define RAMPART_STACK_NEIGHBOR_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "base/reason.h"
#include "wire/ethernet.h"
#include "wire/ip_address.h"

namespace rampart::stack {

/// An IP packet waiting for its next hop's MAC address: the transport
/// bytes and what the IP header will say.
struct PendingPacket {
  uint8_t protocol = 0;
  wire::IpAddress source;
  wire::IpAddress destination;
  std::vector<std::byte> transport;
};

/// Bounds and timers.
struct NeighborLimits {
  size_t max_entries = 256;
  size_t max_pending_per_entry = 4;
  size_t max_pending_total = 64;
  int64_t reachable_ms = 60'000;  ///< a learned mapping is trusted this long
  int64_t retry_ms = 1'000;       ///< between probes of an unresolved neighbor
  size_t max_probes = 3;          ///< then its waiting packets are dropped
};

/// The cache. Learning policy is the caller's: Learn(create=false) only
/// refreshes entries that exist (so unsolicited replies cannot fill the
/// cache), Learn(create=true) is for senders that addressed us.
class NeighborCache {
 public:
  explicit NeighborCache(NeighborLimits limits = {});

  /// @return the MAC of a resolved, unexpired neighbor; nullopt otherwise
  std::optional<wire::MacAddress> Lookup(const wire::IpAddress& neighbor, int64_t now_ms) const;

  /// The result of Enqueue.
  struct EnqueueResult {
    bool queued = false;
    /// A new resolution began: send the first probe now.
    bool send_probe = false;
    /// Why not queued (kNeighQueueFull or kNeighCacheFull).
    Reason reason = Reason::kNeighQueueFull;
  };
  /// Holds a packet until `neighbor` resolves, starting a resolution if
  /// none is running (a full cache evicts its least recently confirmed
  /// resolved entry; if every entry is resolving, the packet is refused).
  EnqueueResult Enqueue(const wire::IpAddress& neighbor, PendingPacket packet, int64_t now_ms);

  /// Records neighbor -> mac.
  /// @param create make an entry when there is none
  /// @return the packets that were waiting for it, oldest first (to send)
  std::vector<PendingPacket> Learn(const wire::IpAddress& neighbor, const wire::MacAddress& mac,
                                   int64_t now_ms, bool create);

  /// What a Tick asks the caller to do.
  struct TickResult {
    std::vector<wire::IpAddress> probes;  ///< send a request for each
    size_t dropped_packets = 0;           ///< waiting packets given up
  };
  /// Retries or gives up resolutions whose time has come; forgets
  /// expired mappings.
  TickResult Tick(int64_t now_ms);

  /// @return entries (resolved and resolving)
  size_t size() const { return entries_.size(); }
  /// @return packets waiting, over all entries
  size_t pending_packets() const { return pending_total_; }

 private:
  struct Entry {
    std::optional<wire::MacAddress> mac;  // set once resolved
    int64_t deadline_ms = 0;              // resolved: expiry; resolving: next probe
    size_t probes = 0;
    std::deque<PendingPacket> pending;
  };
  bool MakeRoom();

  NeighborLimits limits_;
  absl::flat_hash_map<wire::IpAddress, Entry> entries_;
  size_t pending_total_ = 0;
};

}  // namespace rampart::stack

#endif  // RAMPART_STACK_NEIGHBOR_CACHE_H_
