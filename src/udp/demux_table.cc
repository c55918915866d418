#include "udp/demux_table.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/absl_view.h"

namespace rampart::udp {
namespace {

/// @return true if the entry has no peer filter or the source passes it
bool PeerAccepts(const DemuxEntry& entry, const wire::SocketAddress& source) {
  return !entry.required_peer.has_value() || *entry.required_peer == source;
}

}  // namespace

absl::Status DemuxTable::Insert(const wire::SocketAddress& local, const DemuxEntry& entry) {
  if (local.port == 0) return absl::InvalidArgumentError("demux entry needs a non-zero port");
  PortEntries& entries = ports_[KeyOf(local.family(), local.port)];
  if (local.address.is_unspecified()) {
    if (entries.wildcard.has_value()) {
      return absl::AlreadyExistsError(absl::StrCat("demux key ", local.ToString(), " is taken"));
    }
    entries.wildcard = entry;
  } else {
    for (const auto& [address, bound] : entries.exact) {
      if (address == local.address) {
        return absl::AlreadyExistsError(absl::StrCat("demux key ", local.ToString(), " is taken"));
      }
    }
    entries.exact.emplace_back(local.address, entry);
  }
  ++size_;
  return absl::OkStatus();
}

bool DemuxTable::Remove(const wire::SocketAddress& local) {
  const auto it = ports_.find(KeyOf(local.family(), local.port));
  if (it == ports_.end()) return false;
  PortEntries& entries = it->second;
  bool removed = false;
  if (local.address.is_unspecified()) {
    removed = entries.wildcard.has_value();
    entries.wildcard.reset();
  } else {
    const auto bound = std::find_if(entries.exact.begin(), entries.exact.end(),
                                    [&](const auto& pair) { return pair.first == local.address; });
    removed = bound != entries.exact.end();
    if (removed) entries.exact.erase(bound);
  }
  if (!entries.wildcard.has_value() && entries.exact.empty()) ports_.erase(it);
  if (removed) --size_;
  return removed;
}

absl::Status DemuxTable::SetPromiscuous(const DemuxEntry& entry) {
  absl::Status status;
  if (promiscuous_.has_value()) {
    status = absl::AlreadyExistsError("a promiscuous listener is already open");
  } else {
    promiscuous_ = entry;
  }
  return status;
}

void DemuxTable::ClearPromiscuous() { promiscuous_.reset(); }

bool DemuxTable::Contains(const wire::SocketAddress& local) const {
  const auto it = ports_.find(KeyOf(local.family(), local.port));
  if (it == ports_.end()) return false;
  if (local.address.is_unspecified()) return it->second.wildcard.has_value();
  return std::any_of(it->second.exact.begin(), it->second.exact.end(),
                     [&](const auto& pair) { return pair.first == local.address; });
}

DemuxMatch DemuxTable::Lookup(const wire::SocketAddress& destination,
                              const wire::SocketAddress& source) const noexcept {
  DemuxMatch match;
  const auto it = ports_.find(KeyOf(destination.family(), destination.port));
  if (it != ports_.end()) {
    // 1. the exact destination address; 2. the wildcard. A strict-peer
    // entry that refuses the source passes the datagram on to the next.
    for (const auto& [address, entry] : it->second.exact) {
      if (address != destination.address) continue;
      if (PeerAccepts(entry, source)) {
        match.entry = &entry;
        return match;
      }
      match.refused_by_peer_filter = true;
      break;
    }
    if (const auto& wildcard = it->second.wildcard; wildcard.has_value()) {
      if (PeerAccepts(*wildcard, source)) {
        match.entry = &*wildcard;
        return match;
      }
      match.refused_by_peer_filter = true;
    }
  }
  // 3. the promiscuous entry.
  if (promiscuous_.has_value()) {
    if (PeerAccepts(*promiscuous_, source)) {
      match.entry = &*promiscuous_;
    } else {
      match.refused_by_peer_filter = true;
    }
  }
  return match;
}

}  // namespace rampart::udp
