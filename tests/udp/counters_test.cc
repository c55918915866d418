#include "udp/counters.h"

#include <gtest/gtest.h>

#include <string>

namespace rampart::udp {
namespace {

/// @return the number of reasons of the UDP layer in the table
size_t UdpReasonCount() {
  size_t n = 0;
  for (const ReasonInfo& row : kReasonTable) n += row.layer == Layer::kUdp ? 1 : 0;
  return n;
}

TEST(UdpCountersTest, AggregatesFollowTheMibGrouping) {
  UdpCounters c;
  for (const ReasonInfo& row : kReasonTable) {
    if (row.layer == Layer::kUdp) c.drops.Count(row.reason);
  }
  EXPECT_EQ(c.no_ports(), 2u);        // no listener, peer mismatch
  EXPECT_EQ(c.in_csum_errors(), 2u);  // mismatch, ipv6 zero
  EXPECT_EQ(c.rcvbuf_errors(), 3u);   // queue datagrams, queue bytes, pool
  // Everything except the two NoPorts reasons and connection-closed.
  EXPECT_EQ(c.in_errors(), UdpReasonCount() - 3);
  for (const ReasonInfo& row : kReasonTable) {
    EXPECT_EQ(c.drop_count(row.reason), row.layer == Layer::kUdp ? 1u : 0u) << row.name;
  }
}

TEST(UdpCountersTest, JsonListsEveryCounter) {
  UdpCounters c;
  c.in_datagrams = 3;
  c.drops.Count(Reason::kUdpNoListener);
  std::string json = c.ToJson();
  EXPECT_EQ(json.front(), '{');
  EXPECT_EQ(json.back(), '}');
  EXPECT_NE(json.find("\"InDatagrams\":3"), std::string::npos);
  EXPECT_NE(json.find("\"NoPorts\":1"), std::string::npos);
  EXPECT_NE(json.find("\"udp_no_listener\":1"), std::string::npos);
  int fields = 0;
  c.ForEach([&](std::string_view, uint64_t) { ++fields; });
  EXPECT_EQ(fields, 8 + static_cast<int>(UdpReasonCount()));
}

}  // namespace
}  // namespace rampart::udp
