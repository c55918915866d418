#include "wire/icmp.h"

#include <gtest/gtest.h>

#include "test_util.h"
#include "wire/bytes.h"

namespace rampart::wire {
namespace {

using testing::Bytes;
using testing::V4;
using testing::V6;

TEST(IcmpTest, EchoRequestFieldsAndV4Checksum) {
  // Echo request id 0x1234 seq 1, "abcd"; checksum computed by hand:
  // 0x0800 + 0x1234 + 0x0001 + 0x6162 + 0x6364 = 0x0F1FB -> 0xF1FB + 0 ...
  std::vector<std::byte> m = Bytes({8, 0, 0, 0, 0x12, 0x34, 0x00, 0x01, 'a', 'b', 'c', 'd'});
  ASSERT_TRUE(FillIcmpChecksum(m, V4(192, 0, 2, 1), V4(192, 0, 2, 2)));
  uint16_t want =
      testing::ReferenceChecksum({Bytes({8, 0, 0, 0, 0x12, 0x34, 0x00, 0x01, 'a', 'b', 'c', 'd'})});
  auto v = IcmpView::Create(m);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->checksum(), want);
  EXPECT_EQ(v->type(), icmpv4_type::kEchoRequest);
  EXPECT_EQ(v->identifier(), 0x1234);
  EXPECT_EQ(v->sequence(), 1);
  EXPECT_EQ(v->body().size(), 4u);
  // ICMPv4 has no pseudo-header: any addresses verify.
  EXPECT_TRUE(v->ChecksumOk(V4(1, 1, 1, 1), V4(2, 2, 2, 2)));
}

TEST(IcmpTest, Icmpv6ChecksumCoversPseudoHeader) {
  std::vector<std::byte> m = Bytes({128, 0, 0, 0, 0, 1, 0, 1, 'x'});
  ASSERT_TRUE(FillIcmpChecksum(m, V6("2001:db8::1"), V6("2001:db8::2")));
  auto v = IcmpView::Create(m);
  EXPECT_TRUE(v->ChecksumOk(V6("2001:db8::1"), V6("2001:db8::2")));
  EXPECT_FALSE(v->ChecksumOk(V6("2001:db8::1"), V6("2001:db8::3")));
  std::vector<std::byte> copy = m;
  copy[6] = std::byte{0x00};
  copy[7] = std::byte{0x00};
  auto pseudo = testing::ReferencePseudoHeader(V6("2001:db8::1"), V6("2001:db8::2"),
                                               static_cast<uint32_t>(m.size()));
  pseudo.back() = std::byte{58};  // next header ICMPv6, not UDP
  std::vector<std::byte> zeroed = m;
  zeroed[2] = zeroed[3] = std::byte{0};
  uint16_t want = testing::ReferenceChecksum({pseudo, zeroed});
  EXPECT_EQ(v->checksum(), want);
}

TEST(IcmpTest, QuotedIpv4PacketIsBounded) {
  // Port unreachable quoting a UDP datagram: IPv4 header + 8 bytes of UDP.
  std::vector<std::byte> quote =
      Bytes({0x45, 0, 0,   100, 0,   0, 0,    0,    64,   17,   0, 0,  192, 0,
             2,    1, 198, 51,  100, 7, 0x0F, 0xA0, 0x00, 0x35, 0, 92, 0,   0});
  auto q = ParseQuotedPacket(IpFamily::kIpv4, quote);
  ASSERT_TRUE(q.ok()) << ReasonName(q.error());
  EXPECT_EQ(q->protocol, 17);
  EXPECT_EQ(q->source, V4(192, 0, 2, 1));
  EXPECT_EQ(q->destination, V4(198, 51, 100, 7));
  EXPECT_EQ(LoadBe16(q->upper, 2), 53);
  // The quoted total length (100) is not trusted; 7 bytes of UDP are not enough.
  EXPECT_EQ(ParseQuotedPacket(IpFamily::kIpv4, std::span(quote).first(27)).error(),
            Reason::kIcmpQuotedTruncated);
  quote[0] = std::byte{0x46};  // claims options that are not there
  EXPECT_EQ(ParseQuotedPacket(IpFamily::kIpv4, quote).error(), Reason::kIcmpQuotedTruncated);
  quote[0] = std::byte{0x44};
  EXPECT_EQ(ParseQuotedPacket(IpFamily::kIpv4, quote).error(), Reason::kIcmpQuotedHeaderLength);
  EXPECT_EQ(ParseQuotedPacket(IpFamily::kIpv6, quote).error(), Reason::kIcmpQuotedTruncated);
}

TEST(IcmpTest, TruncatedMessage) {
  EXPECT_EQ(IcmpView::Create(Bytes({8, 0, 0, 0, 0, 0, 0})).error(), Reason::kIcmpTruncated);
  std::vector<std::byte> tiny = Bytes({1, 2});
  EXPECT_FALSE(FillIcmpChecksum(tiny, V4(1, 1, 1, 1), V4(2, 2, 2, 2)));
}

}  // namespace
}  // namespace rampart::wire
