#include "wire/ipv6.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace rampart::wire {
namespace {

using testing::Bytes;
using testing::V6;

std::vector<std::byte> Packet(uint8_t next_header, const std::vector<std::byte>& payload) {
  Ipv6Header h{0x12,
               0xABCDE,
               static_cast<uint16_t>(payload.size()),
               next_header,
               255,
               V6("2001:db8::1"),
               V6("2001:db8::2")};
  std::vector<std::byte> p(40);
  EXPECT_TRUE(h.Emit(std::span<std::byte, 40>(p.data(), 40)));
  p.insert(p.end(), payload.begin(), payload.end());
  return p;
}

TEST(Ipv6Test, EmitThenParse) {
  auto p = Packet(17, Bytes({1, 2, 3}));
  EXPECT_EQ(p[0], std::byte{0x61});  // version 6, class 0x12
  p.push_back(std::byte{0xEE});      // trailing byte
  auto v = Ipv6View::Create(p);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->traffic_class(), 0x12);
  EXPECT_EQ(v->flow_label(), 0xABCDEu);
  EXPECT_EQ(v->next_header(), 17);
  EXPECT_EQ(v->hop_limit(), 255);
  EXPECT_EQ(v->source(), V6("2001:db8::1"));
  EXPECT_EQ(v->destination(), V6("2001:db8::2"));
  EXPECT_EQ(v->payload().size(), 3u);
}

TEST(Ipv6Test, RefusesByName) {
  auto p = Packet(17, Bytes({1, 2, 3}));
  EXPECT_EQ(Ipv6View::Create(std::span(p).first(39)).error(), Reason::kIpv6TruncatedHeader);
  EXPECT_EQ(Ipv6View::Create(std::span(p).first(42)).error(),
            Reason::kIpv6PayloadLengthExceedsPacket);
  p[0] = std::byte{0x40};
  EXPECT_EQ(Ipv6View::Create(p).error(), Reason::kIpv6BadVersion);
}

TEST(Ipv6ChainTest, WalksHopByHopRoutingDestinationToUdp) {
  std::vector<std::byte> payload =
      Bytes({43,  0, 1, 4, 0, 0, 0, 0,                          // hop-by-hop, 8 bytes -> routing
             60,  1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // routing, 16 bytes -> dest opts
             17,  0, 1, 4, 0, 0, 0, 0,                          // dest opts, 8 bytes -> UDP
             0xAA});
  auto chain = WalkIpv6Chain(0, payload);
  ASSERT_TRUE(chain.ok()) << ReasonName(chain.error());
  EXPECT_EQ(chain->protocol, 17);
  EXPECT_EQ(chain->offset, 32u);
  EXPECT_EQ(chain->extensions, 3u);
  EXPECT_FALSE(chain->fragment.has_value());
}

TEST(Ipv6ChainTest, StopsAtFragmentHeader) {
  Ipv6Fragment f{17, 1448, true, 0xDEADBEEF};
  std::vector<std::byte> payload(8);
  f.Emit(std::span<std::byte, 8>(payload.data(), 8));
  payload.push_back(std::byte{0x55});
  auto chain = WalkIpv6Chain(44, payload);
  ASSERT_TRUE(chain.ok());
  ASSERT_TRUE(chain->fragment.has_value());
  EXPECT_EQ(chain->fragment->offset, 1448u);
  EXPECT_TRUE(chain->fragment->more);
  EXPECT_EQ(chain->fragment->identification, 0xDEADBEEFu);
  EXPECT_EQ(chain->protocol, 17);
  EXPECT_EQ(chain->offset, 8u);
}

TEST(Ipv6ChainTest, AuthenticationHeaderUsesFourOctetUnits) {
  std::vector<std::byte> payload = Bytes({17, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});  // 12 bytes
  auto chain = WalkIpv6Chain(51, payload);
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ(chain->offset, 12u);
  EXPECT_EQ(chain->protocol, 17);
}

TEST(Ipv6ChainTest, RefusesBrokenChains) {
  EXPECT_EQ(WalkIpv6Chain(60, Bytes({17, 1, 0, 0, 0, 0, 0, 0})).error(),
            Reason::kIpv6TruncatedExtension);  // claims 16 bytes, has 8
  EXPECT_EQ(WalkIpv6Chain(60, Bytes({17, 0, 0})).error(), Reason::kIpv6TruncatedExtension);
  EXPECT_EQ(WalkIpv6Chain(44, Bytes({17, 0, 0, 0})).error(), Reason::kIpv6TruncatedExtension);
  EXPECT_EQ(WalkIpv6Chain(60, Bytes({0, 0, 0, 0, 0, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0, 0})).error(),
            Reason::kIpv6HopByHopNotFirst);
  std::vector<std::byte> loop;
  for (int i = 0; i < 9; ++i) {
    std::vector<std::byte> h = Bytes({60, 0, 0, 0, 0, 0, 0, 0});
    loop.insert(loop.end(), h.begin(), h.end());
  }
  EXPECT_EQ(WalkIpv6Chain(60, loop).error(), Reason::kIpv6TooManyExtensions);
  EXPECT_EQ(ReasonName(Reason::kIpv6TooManyExtensions), "ipv6_too_many_extensions");
}

TEST(Ipv6ChainTest, UpperLayerAndNoNextHeaderEndAtOnce) {
  auto udp = WalkIpv6Chain(17, {});
  ASSERT_TRUE(udp.ok());
  EXPECT_EQ(udp->offset, 0u);
  EXPECT_EQ(udp->extensions, 0u);
  EXPECT_TRUE(WalkIpv6Chain(59, {}).ok());
}

}  // namespace
}  // namespace rampart::wire
