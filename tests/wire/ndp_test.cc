#include "wire/ndp.h"

#include <gtest/gtest.h>

#include "test_util.h"
#include "wire/icmp.h"

namespace rampart::wire {
namespace {

using testing::Bytes;
using testing::V6;

std::vector<std::byte> Solicitation(std::initializer_list<int> options) {
  std::vector<std::byte> m = Bytes({135, 0, 0, 0, 0, 0, 0, 0});
  const IpAddress target = V6("2001:db8::1");  // bytes() views this object: keep it alive
  m.insert(m.end(), target.bytes().begin(), target.bytes().end());
  auto o = Bytes(options);
  m.insert(m.end(), o.begin(), o.end());
  return m;
}

TEST(NdpTest, ParsesSolicitationWithSourceLinkLayer) {
  auto m = Solicitation({1, 1, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x07});
  auto p = NdpMessage::Parse(m);
  ASSERT_TRUE(p.ok()) << ReasonName(p.error());
  EXPECT_EQ(p->type, icmpv6_type::kNeighborSolicitation);
  EXPECT_EQ(p->target, V6("2001:db8::1"));
  ASSERT_TRUE(p->source_link_layer.has_value());
  EXPECT_EQ(p->source_link_layer->ToString(), "02:00:5e:10:00:07");
  EXPECT_FALSE(p->target_link_layer.has_value());
}

TEST(NdpTest, AdvertisementRoundTrip) {
  NdpMessage na;
  na.type = icmpv6_type::kNeighborAdvertisement;
  na.solicited = true;
  na.override_flag = true;
  na.target = V6("2001:db8::1");
  na.target_link_layer = MacAddress::Parse("02:00:5e:10:00:01");
  std::vector<std::byte> out(na.size());
  ASSERT_EQ(out.size(), 32u);
  ASSERT_TRUE(na.Emit(out));
  EXPECT_EQ(out[4], std::byte{0x60});
  auto back = NdpMessage::Parse(out);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->solicited && back->override_flag && !back->router);
  EXPECT_EQ(back->target_link_layer, na.target_link_layer);
}

TEST(NdpTest, OptionLengthsAreEightOctetUnits) {
  static_assert(OptionUnits(3).bytes() == 24);
  // An unknown option of 2 units (16 bytes) is skipped whole.
  auto m = Solicitation({99, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_TRUE(NdpMessage::Parse(m).ok());
  // The same option read as 2 bytes would leave junk; as 3 units it overruns.
  auto over = Solicitation({99, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(NdpMessage::Parse(over).error(), Reason::kNdpOptionExceedsMessage);
}

TEST(NdpTest, RefusesByName) {
  EXPECT_EQ(NdpMessage::Parse(Solicitation({1, 0, 0, 0, 0, 0, 0, 0})).error(),
            Reason::kNdpZeroLengthOption);
  EXPECT_EQ(
      NdpMessage::Parse(Solicitation({1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})).error(),
      Reason::kNdpBadLinkLayerOption);
  EXPECT_EQ(NdpMessage::Parse(Solicitation({1})).error(), Reason::kNdpOptionExceedsMessage);
  auto m = Solicitation({});
  EXPECT_EQ(NdpMessage::Parse(std::span(m).first(23)).error(), Reason::kNdpTruncated);
  m[1] = std::byte{1};
  EXPECT_EQ(NdpMessage::Parse(m).error(), Reason::kNdpBadCode);
  m[1] = std::byte{0};
  m[0] = std::byte{133};
  EXPECT_EQ(NdpMessage::Parse(m).error(), Reason::kNdpNotNeighborMessage);
  m[0] = std::byte{135};
  m[8] = std::byte{0xFF};
  EXPECT_EQ(NdpMessage::Parse(m).error(), Reason::kNdpMulticastTarget);
}

}  // namespace
}  // namespace rampart::wire
