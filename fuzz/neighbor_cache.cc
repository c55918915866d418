// Fuzz target: the neighbor cache (ARP and NDP) against a model that knows
// every bound.
//
// Input: the limits (entries 1..8, waiting packets per entry 1..4 and in
// total 1..8, probes 1..4, retry and reachable times), then operations on
// ten neighbors: enqueue a packet, learn a MAC (solicited or not), look
// up, let time pass and tick. The clock moves forward at least 1 ms per
// operation, so no two resolved entries share an expiry and the eviction
// victim is always unique.
// The model is written from the rules in README.md ("Neighbor caches"),
// not from the code: a full cache evicts the resolved entry that expires
// first and refuses (neigh_cache_full) when every entry is resolving; a
// packet past the per-entry or total bound is refused (neigh_queue_full)
// and nothing past either is ever held; a reply from a stranger creates
// nothing; an unresolved neighbor is probed max_probes times, one retry
// apart, then given up with its packets. Checked after every operation:
// the refusal and its reason, the packets released (which, in order), the
// probes asked for, the packets dropped, the entry and packet counts, and
// what Lookup says for every neighbor.
#include "stack/neighbor_cache.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "harness/byte_reader.h"
#include "harness/fuzz_check.h"
#include "wire/bytes.h"

namespace {

using namespace rampart;
using stack::NeighborCache;

constexpr size_t kNeighbors = 10;

/// Neighbor i: IPv4 192.0.2.(10 + i) for even i, IPv6 2001:db8::(10 + i)
/// for odd i (one cache holds both families).
wire::IpAddress Neighbor(size_t i) {
  const auto last = static_cast<uint8_t>(10 + i);
  if (i % 2 == 0) return wire::IpAddress::V4(0xC0000200u | last);
  return wire::IpAddress::V6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last});
}

wire::MacAddress Mac(uint8_t tag) { return wire::MacAddress{{0x02, 0, 0, 0, 0x5E, tag}}; }

/// One entry of the model.
struct ModelEntry {
  bool present = false;
  std::optional<uint8_t> mac;  // the tag of the MAC, once resolved
  int64_t deadline = 0;        // resolved: expiry; resolving: next probe
  size_t probes = 0;
  std::vector<uint16_t> waiting;  // packet ids, oldest first
};

/// The model cache: a plain array by neighbor index.
struct Model {
  stack::NeighborLimits limits;
  ModelEntry entries[kNeighbors];

  size_t Size() const {
    return static_cast<size_t>(std::count_if(std::begin(entries), std::end(entries),
                                             [](const ModelEntry& e) { return e.present; }));
  }
  size_t Waiting() const {
    size_t total = 0;
    for (const ModelEntry& e : entries) total += e.waiting.size();
    return total;
  }
  /// Room for one more entry: evicts the resolved entry expiring first.
  /// @return false when the cache is full of resolving entries
  bool MakeRoom() {
    if (Size() < limits.max_entries) return true;
    ModelEntry* victim = nullptr;
    for (ModelEntry& e : entries) {
      if (e.present && e.mac && (victim == nullptr || e.deadline < victim->deadline)) victim = &e;
    }
    if (victim == nullptr) return false;
    FUZZ_CHECK(victim->waiting.empty());
    *victim = ModelEntry{};
    return true;
  }
};

