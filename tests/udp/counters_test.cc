#include "udp/counters.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace rampart::udp {
namespace {

TEST(DropReasonTest, NamesAreUniqueStableAndPrefixed) {
  std::set<std::string> names;
  for (DropReason r : AllDropReasons()) {
    std::string name(DropReasonName(r));
    EXPECT_EQ(name.rfind("udp_", 0), 0u) << name;
    EXPECT_NE(name, "udp_unknown");
    names.insert(name);
  }
  EXPECT_EQ(names.size(), kDropReasonCount);
  // Spot-check names that are an external interface.
  EXPECT_EQ(DropReasonName(DropReason::kChecksumMismatch), "udp_checksum_mismatch");
  EXPECT_EQ(DropReasonName(DropReason::kNoListener), "udp_no_listener");
}

TEST(UdpCountersTest, AggregatesFollowTheMibGrouping) {
  UdpCounters c;
  for (DropReason r : AllDropReasons()) c.CountDrop(r);
  EXPECT_EQ(c.no_ports, 2u);        // no listener, peer mismatch
  EXPECT_EQ(c.in_csum_errors, 2u);  // mismatch, ipv6 zero
  EXPECT_EQ(c.rcvbuf_errors, 1u);
  // Everything except the two NoPorts reasons and connection-closed.
  EXPECT_EQ(c.in_errors, kDropReasonCount - 3);
  for (DropReason r : AllDropReasons()) EXPECT_EQ(c.drop_count(r), 1u);
}

TEST(UdpCountersTest, JsonListsEveryCounter) {
  UdpCounters c;
  c.in_datagrams = 3;
  c.CountDrop(DropReason::kNoListener);
  std::string json = c.ToJson();
  EXPECT_EQ(json.front(), '{');
  EXPECT_EQ(json.back(), '}');
  EXPECT_NE(json.find("\"InDatagrams\":3"), std::string::npos);
  EXPECT_NE(json.find("\"NoPorts\":1"), std::string::npos);
  EXPECT_NE(json.find("\"udp_no_listener\":1"), std::string::npos);
  int fields = 0;
  c.ForEach([&](std::string_view, uint64_t) { ++fields; });
  EXPECT_EQ(fields, 7 + static_cast<int>(kDropReasonCount));
}

}  // namespace
}  // namespace rampart::udp
