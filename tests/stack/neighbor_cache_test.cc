#include "stack/neighbor_cache.h"

#include <gtest/gtest.h>

#include "stack/frames.h"
#include "test_util.h"

namespace rampart::stack {
namespace {

using testing::kPeerMac;
using testing::V4;

PendingPacket Packet(uint8_t tag) {
  return PendingPacket{17, V4(192, 0, 2, 2), V4(192, 0, 2, 1), {std::byte{tag}}};
}

TEST(NeighborCacheTest, ResolvesAndReleasesWaitingPackets) {
  NeighborCache cache;
  const auto peer = V4(192, 0, 2, 1);
  EXPECT_FALSE(cache.Lookup(peer, 0));
  auto first = cache.Enqueue(peer, Packet(1), 0);
  EXPECT_TRUE(first.queued);
  EXPECT_TRUE(first.send_probe);
  auto second = cache.Enqueue(peer, Packet(2), 0);
  EXPECT_TRUE(second.queued);
  EXPECT_FALSE(second.send_probe);
  auto released = cache.Learn(peer, kPeerMac, 10, /*create=*/false);
  ASSERT_EQ(released.size(), 2u);
  EXPECT_EQ(released[0].transport[0], std::byte{1});
  EXPECT_EQ(cache.Lookup(peer, 10), kPeerMac);
  EXPECT_EQ(cache.pending_packets(), 0u);
}

TEST(NeighborCacheTest, UnsolicitedRepliesDoNotCreateEntries) {
  NeighborCache cache;
  EXPECT_TRUE(cache.Learn(V4(192, 0, 2, 7), kPeerMac, 0, /*create=*/false).empty());
  EXPECT_EQ(cache.size(), 0u);
}

TEST(NeighborCacheTest, QueuePerEntryAndInTotalIsBounded) {
  NeighborLimits limits;
  limits.max_pending_per_entry = 2;
  limits.max_pending_total = 3;
  NeighborCache cache(limits);
  EXPECT_TRUE(cache.Enqueue(V4(192, 0, 2, 1), Packet(1), 0).queued);
  EXPECT_TRUE(cache.Enqueue(V4(192, 0, 2, 1), Packet(2), 0).queued);
  auto full = cache.Enqueue(V4(192, 0, 2, 1), Packet(3), 0);
  EXPECT_FALSE(full.queued);
  EXPECT_EQ(full.reason, Reason::kNeighQueueFull);
  EXPECT_TRUE(cache.Enqueue(V4(192, 0, 2, 3), Packet(4), 0).queued);
  EXPECT_FALSE(cache.Enqueue(V4(192, 0, 2, 4), Packet(5), 0).queued);
  EXPECT_EQ(cache.pending_packets(), 3u);
}

TEST(NeighborCacheTest, FullCacheEvictsResolvedButNeverResolving) {
  NeighborLimits limits;
  limits.max_entries = 2;
  NeighborCache cache(limits);
  EXPECT_TRUE(cache.Enqueue(V4(192, 0, 2, 1), Packet(1), 0).queued);
  EXPECT_TRUE(cache.Enqueue(V4(192, 0, 2, 2), Packet(2), 0).queued);
  auto refused = cache.Enqueue(V4(192, 0, 2, 3), Packet(3), 0);
  EXPECT_FALSE(refused.queued);
  EXPECT_EQ(refused.reason, Reason::kNeighCacheFull);
  cache.Learn(V4(192, 0, 2, 1), kPeerMac, 0, false);
  EXPECT_TRUE(cache.Enqueue(V4(192, 0, 2, 3), Packet(3), 0).queued);  // evicts .1
  EXPECT_FALSE(cache.Lookup(V4(192, 0, 2, 1), 0));
  EXPECT_EQ(cache.size(), 2u);
}

TEST(NeighborCacheTest, RetriesThenGivesUp) {
  NeighborLimits limits;
  limits.retry_ms = 100;
  limits.max_probes = 3;
  NeighborCache cache(limits);
  EXPECT_TRUE(cache.Enqueue(V4(192, 0, 2, 1), Packet(1), 0).send_probe);
  EXPECT_TRUE(cache.Tick(50).probes.empty());
  EXPECT_EQ(cache.Tick(100).probes.size(), 1u);
  EXPECT_EQ(cache.Tick(200).probes.size(), 1u);
  auto last = cache.Tick(300);
  EXPECT_TRUE(last.probes.empty());
  EXPECT_EQ(last.dropped_packets, 1u);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.pending_packets(), 0u);
}

TEST(NeighborCacheTest, MappingsExpire) {
  NeighborLimits limits;
  limits.reachable_ms = 1000;
  NeighborCache cache(limits);
  cache.Learn(V4(192, 0, 2, 1), kPeerMac, 0, true);
  EXPECT_TRUE(cache.Lookup(V4(192, 0, 2, 1), 999));
  EXPECT_FALSE(cache.Lookup(V4(192, 0, 2, 1), 1000));
  cache.Tick(1000);
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace rampart::stack
