#include "wire/pseudo_header.h"

#include <gtest/gtest.h>

#include <vector>

#include "test_util.h"
#include "wire/checksum.h"

namespace rampart::wire {
namespace {

using testing::ReferencePseudoHeader;
using testing::V4;
using testing::V6;

TEST(PseudoHeaderTest, EmitsIpv4LayoutByHand) {
  PseudoHeader p{V4(192, 0, 2, 1), V4(198, 51, 100, 2), 17, 0x1234};
  std::vector<std::byte> out(12);
  ASSERT_TRUE(p.Emit(out));
  EXPECT_EQ(out, ReferencePseudoHeader(p.source, p.destination, 0x1234));
  EXPECT_EQ(p.size(), 12u);
}

TEST(PseudoHeaderTest, EmitsIpv6LayoutByHand) {
  PseudoHeader p{V6("2001:db8::1"), V6("2001:db8::2"), 17, 0x00012345};
  std::vector<std::byte> out(40);
  ASSERT_TRUE(p.Emit(out));
  EXPECT_EQ(out, ReferencePseudoHeader(p.source, p.destination, 0x00012345));
}

TEST(PseudoHeaderTest, EmitRefusesWrongSizeOrMixedFamilies) {
  std::vector<std::byte> out(40);
  EXPECT_FALSE((PseudoHeader{V4(1, 2, 3, 4), V4(5, 6, 7, 8), 17, 8}).Emit(out));
  std::vector<std::byte> twelve(12);
  EXPECT_FALSE((PseudoHeader{V4(1, 2, 3, 4), V6("::1"), 17, 8}).Emit(twelve));
}

TEST(PseudoHeaderTest, SumMatchesSumOfEmittedBytes) {
  for (const PseudoHeader& p : {PseudoHeader{V4(10, 0, 0, 1), V4(10, 0, 0, 2), 17, 65535},
                                PseudoHeader{V6("2001:db8::ffff"), V6("ff02::1"), 17, 70000}}) {
    std::vector<std::byte> out(p.size());
    ASSERT_TRUE(p.Emit(out));
    EXPECT_EQ(FoldSum(p.Sum()), FoldSum(SumWords(out)));
  }
}

TEST(PseudoHeaderTest, ViewsReadBackWhatWasEmitted) {
  PseudoHeader v4{V4(192, 0, 2, 9), V4(203, 0, 113, 4), 17, 300};
  std::vector<std::byte> b4(12);
  ASSERT_TRUE(v4.Emit(b4));
  auto view4 = Ipv4PseudoHeaderView::Create(b4);
  ASSERT_TRUE(view4.has_value());
  PseudoHeader back4 = view4->ToValue();
  EXPECT_EQ(back4.source, v4.source);
  EXPECT_EQ(back4.destination, v4.destination);
  EXPECT_EQ(back4.protocol, 17);
  EXPECT_EQ(back4.length, 300u);
  EXPECT_FALSE(Ipv4PseudoHeaderView::Create(std::span(b4).first(11)).has_value());

  PseudoHeader v6{V6("2001:db8::9"), V6("2001:db8::4"), 17, 99999};
  std::vector<std::byte> b6(40);
  ASSERT_TRUE(v6.Emit(b6));
  auto view6 = Ipv6PseudoHeaderView::Create(b6);
  ASSERT_TRUE(view6.has_value());
  EXPECT_EQ(view6->ToValue().destination, v6.destination);
  EXPECT_EQ(view6->ToValue().length, 99999u);
  EXPECT_FALSE(Ipv6PseudoHeaderView::Create(std::span(b6).first(39)).has_value());
}

}  // namespace
}  // namespace rampart::wire
