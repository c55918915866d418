#include "stack/reassembly.h"

#include <algorithm>
#include <utility>

#include "wire/bytes.h"

namespace rampart::stack {
namespace {

/// Fixed bytes charged per datagram besides its data: the entry itself.
constexpr size_t kEntryOverhead = 128;
/// Finished entries whose storage is kept for reuse.
constexpr size_t kMaxSpares = 4;

}  // namespace

Reassembler::Reassembler(ReassemblyLimits limits) : limits_(limits) { spares_.reserve(kMaxSpares); }

size_t Reassembler::ChargeFor(const Partial& partial) const {
  return kEntryOverhead + partial.reserved + limits_.max_fragments_per_datagram * sizeof(Range);
}

ReassemblyResult Reassembler::Refuse(Reason reason) {
  ++counters_.dropped_fragments;
  ReassemblyResult result;
  result.status = ReassemblyResult::Status::kDropped;
  result.reason = reason;
  return result;
}

ReassemblyResult Reassembler::Fail(const ReassemblyKey& key, Reason reason) {
  const auto it = datagrams_.find(key);
  if (it != datagrams_.end()) {
    Release(key, it->second);
    KeepSpare(std::move(it->second));
    datagrams_.erase(it);
    ++counters_.failed;
  }
  return Refuse(reason);
}

void Reassembler::KeepSpare(Partial&& partial) {
  if (spares_.size() < kMaxSpares) spares_.push_back(std::move(partial));
}

void Reassembler::RecycleCompleted() {
  if (!completed_.has_value()) return;
  KeepSpare(std::move(*completed_));
  completed_.reset();
}

Reassembler::Partial Reassembler::TakeSpare(int64_t now_ms) {
  Partial fresh;
  if (!spares_.empty()) {
    fresh.data = std::move(spares_.back().data);
    fresh.ranges = std::move(spares_.back().ranges);
    spares_.pop_back();
    fresh.data.clear();
    fresh.ranges.clear();
  }
  fresh.ranges.reserve(limits_.max_fragments_per_datagram);
  fresh.deadline_ms = now_ms + limits_.timeout_ms;
  return fresh;
}

void Reassembler::Release(const ReassemblyKey& key, const Partial& partial) {
  total_bytes_ -= partial.charged;
  const auto it = sources_.find(key.source);
  if (it == sources_.end()) return;
  it->second.bytes -= partial.charged;
  --it->second.datagrams;
  if (it->second.datagrams == 0) sources_.erase(it);
}

bool Reassembler::Recharge(const ReassemblyKey& key, Partial& partial, size_t new_charge) {
  SourceUsage& source = sources_[key.source];
  const size_t total_after = total_bytes_ - partial.charged + new_charge;
  const size_t source_after = source.bytes - partial.charged + new_charge;
  if (total_after > limits_.max_total_bytes || source_after > limits_.max_bytes_per_source) {
    return false;
  }
  total_bytes_ = total_after;
  source.bytes = source_after;
  partial.charged = new_charge;
  return true;
}

Reason Reassembler::CheckPlacement(const Partial& partial, const Fragment& fragment,
                                   uint64_t end) const {
  const uint64_t begin = fragment.offset;
  if (begin < end) {
    for (const Range& range : partial.ranges) {
      if (range.begin < end && begin < range.end) return Reason::kFragOverlap;
    }
  }
  if (!fragment.more) {
    const bool end_differs = partial.end.has_value() && *partial.end != end;
    const bool data_past_end = !partial.ranges.empty() && partial.ranges.back().end > end;
    if (end_differs || data_past_end) return Reason::kFragInconsistentEnd;
  } else if (partial.end.has_value() && end > *partial.end) {
    return Reason::kFragInconsistentEnd;
  }
  if (partial.fragments + 1 > limits_.max_fragments_per_datagram) {
    return Reason::kFragTooManyFragments;
  }
  return Reason::kNone;
}

void Reassembler::AddRange(Partial& partial, uint32_t begin, uint32_t end) {
  const Range added{begin, end};
  auto position =
      std::lower_bound(partial.ranges.begin(), partial.ranges.end(), added,
                       [](const Range& a, const Range& b) { return a.begin < b.begin; });
  position = partial.ranges.insert(position, added);
  // Merge with the neighbours it touches (overlap was refused before).
  if (position + 1 != partial.ranges.end() && (position + 1)->begin == position->end) {
    position->end = (position + 1)->end;
    partial.ranges.erase(position + 1);
  }
  if (position != partial.ranges.begin() && (position - 1)->end == position->begin) {
    (position - 1)->end = position->end;
    partial.ranges.erase(position);
  }
}

ReassemblyResult Reassembler::Add(const Fragment& fragment, int64_t now_ms) {
  RecycleCompleted();
  ++counters_.fragments;
  const ReassemblyKey& key = fragment.key;
  const uint64_t begin = fragment.offset;
  const uint64_t end = begin + fragment.data.size();
  if (end > fragment.max_size) return Fail(key, Reason::kFragTooLarge);
  if (fragment.more && fragment.data.empty()) return Refuse(Reason::kFragEmpty);
  if (fragment.more && fragment.data.size() % 8 != 0) return Refuse(Reason::kFragBadLength);

  auto it = datagrams_.find(key);
  if (it == datagrams_.end()) {
    const auto source = sources_.find(key.source);
    const size_t from_source = source == sources_.end() ? 0 : source->second.datagrams;
    if (datagrams_.size() >= limits_.max_datagrams ||
        from_source >= limits_.max_datagrams_per_source) {
      return Refuse(Reason::kFragMemoryLimit);
    }
    it = datagrams_.emplace(key, TakeSpare(now_ms)).first;
    ++sources_[key.source].datagrams;
    if (!Recharge(key, it->second, ChargeFor(it->second))) {
      return Fail(key, Reason::kFragMemoryLimit);
    }
  }
  Partial& partial = it->second;
  if (const Reason placement = CheckPlacement(partial, fragment, end); placement != Reason::kNone) {
    return Fail(key, placement);
  }

  if (end > partial.reserved) {
    // Geometric growth, capped at the datagram's limit; charged before
    // the memory is taken.
    const size_t wanted =
        std::min<size_t>(std::max<size_t>(end, partial.reserved * 2), fragment.max_size);
    const size_t new_charge = ChargeFor(partial) - partial.reserved + wanted;
    if (!Recharge(key, partial, new_charge)) return Fail(key, Reason::kFragMemoryLimit);
    partial.reserved = wanted;
    partial.data.reserve(wanted);
  }
  if (end > partial.data.size()) partial.data.resize(end);
  const bool copied = wire::CopyBytes(
      std::span<std::byte>(partial.data).subspan(begin, fragment.data.size()), fragment.data);
  (void)copied;  // the destination was sized to `end` just above

  ++partial.fragments;
  if (begin < end) AddRange(partial, static_cast<uint32_t>(begin), static_cast<uint32_t>(end));
  if (!fragment.more) partial.end = static_cast<uint32_t>(end);
  if (begin == 0) partial.protocol = fragment.protocol;

  const bool covered =
      partial.end.has_value() &&
      (*partial.end == 0 ? partial.ranges.empty()
                         : partial.ranges.size() == 1 && partial.ranges.front().begin == 0 &&
                               partial.ranges.front().end == *partial.end);
  ReassemblyResult result;
  if (!covered || !partial.protocol.has_value()) return result;
  result.status = ReassemblyResult::Status::kComplete;
  result.key = key;
  result.protocol = *partial.protocol;
  partial.data.resize(*partial.end);
  Release(key, partial);
  completed_ = std::move(partial);
  datagrams_.erase(it);
  ++counters_.completed;
  result.payload = completed_->data;
  return result;
}

size_t Reassembler::Expire(int64_t now_ms) {
  RecycleCompleted();
  size_t expired = 0;
  for (auto it = datagrams_.begin(); it != datagrams_.end();) {
    if (it->second.deadline_ms > now_ms) {
      ++it;
      continue;
    }
    Release(it->first, it->second);
    KeepSpare(std::move(it->second));
    datagrams_.erase(it++);
    ++counters_.failed;
    ++expired;
  }
  return expired;
}

}  // namespace rampart::stack
