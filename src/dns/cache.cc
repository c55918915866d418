#include "dns/cache.h"

#include <algorithm>

namespace rampart::dns {

std::optional<CachedAnswer> AnswerCache::Lookup(const DnsName& name, uint16_t type,
                                                int64_t now_ms) {
  std::erase_if(entries_,
                [now_ms](const CachedAnswer& entry) { return entry.expires_ms <= now_ms; });
  for (const CachedAnswer& entry : entries_) {
    if (entry.type == type && entry.name.EqualsIgnoringCase(name)) return entry;
  }
  return std::nullopt;
}

void AnswerCache::Insert(CachedAnswer answer, int64_t ttl_ms, int64_t now_ms) {
  if (capacity_ == 0 || ttl_ms <= 0) return;
  answer.expires_ms = now_ms + ttl_ms;
  std::erase_if(entries_, [&](const CachedAnswer& entry) {
    return entry.expires_ms <= now_ms ||
           (entry.type == answer.type && entry.name.EqualsIgnoringCase(answer.name));
  });
  if (entries_.size() >= capacity_) {
    const auto first_to_expire = std::min_element(
        entries_.begin(), entries_.end(),
        [](const CachedAnswer& a, const CachedAnswer& b) { return a.expires_ms < b.expires_ms; });
    entries_.erase(first_to_expire);
  }
  entries_.push_back(std::move(answer));
}

}  // namespace rampart::dns
