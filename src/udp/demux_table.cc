#include "udp/demux_table.h"

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
  absl::Status status;
  if (local.port == 0) {
    status = absl::InvalidArgumentError("demux entry needs a non-zero port");
  } else if (!bound_.try_emplace(Key{local.address, local.port}, entry).second) {
    status = absl::AlreadyExistsError(absl::StrCat("demux key ", local.ToString(), " is taken"));
  }
  return status;
}

bool DemuxTable::Remove(const wire::SocketAddress& local) {
  return bound_.erase(Key{local.address, local.port}) > 0;
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
  return bound_.contains(Key{local.address, local.port});
}

DemuxMatch DemuxTable::Lookup(const wire::SocketAddress& destination,
                              const wire::SocketAddress& source) const noexcept {
  DemuxMatch match;
  const Key keys[2] = {Key{destination.address, destination.port},
                       Key{wire::IpAddress::Unspecified(destination.family()), destination.port}};
  for (const Key& key : keys) {
    auto it = match.entry == nullptr ? bound_.find(key) : bound_.end();
    if (it != bound_.end()) {
      if (PeerAccepts(it->second, source)) {
        match.entry = &it->second;
      } else {
        match.refused_by_peer_filter = true;
      }
    }
  }
  if (match.entry == nullptr && promiscuous_.has_value()) {
    if (PeerAccepts(*promiscuous_, source)) {
      match.entry = &*promiscuous_;
    } else {
      match.refused_by_peer_filter = true;
    }
  }
  return match;
}

}  // namespace rampart::udp
