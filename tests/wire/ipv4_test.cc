#include "wire/ipv4.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace rampart::wire {
namespace {

using testing::Bytes;
using testing::V4;

// A real header: 192.168.0.1 -> 192.168.0.199, UDP, 115 bytes, DF, TTL 64,
// checksum 0xb861.
std::vector<std::byte> Header() {
  return Bytes({0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
                0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7});
}

TEST(Ipv4Test, ParsesKnownHeaderAndChecksum) {
  auto p = Header();
  p.resize(0x73 + 4);  // payload plus 4 bytes of link padding
  auto v = Ipv4View::Create(p);
  ASSERT_TRUE(v.ok()) << ReasonName(v.error());
  EXPECT_EQ(v->header_length(), 20u);
  EXPECT_EQ(v->total_length(), 0x73);
  EXPECT_TRUE(v->dont_fragment());
  EXPECT_FALSE(v->more_fragments());
  EXPECT_EQ(v->ttl(), 64);
  EXPECT_EQ(v->protocol(), 17);
  EXPECT_EQ(v->header_checksum(), 0xb861);
  EXPECT_TRUE(v->header_checksum_ok());
  EXPECT_EQ(v->source(), V4(192, 168, 0, 1));
  EXPECT_EQ(v->destination(), V4(192, 168, 0, 199));
  EXPECT_EQ(v->payload().size(), 0x73u - 20);  // padding trimmed
}

TEST(Ipv4Test, EmitReproducesKnownHeader) {
  Ipv4Header h{0, 0x73, 0, true, false, 0, 64, 17, V4(192, 168, 0, 1), V4(192, 168, 0, 199)};
  std::array<std::byte, 20> out{};
  ASSERT_TRUE(h.Emit(out));
  auto want = Header();
  EXPECT_TRUE(std::equal(out.begin(), out.end(), want.begin()));
  EXPECT_FALSE(
      (Ipv4Header{.fragment_offset = 12, .source = V4(1, 2, 3, 4), .destination = V4(1, 2, 3, 5)})
          .Emit(out));
}

TEST(Ipv4Test, DetectsCorruptChecksum) {
  auto p = Header();
  p.resize(0x73);
  p[8] = std::byte{0x3f};  // TTL changed, checksum not
  EXPECT_FALSE(Ipv4View::Create(p)->header_checksum_ok());
}

TEST(Ipv4Test, FragmentFieldsInBytes) {
  auto p = Header();
  p.resize(0x73);
  p[6] = std::byte{0x20 | 0x01};  // MF, offset 0x100 units
  p[7] = std::byte{0x00};
  auto v = Ipv4View::Create(p);
  EXPECT_TRUE(v->more_fragments());
  EXPECT_EQ(v->fragment_offset(), 0x100u * 8);
}

TEST(Ipv4Test, RefusesEachMalformationByName) {
  auto p = Header();
  p.resize(0x73);
  EXPECT_EQ(Ipv4View::Create(std::span(p).first(19)).error(), Reason::kIpv4TruncatedHeader);
  auto bad = p;
  bad[0] = std::byte{0x65};
  EXPECT_EQ(Ipv4View::Create(bad).error(), Reason::kIpv4BadVersion);
  bad = p;
  bad[0] = std::byte{0x44};
  EXPECT_EQ(Ipv4View::Create(bad).error(), Reason::kIpv4HeaderLengthBelowMinimum);
  bad = p;
  bad[0] = std::byte{0x4f};  // 60-byte header
  EXPECT_EQ(Ipv4View::Create(std::span(bad).first(40)).error(), Reason::kIpv4HeaderExceedsPacket);
  bad = p;
  bad[3] = std::byte{0x13};  // total 19 < 20
  bad[2] = std::byte{0x00};
  EXPECT_EQ(Ipv4View::Create(bad).error(), Reason::kIpv4TotalLengthBelowHeader);
  EXPECT_EQ(Ipv4View::Create(std::span(p).first(0x72)).error(),
            Reason::kIpv4TotalLengthExceedsPacket);
  EXPECT_EQ(ReasonName(Reason::kIpv4TotalLengthExceedsPacket), "ipv4_total_length_exceeds_packet");
}

TEST(Ipv4Test, OptionsAreBetweenHeaderAndPayload) {
  auto p = Header();
  p[0] = std::byte{0x46};  // 24-byte header
  p.insert(p.begin() + 20, {std::byte{1}, std::byte{1}, std::byte{1}, std::byte{0}});
  p.resize(0x73);
  auto v = Ipv4View::Create(p);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->options().size(), 4u);
  EXPECT_EQ(v->payload().size(), 0x73u - 24);
}

}  // namespace
}  // namespace rampart::wire
