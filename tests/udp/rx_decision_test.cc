// The pure rx decision, on hand-built datagrams whose checksums are
// computed independently (tests/test_util.cc). One test per row of the
// policy table in shared/notes/udp-semantics.md, "rampart" column.
#include "udp/rx_decision.h"

#include <gtest/gtest.h>

#include <vector>

#include "test_util.h"

namespace rampart::udp {
namespace {

using testing::BuildDatagram;
using testing::BytesOf;
using testing::DatagramSpec;
using testing::V4;
using testing::V6;
using wire::IpAddress;
using wire::IpFamily;
using wire::SocketAddress;

const IpAddress kSrc4 = V4(198, 51, 100, 7);
const IpAddress kDst4 = V4(192, 0, 2, 1);
const IpAddress kSrc6 = V6("2001:db8::7");
const IpAddress kDst6 = V6("2001:db8::1");

Reason ReasonOf(const RxDecision& d) { return std::get<DropVerdict>(d).reason; }

class RxDecisionTest : public ::testing::Test {
 protected:
  void Bind(IpAddress address, uint16_t port, uint64_t id, DemuxEntry extra = {}) {
    extra.connection = ConnectionId{id};
    ASSERT_TRUE(table_.Insert(SocketAddress{address, port}, extra).ok());
  }
  RxDecision Decide(const std::vector<std::byte>& d, IpAddress src, IpAddress dst,
                    ChecksumPolicy policy = ChecksumPolicy::kVerify) {
    return DecideRx(d, RxFacts{src, dst}, policy, table_);
  }
  DemuxTable table_;
};

TEST_F(RxDecisionTest, DeliversWellFormedIpv4WithMetadata) {
  Bind(kDst4, 53, 7);
  auto d = BuildDatagram(
      kSrc4, kDst4, {.source_port = 4000, .destination_port = 53, .payload = BytesOf("hello")});
  RxDecision r = Decide(d, kSrc4, kDst4);
  ASSERT_TRUE(std::holds_alternative<DeliverVerdict>(r));
  const DeliverVerdict& v = std::get<DeliverVerdict>(r);
  EXPECT_EQ(v.connection, ConnectionId{7});
  EXPECT_EQ(v.payload_offset, 8u);
  EXPECT_EQ(v.payload_length, 5u);
  EXPECT_EQ(v.metadata.source, (SocketAddress{kSrc4, 4000}));
  EXPECT_EQ(v.metadata.destination, (SocketAddress{kDst4, 53}));
}

TEST_F(RxDecisionTest, DeliversWellFormedIpv6) {
  Bind(kDst6, 53, 9);
  auto d = BuildDatagram(kSrc6, kDst6, {.payload = BytesOf("six")});
  RxDecision r = Decide(d, kSrc6, kDst6);
  ASSERT_TRUE(std::holds_alternative<DeliverVerdict>(r));
  EXPECT_EQ(std::get<DeliverVerdict>(r).payload_length, 3u);
}

TEST_F(RxDecisionTest, BufferShorterThanEightBytesIsTruncatedHeader) {
  Bind(kDst4, 53, 1);
  auto d = BuildDatagram(kSrc4, kDst4, {});
  for (size_t n = 0; n < 8; ++n) {
    std::vector<std::byte> cut(d.begin(), d.begin() + static_cast<long>(n));
    EXPECT_EQ(ReasonOf(Decide(cut, kSrc4, kDst4)), Reason::kUdpTruncatedHeader) << n;
  }
}

TEST_F(RxDecisionTest, LengthFieldBelowEightIsDropped) {
  Bind(kDst4, 53, 1);
  Bind(kDst6, 53, 2);
  for (uint16_t len = 1; len < 8; ++len) {
    auto d4 = BuildDatagram(kSrc4, kDst4, {.payload = BytesOf("abcd"), .length_field = len});
    EXPECT_EQ(ReasonOf(Decide(d4, kSrc4, kDst4)), Reason::kUdpLengthBelowHeader);
    auto d6 = BuildDatagram(kSrc6, kDst6, {.payload = BytesOf("abcd"), .length_field = len});
    EXPECT_EQ(ReasonOf(Decide(d6, kSrc6, kDst6)), Reason::kUdpLengthBelowHeader);
  }
  auto zero4 = BuildDatagram(kSrc4, kDst4, {.length_field = 0});
  EXPECT_EQ(ReasonOf(Decide(zero4, kSrc4, kDst4)), Reason::kUdpLengthBelowHeader);
}

TEST_F(RxDecisionTest, Ipv6LengthZeroIsAnUnsupportedJumbogram) {
  Bind(kDst6, 53, 2);
  auto d = BuildDatagram(kSrc6, kDst6, {.payload = BytesOf("jumbo"), .length_field = 0});
  EXPECT_EQ(ReasonOf(Decide(d, kSrc6, kDst6)), Reason::kUdpIpv6Jumbogram);
}

TEST_F(RxDecisionTest, LengthFieldBeyondBytesHeldIsDropped) {
  Bind(kDst4, 53, 1);
  auto d = BuildDatagram(kSrc4, kDst4, {.payload = BytesOf("abcd"), .length_field = 13});
  EXPECT_EQ(ReasonOf(Decide(d, kSrc4, kDst4)), Reason::kUdpLengthExceedsPacket);
  auto max = BuildDatagram(kSrc4, kDst4, {.payload = BytesOf("abcd"), .length_field = 0xFFFF});
  EXPECT_EQ(ReasonOf(Decide(max, kSrc4, kDst4)), Reason::kUdpLengthExceedsPacket);
}

TEST_F(RxDecisionTest, LengthFieldExactlyBytesHeldIsAccepted) {
  Bind(kDst4, 53, 1);
  auto d = BuildDatagram(kSrc4, kDst4, {.payload = BytesOf("abcd"), .length_field = 12});
  EXPECT_TRUE(std::holds_alternative<DeliverVerdict>(Decide(d, kSrc4, kDst4)));
}

TEST_F(RxDecisionTest, TrailingBytesAfterUdpLengthAreTrimmed) {
  Bind(kDst4, 53, 1);
  auto d =
      BuildDatagram(kSrc4, kDst4, {.payload = BytesOf("data"), .trailer = BytesOf("PADDING!")});
  RxDecision r = Decide(d, kSrc4, kDst4);
  ASSERT_TRUE(std::holds_alternative<DeliverVerdict>(r));
  EXPECT_EQ(std::get<DeliverVerdict>(r).payload_length, 4u);
  EXPECT_EQ(d.size(), 20u);
}

// RFC 768: the pseudo-header carries the UDP length. A sender that put the
// IP payload length there (the seed's behaviour) fails verification once
// trailing bytes exist.
TEST_F(RxDecisionTest, PseudoHeaderUsesUdpLengthNotIpPayloadLength) {
  Bind(kDst4, 53, 1);
  std::vector<std::byte> trailer = BytesOf("TRAILER");
  auto good = BuildDatagram(kSrc4, kDst4, {.payload = BytesOf("x"), .trailer = trailer});
  // Checksum computed with the IP payload length in the pseudo-header.
  auto body = BuildDatagram(kSrc4, kDst4, {.payload = BytesOf("x"), .checksum_field = 0});
  uint32_t ip_payload = static_cast<uint32_t>(body.size() + trailer.size());
  uint16_t wrong =
      testing::ReferenceChecksum({testing::ReferencePseudoHeader(kSrc4, kDst4, ip_payload), body});
  auto bad = BuildDatagram(
      kSrc4, kDst4,
      {.payload = BytesOf("x"), .checksum_field = wrong == 0 ? 0xFFFF : wrong, .trailer = trailer});
  EXPECT_TRUE(std::holds_alternative<DeliverVerdict>(Decide(good, kSrc4, kDst4)));
  EXPECT_EQ(ReasonOf(Decide(bad, kSrc4, kDst4)), Reason::kUdpChecksumMismatch);
}

TEST_F(RxDecisionTest, DestinationPortZeroIsDroppedEvenWithPromiscuousListener) {
  ASSERT_TRUE(table_.SetPromiscuous(DemuxEntry{ConnectionId{5}}).ok());
  auto d = BuildDatagram(kSrc4, kDst4, {.destination_port = 0});
  EXPECT_EQ(ReasonOf(Decide(d, kSrc4, kDst4)), Reason::kUdpDestinationPortZero);
}

TEST_F(RxDecisionTest, Ipv4ZeroChecksumMeansNoChecksumAndIsAccepted) {
  Bind(kDst4, 53, 1);
  auto d = BuildDatagram(kSrc4, kDst4, {.payload = BytesOf("nocsum"), .checksum_field = 0});
  EXPECT_TRUE(std::holds_alternative<DeliverVerdict>(Decide(d, kSrc4, kDst4)));
}

TEST_F(RxDecisionTest, Ipv6ZeroChecksumIsDroppedByDefault) {
  Bind(kDst6, 53, 1);
  auto d = BuildDatagram(kSrc6, kDst6, {.payload = BytesOf("nocsum"), .checksum_field = 0});
  EXPECT_EQ(ReasonOf(Decide(d, kSrc6, kDst6)), Reason::kUdpIpv6ZeroChecksum);
}

TEST_F(RxDecisionTest, Ipv6ZeroChecksumIsAcceptedByOptedInConnection) {
  Bind(kDst6, 53, 1, DemuxEntry{.accept_ipv6_zero_checksum = true});
  Bind(kDst6, 54, 2);
  auto d53 = BuildDatagram(kSrc6, kDst6, {.destination_port = 53, .checksum_field = 0});
  auto d54 = BuildDatagram(kSrc6, kDst6, {.destination_port = 54, .checksum_field = 0});
  EXPECT_TRUE(std::holds_alternative<DeliverVerdict>(Decide(d53, kSrc6, kDst6)));
  EXPECT_EQ(ReasonOf(Decide(d54, kSrc6, kDst6)), Reason::kUdpIpv6ZeroChecksum);
}

TEST_F(RxDecisionTest, Ipv6ZeroChecksumToNoListenerIsAChecksumErrorNotNoPorts) {
  auto d = BuildDatagram(kSrc6, kDst6, {.checksum_field = 0});
  EXPECT_EQ(ReasonOf(Decide(d, kSrc6, kDst6)), Reason::kUdpIpv6ZeroChecksum);
}

TEST_F(RxDecisionTest, WrongChecksumIsDroppedForBothFamilies) {
  Bind(kDst4, 53, 1);
  Bind(kDst6, 53, 2);
  auto good4 = BuildDatagram(kSrc4, kDst4, {.payload = BytesOf("abc")});
  auto good6 = BuildDatagram(kSrc6, kDst6, {.payload = BytesOf("abc")});
  for (auto* d : {&good4, &good6}) {
    (*d)[9] ^= std::byte{0x01};  // flip a payload bit
  }
  EXPECT_EQ(ReasonOf(Decide(good4, kSrc4, kDst4)), Reason::kUdpChecksumMismatch);
  EXPECT_EQ(ReasonOf(Decide(good6, kSrc6, kDst6)), Reason::kUdpChecksumMismatch);
}

TEST_F(RxDecisionTest, ChecksumCoversPseudoHeaderAddresses) {
  Bind(IpAddress::Unspecified(IpFamily::kIpv4), 53, 1);
  auto d = BuildDatagram(kSrc4, kDst4, {});
  // Same bytes, but the IP layer says another source: must not verify.
  EXPECT_EQ(ReasonOf(Decide(d, V4(198, 51, 100, 8), kDst4)), Reason::kUdpChecksumMismatch);
}

TEST_F(RxDecisionTest, ChecksumFieldFFFFEqualsComputedZero) {
  Bind(kDst4, 53, 1);
  // Find a 2-byte payload whose checksum computes to 0: the sender puts
  // 0xFFFF on the wire, and the receiver must accept it.
  auto probe =
      BuildDatagram(kSrc4, kDst4, {.payload = testing::Bytes({0, 0}), .checksum_field = 0});
  uint16_t sum = static_cast<uint16_t>(
      ~testing::ReferenceChecksum({testing::ReferencePseudoHeader(kSrc4, kDst4, 10), probe}));
  uint16_t w = static_cast<uint16_t>(~sum);
  auto d = BuildDatagram(kSrc4, kDst4, {.payload = testing::Bytes({w >> 8, w & 0xFF})});
  EXPECT_EQ(d[6], std::byte{0xFF});
  EXPECT_EQ(d[7], std::byte{0xFF});
  EXPECT_TRUE(std::holds_alternative<DeliverVerdict>(Decide(d, kSrc4, kDst4)));
}

TEST_F(RxDecisionTest, DevicePolicySkipsSoftwareSumButKeepsIpv6ZeroRule) {
  Bind(kDst4, 53, 1);
  Bind(kDst6, 53, 2);
  auto bad = BuildDatagram(kSrc4, kDst4, {.checksum_field = 0x1234});
  EXPECT_TRUE(std::holds_alternative<DeliverVerdict>(
      Decide(bad, kSrc4, kDst4, ChecksumPolicy::kVerifiedByDevice)));
  auto zero6 = BuildDatagram(kSrc6, kDst6, {.checksum_field = 0});
  EXPECT_EQ(ReasonOf(Decide(zero6, kSrc6, kDst6, ChecksumPolicy::kVerifiedByDevice)),
            Reason::kUdpIpv6ZeroChecksum);
}

TEST_F(RxDecisionTest, NoListenerIsReportedAfterAllChecks) {
  Bind(kDst4, 53, 1);
  auto d = BuildDatagram(kSrc4, kDst4, {.destination_port = 54});
  EXPECT_EQ(ReasonOf(Decide(d, kSrc4, kDst4)), Reason::kUdpNoListener);
  auto bad = BuildDatagram(kSrc4, kDst4, {.destination_port = 54, .checksum_field = 1});
  EXPECT_EQ(ReasonOf(Decide(bad, kSrc4, kDst4)), Reason::kUdpChecksumMismatch);
}

TEST_F(RxDecisionTest, MulticastOrBroadcastSourceIsDropped) {
  Bind(IpAddress::Unspecified(IpFamily::kIpv4), 53, 1);
  Bind(IpAddress::Unspecified(IpFamily::kIpv6), 53, 2);
  for (IpAddress src : {V4(224, 0, 0, 251), V4(255, 255, 255, 255)}) {
    auto d = BuildDatagram(src, kDst4, {});
    EXPECT_EQ(ReasonOf(Decide(d, src, kDst4)), Reason::kUdpSourceNotUnicast);
  }
  IpAddress m6 = V6("ff02::fb");
  auto d6 = BuildDatagram(m6, kDst6, {});
  EXPECT_EQ(ReasonOf(Decide(d6, m6, kDst6)), Reason::kUdpSourceNotUnicast);
}

TEST_F(RxDecisionTest, MixedFamilyFactsAreRefused) {
  Bind(kDst4, 53, 1);
  auto d = BuildDatagram(kSrc4, kDst4, {});
  EXPECT_EQ(ReasonOf(Decide(d, kSrc6, kDst4)), Reason::kUdpAddressFamilyMismatch);
}

// Most specific wins, whatever the insertion order.
TEST(RxDemuxPrecedenceTest, ExactBeatsWildcardBeatsPromiscuousInEveryOrder) {
  std::vector<int> order = {0, 1, 2};
  do {
    DemuxTable table;
    for (int step : order) {
      if (step == 0) ASSERT_TRUE(table.Insert({kDst4, 53}, {ConnectionId{1}}).ok());
      if (step == 1)
        ASSERT_TRUE(
            table.Insert({IpAddress::Unspecified(IpFamily::kIpv4), 53}, {ConnectionId{2}}).ok());
      if (step == 2) ASSERT_TRUE(table.SetPromiscuous({ConnectionId{3}}).ok());
    }
    auto to_exact = BuildDatagram(kSrc4, kDst4, {});
    IpAddress other = V4(192, 0, 2, 99);
    auto to_other = BuildDatagram(kSrc4, other, {});
    auto to_port = BuildDatagram(kSrc4, kDst4, {.destination_port = 99});
    auto conn = [&](const std::vector<std::byte>& d, IpAddress dst) {
      return std::get<DeliverVerdict>(DecideRx(d, {kSrc4, dst}, ChecksumPolicy::kVerify, table))
          .connection.value;
    };
    EXPECT_EQ(conn(to_exact, kDst4), 1u);
    EXPECT_EQ(conn(to_other, other), 2u);
    EXPECT_EQ(conn(to_port, kDst4), 3u);
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST_F(RxDecisionTest, PromiscuousListenerTakesBothFamilies) {
  ASSERT_TRUE(table_.SetPromiscuous({ConnectionId{4}}).ok());
  auto d4 = BuildDatagram(kSrc4, kDst4, {.destination_port = 1});
  auto d6 = BuildDatagram(kSrc6, kDst6, {.destination_port = 65535});
  EXPECT_EQ(std::get<DeliverVerdict>(Decide(d4, kSrc4, kDst4)).connection, ConnectionId{4});
  EXPECT_EQ(std::get<DeliverVerdict>(Decide(d6, kSrc6, kDst6)).connection, ConnectionId{4});
}

TEST_F(RxDecisionTest, FamiliesDoNotShareBindings) {
  Bind(IpAddress::Unspecified(IpFamily::kIpv4), 53, 1);
  auto d6 = BuildDatagram(kSrc6, kDst6, {});
  EXPECT_EQ(ReasonOf(Decide(d6, kSrc6, kDst6)), Reason::kUdpNoListener);
}

TEST_F(RxDecisionTest, StrictPeerFiltersOtherSources) {
  Bind(kDst4, 53, 1, DemuxEntry{.required_peer = SocketAddress{kSrc4, 4000}});
  auto from_peer = BuildDatagram(kSrc4, kDst4, {.source_port = 4000});
  auto other_port = BuildDatagram(kSrc4, kDst4, {.source_port = 4001});
  IpAddress stranger = V4(203, 0, 113, 5);
  auto other_host = BuildDatagram(stranger, kDst4, {.source_port = 4000});
  EXPECT_TRUE(std::holds_alternative<DeliverVerdict>(Decide(from_peer, kSrc4, kDst4)));
  EXPECT_EQ(ReasonOf(Decide(other_port, kSrc4, kDst4)), Reason::kUdpPeerMismatch);
  EXPECT_EQ(ReasonOf(Decide(other_host, stranger, kDst4)), Reason::kUdpPeerMismatch);
}

TEST_F(RxDecisionTest, StrictPeerMismatchFallsThroughToLessSpecificListener) {
  Bind(kDst4, 53, 1, DemuxEntry{.required_peer = SocketAddress{kSrc4, 4000}});
  Bind(IpAddress::Unspecified(IpFamily::kIpv4), 53, 2);
  auto other_port = BuildDatagram(kSrc4, kDst4, {.source_port = 4001});
  EXPECT_EQ(std::get<DeliverVerdict>(Decide(other_port, kSrc4, kDst4)).connection, ConnectionId{2});
}

TEST_F(RxDecisionTest, DefaultConnectionsAcceptAnySourceLikeTheSeed) {
  Bind(kDst4, 69, 1);  // TFTP: replies come from a new server port
  auto d = BuildDatagram(kSrc4, kDst4, {.source_port = 50123, .destination_port = 69});
  EXPECT_TRUE(std::holds_alternative<DeliverVerdict>(Decide(d, kSrc4, kDst4)));
}

TEST_F(RxDecisionTest, EmptyPayloadIsDelivered) {
  Bind(kDst4, 53, 1);
  auto d = BuildDatagram(kSrc4, kDst4, {});
  RxDecision r = Decide(d, kSrc4, kDst4);
  ASSERT_TRUE(std::holds_alternative<DeliverVerdict>(r));
  EXPECT_EQ(std::get<DeliverVerdict>(r).payload_length, 0u);
}

}  // namespace
}  // namespace rampart::udp
