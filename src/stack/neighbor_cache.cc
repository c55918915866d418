#include "stack/neighbor_cache.h"

#include <utility>

namespace rampart::stack {

NeighborCache::NeighborCache(NeighborLimits limits) : limits_(limits) {}

std::optional<wire::MacAddress> NeighborCache::Lookup(const wire::IpAddress& neighbor,
                                                      int64_t now_ms) const {
  const auto it = entries_.find(neighbor);
  if (it == entries_.end() || !it->second.mac || it->second.deadline_ms <= now_ms) {
    return std::nullopt;
  }
  return it->second.mac;
}

bool NeighborCache::MakeRoom() {
  if (entries_.size() < limits_.max_entries) return true;
  auto victim = entries_.end();
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->second.mac &&
        (victim == entries_.end() || it->second.deadline_ms < victim->second.deadline_ms)) {
      victim = it;
    }
  }
  if (victim == entries_.end()) return false;
  entries_.erase(victim);  // resolved entries hold no packets
  return true;
}

NeighborCache::EnqueueResult NeighborCache::Enqueue(const wire::IpAddress& neighbor,
                                                    PendingPacket packet, int64_t now_ms) {
  EnqueueResult result;
  if (pending_total_ >= limits_.max_pending_total) return result;  // kNeighQueueFull
  auto it = entries_.find(neighbor);
  if (it == entries_.end()) {
    if (!MakeRoom()) {
      result.reason = Reason::kNeighCacheFull;
      return result;
    }
    it = entries_.emplace(neighbor, Entry{}).first;
  }
  Entry& entry = it->second;
  if (entry.mac) {  // resolved but expired (Lookup said no): resolve again
    entry.mac.reset();
    entry.probes = 0;
  }
  if (entry.pending.size() >= limits_.max_pending_per_entry) return result;
  entry.pending.push_back(std::move(packet));
  ++pending_total_;
  result.queued = true;
  if (entry.probes == 0) {
    entry.probes = 1;
    entry.deadline_ms = now_ms + limits_.retry_ms;
    result.send_probe = true;
  }
  return result;
}

std::vector<PendingPacket> NeighborCache::Learn(const wire::IpAddress& neighbor,
                                                const wire::MacAddress& mac, int64_t now_ms,
                                                bool create) {
  std::vector<PendingPacket> released;
  auto it = entries_.find(neighbor);
  if (it == entries_.end()) {
    if (!create || !MakeRoom()) return released;
    it = entries_.emplace(neighbor, Entry{}).first;
  }
  Entry& entry = it->second;
  entry.mac = mac;
  entry.deadline_ms = now_ms + limits_.reachable_ms;
  entry.probes = 0;
  pending_total_ -= entry.pending.size();
  for (PendingPacket& packet : entry.pending) released.push_back(std::move(packet));
  entry.pending.clear();
  return released;
}

NeighborCache::TickResult NeighborCache::Tick(int64_t now_ms) {
  TickResult result;
  for (auto it = entries_.begin(); it != entries_.end();) {
    Entry& entry = it->second;
    if (entry.deadline_ms > now_ms) {
      ++it;
      continue;
    }
    if (entry.mac || entry.probes >= limits_.max_probes) {
      result.dropped_packets += entry.pending.size();
      pending_total_ -= entry.pending.size();
      entries_.erase(it++);
      continue;
    }
    ++entry.probes;
    entry.deadline_ms = now_ms + limits_.retry_ms;
    result.probes.push_back(it->first);
    ++it;
  }
  return result;
}

}  // namespace rampart::stack