uint16_t IdOf(const stack::PendingPacket& packet) {
  FUZZ_CHECK(packet.transport.size() == 2);
  return wire::LoadBe16(packet.transport, 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::ByteReader in(wire::AsBytes(std::span<const uint8_t>(data, size)));
  Model model;
  const uint8_t shape = in.Byte();
  const uint8_t times = in.Byte();
  model.limits.max_entries = 1 + (shape & 7);
  model.limits.max_pending_per_entry = 1 + ((shape >> 3) & 3);
  model.limits.max_pending_total = 1 + ((shape >> 5) & 7);
  model.limits.max_probes = 1 + (times & 3);
  model.limits.retry_ms = 1 + ((times >> 2) & 7) * 5;
  model.limits.reachable_ms = 1 + (times >> 5) * 40;
  NeighborCache cache(model.limits);

  int64_t now = 1000;
  uint16_t next_id = 0;
  for (int op = 0; op < 128 && !in.Rest().empty(); ++op) {
    const uint8_t kind = in.Byte();
    const size_t n = (kind >> 2) % kNeighbors;
    ModelEntry& entry = model.entries[n];
    now += 1;
    switch (kind & 3) {
      case 0: {  // a packet for n (the caller found no usable MAC first)
        const std::optional<wire::MacAddress> usable = cache.Lookup(Neighbor(n), now);
        if (usable) break;  // the stack sends at once; nothing to enqueue
        const uint16_t id = next_id++;
        stack::PendingPacket packet;
        packet.transport.resize(2);
        wire::StoreBe16(packet.transport, 0, id);
        const NeighborCache::EnqueueResult got = cache.Enqueue(Neighbor(n), std::move(packet), now);
        // The rules, in order: the total bound, room for a new entry, the
        // per-entry bound.
        if (model.Waiting() >= model.limits.max_pending_total) {
          FUZZ_CHECK(!got.queued && got.reason == Reason::kNeighQueueFull);
          break;
        }
        if (!entry.present) {
          if (!model.MakeRoom()) {
            FUZZ_CHECK(!got.queued && got.reason == Reason::kNeighCacheFull);
            break;
          }
          entry.present = true;
        }
        if (entry.mac) {  // expired mapping: resolve again
          entry.mac.reset();
          entry.probes = 0;
        }
        if (entry.waiting.size() >= model.limits.max_pending_per_entry) {
          FUZZ_CHECK(!got.queued && got.reason == Reason::kNeighQueueFull);
          break;
        }
        FUZZ_CHECK(got.queued);
        entry.waiting.push_back(id);
        FUZZ_CHECK(got.send_probe == (entry.probes == 0));
        if (entry.probes == 0) {
          entry.probes = 1;
          entry.deadline = now + model.limits.retry_ms;
        }
        break;
      }
      case 1: {  // n's MAC arrives: solicited (bit 7) or from a stranger
        const bool create = (kind & 0x80) != 0;
        const uint8_t tag = in.Byte();
        const std::vector<stack::PendingPacket> released =
            cache.Learn(Neighbor(n), Mac(tag), now, create);
        std::vector<uint16_t> expected;
        if (!entry.present) {
          if (!create || !model.MakeRoom()) {
            FUZZ_CHECK(released.empty());
            break;
          }
          entry.present = true;
        }
        expected.swap(entry.waiting);
        entry.mac = tag;
        entry.deadline = now + model.limits.reachable_ms;
        entry.probes = 0;
        FUZZ_CHECK(released.size() == expected.size());
        for (size_t i = 0; i < released.size(); ++i) {
          FUZZ_CHECK(IdOf(released[i]) == expected[i]);
        }
        break;
      }
      case 2:  // only a lookup (checked below for every neighbor)
        break;
      default: {  // time passes, then a tick
        now += in.Byte() % 64;
        const NeighborCache::TickResult got = cache.Tick(now);
        std::vector<wire::IpAddress> probes;
        size_t dropped = 0;
        for (size_t i = 0; i < kNeighbors; ++i) {
          ModelEntry& e = model.entries[i];
          if (!e.present || e.deadline > now) continue;
          if (e.mac || e.probes >= model.limits.max_probes) {
            dropped += e.waiting.size();
            e = ModelEntry{};
            continue;
          }
          ++e.probes;
          e.deadline = now + model.limits.retry_ms;
          probes.push_back(Neighbor(i));
        }
        FUZZ_CHECK(got.dropped_packets == dropped);
        std::vector<wire::IpAddress> asked = got.probes;
        const auto order = [](const wire::IpAddress& a, const wire::IpAddress& b) {
          return a.family() != b.family() ? a.family() < b.family()
                                          : a.bytes().back() < b.bytes().back();
        };
        std::sort(asked.begin(), asked.end(), order);
        std::sort(probes.begin(), probes.end(), order);
        FUZZ_CHECK(asked == probes);
        break;
      }
    }
    // Every bound holds, and the cache agrees with the model everywhere.
    FUZZ_CHECK(model.Size() <= model.limits.max_entries);
    FUZZ_CHECK(model.Waiting() <= model.limits.max_pending_total);
    FUZZ_CHECK(cache.size() == model.Size());
    FUZZ_CHECK(cache.pending_packets() == model.Waiting());
    for (size_t i = 0; i < kNeighbors; ++i) {
      const ModelEntry& e = model.entries[i];
      FUZZ_CHECK(e.waiting.size() <= model.limits.max_pending_per_entry);
      const std::optional<wire::MacAddress> got = cache.Lookup(Neighbor(i), now);
      if (e.present && e.mac && e.deadline > now) {
        FUZZ_CHECK(got.has_value() && *got == Mac(*e.mac));
      } else {
        FUZZ_CHECK(!got.has_value());
      }
    }
  }
  return 0;
}
