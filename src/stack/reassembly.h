// IP fragment reassembly (IPv4 and IPv6), bounded and strict.
//
// Rules: a fragment that overlaps any byte already held drops the whole
// datagram (RFC 5722, applied to IPv4 as well); a datagram may not grow
// past the 65535-byte packet limit; every fragment but the last carries a
// multiple of 8 bytes and at least 8; there is one end; memory is bounded
// per source and in total, fragments per datagram are bounded, and an
// incomplete datagram is dropped after a timeout. Every refusal is counted
// by reason. The bookkeeping (which byte ranges arrived) lives in its own
// vector, never inside the payload memory.
#ifndef RAMPART_STACK_REASSEMBLY_H_
#define RAMPART_STACK_REASSEMBLY_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "base/reason.h"
#include "wire/ip_address.h"

namespace rampart::stack {

/// What identifies the fragments of one datagram: RFC 791 (source,
/// destination, protocol, identification) for IPv4; RFC 8200 (source,
/// destination, identification) for IPv6, where protocol is always 0.
struct ReassemblyKey {
  wire::IpAddress source;
  wire::IpAddress destination;
  uint32_t identification = 0;
  uint8_t protocol = 0;

  friend bool operator==(const ReassemblyKey&, const ReassemblyKey&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const ReassemblyKey& key) {
    return H::combine(std::move(h), key.source, key.destination, key.identification, key.protocol);
  }
};

/// One received fragment.
struct Fragment {
  ReassemblyKey key;
  /// Offset of `data` in the datagram's fragmentable part, in bytes.
  uint32_t offset = 0;
  /// More fragments follow (false: this one fixes the datagram's end).
  bool more = false;
  /// The upper-layer protocol as this fragment states it (IPv4 protocol,
  /// or the IPv6 fragment header's next header); the offset-0 fragment's
  /// value is the one used.
  uint8_t protocol = 0;
  /// The fragment's data (it is copied; the caller keeps ownership).
  std::span<const std::byte> data;
  /// Largest fragmentable part the datagram may have (65535 minus the
  /// headers in front of it).
  uint32_t max_size = 65535;
};

/// Budgets. The defaults keep at most about 1 MiB of payload.
struct ReassemblyLimits {
  size_t max_total_bytes = 1 << 20;
  size_t max_bytes_per_source = size_t{256} * 1024;
  size_t max_datagrams = 64;
  size_t max_datagrams_per_source = 16;
  size_t max_fragments_per_datagram = 64;
  int64_t timeout_ms = 30'000;
};

/// The result of adding a fragment.
struct ReassemblyResult {
  enum class Status : uint8_t { kPending, kComplete, kDropped };
  Status status = Status::kPending;
  /// Why, when kDropped (one of the frag_* reasons).
  Reason reason = Reason::kNone;
  /// When kComplete: the datagram's key, its upper-layer protocol (from
  /// the offset-0 fragment) and its fragmentable part, whole. The payload
  /// is the reassembler's memory: valid until its next Add or Expire.
  ReassemblyKey key;
  uint8_t protocol = 0;
  std::span<const std::byte> payload;
};

/// Counters of a reassembler (RFC 2011 names where they exist).
struct ReassemblyCounters {
  uint64_t fragments = 0;          ///< ReasmReqds: fragments received
  uint64_t completed = 0;          ///< ReasmOKs: datagrams reassembled
  uint64_t failed = 0;             ///< ReasmFails: datagrams given up (overlap, timeout, ...)
  uint64_t dropped_fragments = 0;  ///< fragments refused
};

/// Reassembles fragments into datagrams. Not thread-safe.
class Reassembler {
 public:
  explicit Reassembler(ReassemblyLimits limits = {});

  /// Adds one fragment.
  /// @param fragment the fragment (its data is copied)
  /// @param now_ms   the current time in milliseconds (monotonic)
  /// @return kPending (held), kComplete (with the datagram; its memory is
  ///         released from the budgets) or kDropped with the reason; a
  ///         drop of an overlap, size or end error also drops every
  ///         fragment already held for that datagram. The caller counts
  ///         the reason (each drop is counted once, by the stack).
  ReassemblyResult Add(const Fragment& fragment, int64_t now_ms);

  /// Drops every datagram whose timeout has passed.
  /// @param now_ms the current time in milliseconds
  /// @return how many datagrams were dropped (each counted as frag_timeout)
  size_t Expire(int64_t now_ms);

  /// @return bytes charged against the total budget now
  size_t bytes_in_use() const { return total_bytes_; }
  /// @return datagrams being reassembled
  size_t pending_datagrams() const { return datagrams_.size(); }
  /// @return the counters
  const ReassemblyCounters& counters() const { return counters_; }
  /// @return the limits in force
  const ReassemblyLimits& limits() const { return limits_; }

 private:
  struct Range {
    uint32_t begin;
    uint32_t end;
  };
  struct Partial {
    std::vector<std::byte> data;      // grows to the highest end seen
    size_t reserved = 0;              // bytes of data charged (capacity may be more, if reused)
    std::vector<Range> ranges;        // sorted, non-overlapping, merged
    std::optional<uint32_t> end;      // set by the last fragment
    std::optional<uint8_t> protocol;  // from the offset-0 fragment
    size_t fragments = 0;
    size_t charged = 0;  // bytes charged to the budgets
    int64_t deadline_ms = 0;
  };
  struct SourceUsage {
    size_t bytes = 0;
    size_t datagrams = 0;
  };

  ReassemblyResult Refuse(Reason reason);
  ReassemblyResult Fail(const ReassemblyKey& key, Reason reason);
  void Release(const ReassemblyKey& key, const Partial& partial);
  bool Recharge(const ReassemblyKey& key, Partial& partial, size_t new_charge);
  size_t ChargeFor(const Partial& partial) const;
  /// Checks a fragment against the datagram's end and fragment count.
  /// @return kNone, or the reason to drop the datagram
  Reason CheckPlacement(const Partial& partial, const Fragment& fragment, uint64_t end) const;
  /// Records [begin, end) as received, merging with touching ranges.
  static void AddRange(Partial& partial, uint32_t begin, uint32_t end);
  /// @return a fresh entry, its storage reused from a finished one if any
  Partial TakeSpare(int64_t now_ms);
  /// Keeps a finished entry's storage for reuse (up to kMaxSpares).
  void KeepSpare(Partial&& partial);
  /// Moves the last completed datagram's storage back to the spares.
  void RecycleCompleted();

  ReassemblyLimits limits_;
  absl::flat_hash_map<ReassemblyKey, Partial> datagrams_;
  absl::flat_hash_map<wire::IpAddress, SourceUsage> sources_;
  size_t total_bytes_ = 0;
  ReassemblyCounters counters_;
  /// Storage of finished entries, reused so that steady-state reassembly
  /// allocates nothing; not charged to the budgets (it holds no fragment).
  std::vector<Partial> spares_;
  /// The last completed datagram (its payload is what Add returned).
  std::optional<Partial> completed_;
};

}  // namespace rampart::stack

#endif  // RAMPART_STACK_REASSEMBLY_H_
