#include "wire/ipv6_options.h"

#include <gtest/gtest.h>

#include <vector>

#include "test_util.h"

namespace rampart::wire {
namespace {

using testing::Bytes;

Ipv6OptionsVerdict Walk(const std::vector<std::byte>& header, Ipv6OptionsContext context = {}) {
  return WalkIpv6Options(header, context);
}

TEST(Ipv6OptionsTest, PaddingAndRouterAlertPass) {
  EXPECT_EQ(Walk(Bytes({17, 0, 1, 4, 0, 0, 0, 0})).reason, Reason::kNone);
  EXPECT_EQ(Walk(Bytes({17, 0, 0, 0, 0, 0, 0, 0})).reason, Reason::kNone);
  EXPECT_EQ(Walk(Bytes({17, 0, 5, 2, 0, 0, 1, 0}), {true, false, false}).reason, Reason::kNone);
}

TEST(Ipv6OptionsTest, AnOptionPastItsHeaderIsAnOverrunAtItsOffset) {
  // PadN claiming 10 bytes in an 8-byte header (the example).
  const Ipv6OptionsVerdict v = Walk(Bytes({17, 0, 1, 10, 0, 0, 0, 0}));
  EXPECT_EQ(v.reason, Reason::kIpv6OptionOverrun);
  EXPECT_EQ(v.offset, 2u);
  // A type byte with no room for its length.
  EXPECT_EQ(Walk(Bytes({17, 0, 1, 3, 0, 0, 0, 0x1E})).reason, Reason::kIpv6OptionOverrun);
}

TEST(Ipv6OptionsTest, UnknownOptionsActOnTheirHighOrderBits) {
  EXPECT_EQ(Walk(Bytes({17, 0, 0x1E, 2, 0, 0, 1, 0})).reason, Reason::kNone);  // 00: skip
  EXPECT_EQ(Walk(Bytes({17, 0, 0x5E, 2, 0, 0, 1, 0})).reason,
            Reason::kIpv6OptionUnknownDiscard);  // 01: discard
  const Ipv6OptionsVerdict report = Walk(Bytes({17, 0, 1, 0, 0x9E, 0, 1, 0}));
  EXPECT_EQ(report.reason, Reason::kIpv6OptionUnknownReport);  // 10: discard, report
  EXPECT_TRUE(report.report);
  EXPECT_EQ(report.offset, 4u);
  // 11: report only to a unicast destination.
  EXPECT_TRUE(Walk(Bytes({17, 0, 0xDE, 2, 0, 0, 1, 0})).report);
  const Ipv6OptionsVerdict multicast =
      Walk(Bytes({17, 0, 0xDE, 2, 0, 0, 1, 0}), {false, false, true});
  EXPECT_EQ(multicast.reason, Reason::kIpv6OptionUnknownReport);
  EXPECT_FALSE(multicast.report);
}

TEST(Ipv6OptionsTest, JumboPayloadRulesOfRfc2675) {
  const std::vector<std::byte> jumbo = Bytes({17, 0, 0xC2, 4, 0, 1, 0, 0});    // 65,536
  EXPECT_EQ(Walk(jumbo, {true, false, false}).reason, Reason::kIpv6JumboBad);  // length != 0
  EXPECT_EQ(Walk(jumbo, {false, true, false}).reason, Reason::kIpv6JumboBad);  // not Hop-by-Hop
  EXPECT_EQ(Walk(Bytes({17, 0, 0xC2, 4, 0, 0, 0xFF, 0xFF}), {true, true, false}).reason,
            Reason::kIpv6JumboBad);  // 65,535 or less
  EXPECT_EQ(Walk(jumbo, {true, true, false}).reason, Reason::kIpv6JumboUnsupported);
  EXPECT_EQ(Walk(Bytes({17, 0, 5, 3, 0, 0, 0, 0})).reason, Reason::kIpv6OptionMalformed);
}

}  // namespace
}  // namespace rampart::wire
