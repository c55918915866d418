#include "wire/ethernet.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace rampart::wire {
namespace {

using testing::Bytes;

std::vector<std::byte> Frame(std::initializer_list<int> type_and_rest) {
  std::vector<std::byte> f =
      Bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01});
  std::vector<std::byte> rest = Bytes(type_and_rest);
  f.insert(f.end(), rest.begin(), rest.end());
  return f;
}

TEST(EthernetTest, ParsesUntaggedFrame) {
  auto f = Frame({0x08, 0x00, 0x45, 0x00});
  auto v = EthernetView::Create(f);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->destination().is_broadcast());
  EXPECT_EQ(v->source().ToString(), "02:00:5e:10:00:01");
  EXPECT_EQ(v->ether_type(), ether_type::kIpv4);
  EXPECT_FALSE(v->vlan().has_value());
  EXPECT_EQ(v->payload().size(), 2u);
}

TEST(EthernetTest, ParsesVlanTag) {
  auto f = Frame({0x81, 0x00, 0xA0, 0x64, 0x86, 0xDD, 0x60});
  auto v = EthernetView::Create(f);
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE(v->vlan().has_value());
  EXPECT_EQ(v->vlan()->priority, 5);
  EXPECT_EQ(v->vlan()->id, 100);
  EXPECT_EQ(v->ether_type(), ether_type::kIpv6);
  EXPECT_EQ(v->payload().size(), 1u);
}

TEST(EthernetTest, RefusesWithNamedErrors) {
  auto short_frame = Frame({0x08});
  EXPECT_EQ(EthernetView::Create(short_frame).error(), Reason::kEthTruncatedHeader);
  auto length_frame = Frame({0x00, 0x40});
  EXPECT_EQ(EthernetView::Create(length_frame).error(), Reason::kEthLengthNotType);
  auto cut_tag = Frame({0x81, 0x00, 0x00});
  EXPECT_EQ(EthernetView::Create(cut_tag).error(), Reason::kEthTruncatedVlanTag);
  EXPECT_EQ(ReasonName(Reason::kEthTruncatedVlanTag), "eth_truncated_vlan_tag");
}

TEST(EthernetTest, EmitsHeader) {
  EthernetHeader h{MacAddress::Broadcast(), *MacAddress::Parse("02-00-5E-10-00-01"),
                   ether_type::kArp};
  std::array<std::byte, 14> out{};
  ASSERT_TRUE(h.Emit(out));
  auto f = Frame({0x08, 0x06});
  EXPECT_TRUE(std::equal(out.begin(), out.end(), f.begin()));
  EXPECT_FALSE(h.Emit(std::span(out).first(13)));
}

TEST(EthernetTest, EmitsVlanTag) {
  EthernetHeader h{MacAddress::Broadcast(), *MacAddress::Parse("02:00:5e:10:00:01"),
                   ether_type::kIpv6, VlanTag{5, false, 100}};
  std::array<std::byte, 18> out{};
  ASSERT_EQ(h.size(), 18u);
  ASSERT_TRUE(h.Emit(out));
  auto f = Frame({0x81, 0x00, 0xA0, 0x64, 0x86, 0xDD});
  EXPECT_TRUE(std::equal(out.begin(), out.end(), f.begin()));
  h.vlan->id = 0x1000;  // does not fit 12 bits
  EXPECT_FALSE(h.Emit(out));
}

TEST(MacAddressTest, ParseAndPredicates) {
  EXPECT_FALSE(MacAddress::Parse("02:00:5e:10:00").has_value());
  EXPECT_FALSE(MacAddress::Parse("02:00:5e:10:00:0g").has_value());
  EXPECT_FALSE(MacAddress::Parse("02:00:5e:10:00:01:").has_value());
  EXPECT_TRUE(MacAddress::Parse("01:00:5e:00:00:fb")->is_multicast());
  EXPECT_FALSE(MacAddress::Parse("02:00:5e:00:00:fb")->is_multicast());
}

}  // namespace
}  // namespace rampart::wire
