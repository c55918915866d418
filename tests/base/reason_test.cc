#include "base/reason.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "base/reason_counters.h"

namespace rampart {
namespace {

TEST(ReasonTableTest, EveryReasonHasOneRowInEnumOrder) {
  ASSERT_EQ(kReasonTable.size() + 1, kReasonCount);
  for (size_t i = 1; i < kReasonCount; ++i) {
    const auto reason = static_cast<Reason>(i);
    EXPECT_EQ(Describe(reason).reason, reason);
  }
}

TEST(ReasonTableTest, NamesAreUniqueAndCarryTheirLayer) {
  std::set<std::string> names;
  for (const ReasonInfo& row : kReasonTable) {
    const std::string name(row.name);
    EXPECT_TRUE(names.insert(name).second) << name;
    // The name starts with its layer's name; NDP reasons belong to icmp.
    const std::string layer(LayerName(row.layer));
    const bool prefixed = name.rfind(layer + "_", 0) == 0 ||
                          (row.layer == Layer::kIcmp && name.rfind("ndp_", 0) == 0);
    EXPECT_TRUE(prefixed) << name << " in layer " << layer;
    for (char ch : name)
      EXPECT_TRUE((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_');
    EXPECT_FALSE(row.rule.empty()) << name;
    EXPECT_EQ(row.rule.find('|'), std::string::npos) << name << ": a | breaks the docs table";
  }
}

TEST(ReasonTableTest, StableNamesOfTheExternalInterface) {
  EXPECT_EQ(ReasonName(Reason::kUdpChecksumMismatch), "udp_checksum_mismatch");
  EXPECT_EQ(ReasonName(Reason::kUdpNoListener), "udp_no_listener");
  EXPECT_EQ(ReasonName(Reason::kFragOverlap), "frag_overlap");
  EXPECT_EQ(ReasonName(Reason::kEthTruncatedHeader), "eth_truncated_header");
  EXPECT_EQ(ReasonName(Reason::kNone), "none");
  EXPECT_EQ(ReasonLayer(Reason::kNdpBadHopLimit), Layer::kIcmp);
}

TEST(ReasonCountersTest, CountingIsPerReasonAndAggregatesComeFromTheTable) {
  ReasonCounters counters;
  counters.Count(Reason::kIpv4NotForUs);
  counters.Count(Reason::kIpv6NotForUs, 2);
  counters.Count(Reason::kIpv4BadChecksum);
  EXPECT_EQ(counters[Reason::kIpv6NotForUs], 2u);
  EXPECT_EQ(counters.Sum(Aggregate::kIpInAddrErrors), 3u);
  EXPECT_EQ(counters.Sum(Aggregate::kIpInHdrErrors), 1u);
  EXPECT_EQ(counters.Sum(Layer::kIpv4), 2u);
  EXPECT_EQ(counters.Sum(Layer::kUdp), 0u);
}

}  // namespace
}  // namespace rampart
