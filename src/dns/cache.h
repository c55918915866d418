// The resolver's answer cache: bounded in entries, each kept no longer
// than its TTL (itself capped), oldest expiry evicted first.
#ifndef RAMPART_DNS_CACHE_H_
#define RAMPART_DNS_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "dns/name.h"
#include "wire/ip_address.h"

namespace rampart::dns {

/// One cached positive answer.
struct CachedAnswer {
  DnsName name;       ///< the name asked (compared without case)
  uint16_t type = 0;  ///< A or AAAA
  DnsName canonical;  ///< the name the addresses belong to (after CNAMEs)
  std::vector<wire::IpAddress> addresses;
  int64_t expires_ms = 0;  ///< on the resolver's clock
};

/// Positive answers by (name, type). Not thread-safe.
class AnswerCache {
 public:
  /// @param capacity entries kept at most (0 disables the cache)
  explicit AnswerCache(size_t capacity) : capacity_(capacity) {}

  /// @param now_ms the clock now
  /// @return the live entry for (name, type), or nullopt; expired entries
  ///         are removed as they are met
  std::optional<CachedAnswer> Lookup(const DnsName& name, uint16_t type, int64_t now_ms);

  /// Stores an answer for ttl_ms from now, replacing one for the same
  /// (name, type); when full, the entry that expires first gives way.
  /// A TTL of 0 stores nothing.
  void Insert(CachedAnswer answer, int64_t ttl_ms, int64_t now_ms);

  /// @return entries held now (expired ones included until met)
  size_t size() const { return entries_.size(); }
  /// @return the bound
  size_t capacity() const { return capacity_; }

 private:
  size_t capacity_;
  std::vector<CachedAnswer> entries_;
};

}  // namespace rampart::dns

#endif  // RAMPART_DNS_CACHE_H_
