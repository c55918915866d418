#include "stack/frame_classifier.h"

#include <gtest/gtest.h>

#include "stack/frames.h"
#include "test_util.h"
#include "udp/demux_table.h"

namespace rampart::stack {
namespace {

using testing::EthFrame;
using testing::kPeerMac;
using testing::kStackMac;
using testing::V4;
using testing::V6;

constexpr uint16_t kIpv4 = 0x0800;
constexpr uint16_t kIpv6 = 0x86DD;

class ClassifierTest : public ::testing::Test {
 protected:
  ClassifierTest() {
    config_.mac = kStackMac;
    config_.ipv4 = IpPrefixAddress::Parse("192.0.2.2/24");
    config_.ipv6 = IpPrefixAddress::Parse("2001:db8::2/64");
    udp::DemuxEntry entry;
    entry.connection = udp::ConnectionId{1};
    EXPECT_TRUE(
        demux_
            .Insert(wire::SocketAddress{wire::IpAddress::Unspecified(wire::IpFamily::kIpv4), 7},
                    entry)
            .ok());
  }
  FrameDecision Classify(const std::vector<std::byte>& frame) {
    const InterfaceAddresses addresses(config_);
    return ClassifyFrame(frame, StackSnapshot{config_, addresses, demux_});
  }
  std::vector<std::byte> UdpV4(uint16_t port, testing::V4Fields fields = {}) {
    testing::DatagramSpec spec;
    spec.destination_port = port;
    spec.payload = testing::BytesOf("hello");
    return EthFrame(kStackMac, kPeerMac, kIpv4,
                    testing::Ipv4Packet(
                        V4(192, 0, 2, 1), V4(192, 0, 2, 2), 17,
                        testing::BuildDatagram(V4(192, 0, 2, 1), V4(192, 0, 2, 2), spec), fields));
  }

  InterfaceConfig config_;
  udp::DemuxTable demux_;
};

TEST_F(ClassifierTest, DeliversUdpToAListener) {
  const FrameDecision d = Classify(UdpV4(7));
  EXPECT_EQ(d.layer, Layer::kUdp);
  EXPECT_EQ(d.verdict, Verdict::kDeliver);
  EXPECT_EQ(d.reason, Reason::kNone);
  const auto& action = std::get<UdpAction>(d.action);
  const auto& deliver = std::get<udp::DeliverVerdict>(action.decision);
  EXPECT_EQ(deliver.payload_length, 5u);
  EXPECT_EQ(deliver.metadata.source.address, V4(192, 0, 2, 1));
}

TEST_F(ClassifierTest, NamesEachLayersRefusal) {
  EXPECT_EQ(Classify(UdpV4(8)).reason, Reason::kUdpNoListener);
  EXPECT_EQ(Classify(UdpV4(7, {.corrupt_checksum = true})).reason, Reason::kIpv4BadChecksum);
  EXPECT_EQ(Classify(UdpV4(7, {.reserved_flag = true})).reason, Reason::kIpv4ReservedFlag);
  std::vector<std::byte> other = UdpV4(7);
  other[0] = std::byte{0x04};  // another unicast MAC
  EXPECT_EQ(Classify(other).reason, Reason::kEthNotForUs);
  std::vector<std::byte> short_frame(10);
  EXPECT_EQ(Classify(short_frame).reason, Reason::kEthTruncatedHeader);
  EXPECT_EQ(Classify(EthFrame(kStackMac, kPeerMac, 0x88CC, {})).reason,
            Reason::kEthUnsupportedType);
  EXPECT_EQ(Classify(EthFrame(kStackMac, kPeerMac, kIpv4, {}, 5)).reason,
            Reason::kEthVlanNotConfigured);
  std::vector<std::byte> truncated = UdpV4(7);
  truncated.resize(30);
  EXPECT_EQ(Classify(truncated).reason, Reason::kIpv4TruncatedHeader);
}

TEST_F(ClassifierTest, VlanConfiguredAcceptsOnlyItsTag) {
  config_.vlan = 5;
  testing::DatagramSpec spec;
  spec.destination_port = 7;
  const auto packet =
      testing::Ipv4Packet(V4(192, 0, 2, 1), V4(192, 0, 2, 2), 17,
                          testing::BuildDatagram(V4(192, 0, 2, 1), V4(192, 0, 2, 2), spec));
  EXPECT_EQ(Classify(EthFrame(kStackMac, kPeerMac, kIpv4, packet, 5)).verdict, Verdict::kDeliver);
  EXPECT_EQ(Classify(EthFrame(kStackMac, kPeerMac, kIpv4, packet, 6)).reason,
            Reason::kEthVlanMismatch);
  EXPECT_EQ(Classify(EthFrame(kStackMac, kPeerMac, kIpv4, packet)).reason,
            Reason::kEthVlanMismatch);
}

TEST_F(ClassifierTest, FragmentsArePending) {
  const FrameDecision d = Classify(UdpV4(7, {.more = true}));
  EXPECT_EQ(d.layer, Layer::kFrag);
  EXPECT_EQ(d.verdict, Verdict::kPending);
  const auto& fragment = std::get<FragmentAction>(d.action).fragment;
  EXPECT_TRUE(fragment.more);
  EXPECT_EQ(fragment.key.identification, 0x1234u);
}

TEST_F(ClassifierTest, ArpRequestForUsIsAnswered) {
  const auto request =
      testing::ArpBody(1, kPeerMac, V4(192, 0, 2, 1), wire::MacAddress{}, V4(192, 0, 2, 2));
  const FrameDecision d =
      Classify(EthFrame(wire::MacAddress::Broadcast(), kPeerMac, 0x0806, request));
  EXPECT_EQ(d.verdict, Verdict::kDeliver);
  EXPECT_TRUE(std::get<ArpAction>(d.action).reply);
  const auto other =
      testing::ArpBody(1, kPeerMac, V4(192, 0, 2, 1), wire::MacAddress{}, V4(192, 0, 2, 3));
  EXPECT_EQ(Classify(EthFrame(wire::MacAddress::Broadcast(), kPeerMac, 0x0806, other)).reason,
            Reason::kArpNotForUs);
  const auto spoof = testing::ArpBody(2, kPeerMac, V4(192, 0, 2, 2), kStackMac, V4(192, 0, 2, 2));
  EXPECT_EQ(Classify(EthFrame(kStackMac, kPeerMac, 0x0806, spoof)).reason, Reason::kArpBadSender);
}

TEST_F(ClassifierTest, EchoOnlyToUnicast) {
  const auto echo = testing::EchoRequest(V4(192, 0, 2, 1), V4(192, 0, 2, 2), 1, 1, {});
  const FrameDecision d =
      Classify(EthFrame(kStackMac, kPeerMac, kIpv4,
                        testing::Ipv4Packet(V4(192, 0, 2, 1), V4(192, 0, 2, 2), 1, echo)));
  EXPECT_EQ(d.layer, Layer::kIcmp);
  EXPECT_EQ(d.verdict, Verdict::kDeliver);
  const auto broadcast = testing::EchoRequest(V4(192, 0, 2, 1), V4(192, 0, 2, 255), 1, 1, {});
  EXPECT_EQ(
      Classify(EthFrame(wire::MacAddress::Broadcast(), kPeerMac, kIpv4,
                        testing::Ipv4Packet(V4(192, 0, 2, 1), V4(192, 0, 2, 255), 1, broadcast)))
          .reason,
      Reason::kIcmpEchoNotUnicast);
  auto bad = echo;
  bad[4] ^= std::byte{1};
  EXPECT_EQ(Classify(EthFrame(kStackMac, kPeerMac, kIpv4,
                              testing::Ipv4Packet(V4(192, 0, 2, 1), V4(192, 0, 2, 2), 1, bad)))
                .reason,
            Reason::kIcmpBadChecksum);
}

TEST_F(ClassifierTest, NeighborSolicitationRules) {
  const auto source = V6("2001:db8::1");
  const auto group = V6("ff02::1:ff00:2");
  const auto ns = testing::NeighborSolicitation(source, group, V6("2001:db8::2"), kPeerMac);
  const wire::MacAddress group_mac{{0x33, 0x33, 0xff, 0x00, 0x00, 0x02}};
  const FrameDecision d = Classify(
      EthFrame(group_mac, kPeerMac, kIpv6, testing::Ipv6Packet(source, group, 58, ns, 255)));
  EXPECT_EQ(d.verdict, Verdict::kDeliver);
  EXPECT_EQ(std::get<NeighborAction>(d.action).message.source_link_layer, kPeerMac);
  EXPECT_EQ(
      Classify(EthFrame(group_mac, kPeerMac, kIpv6, testing::Ipv6Packet(source, group, 58, ns, 64)))
          .reason,
      Reason::kNdpBadHopLimit);
  const auto other = testing::NeighborSolicitation(source, group, V6("2001:db8::3"), kPeerMac);
  EXPECT_EQ(Classify(EthFrame(group_mac, kPeerMac, kIpv6,
                              testing::Ipv6Packet(source, group, 58, other, 255)))
                .reason,
            Reason::kNdpNotForUs);
  const auto dad = testing::NeighborSolicitation(V6("::"), group, V6("2001:db8::2"), kPeerMac);
  EXPECT_EQ(Classify(EthFrame(group_mac, kPeerMac, kIpv6,
                              testing::Ipv6Packet(V6("::"), group, 58, dad, 255)))
                .reason,
            Reason::kNdpBadSource);
}

TEST_F(ClassifierTest, Ipv6FragmentsAndAtomicFragments) {
  const auto source = V6("2001:db8::1");
  const auto us = V6("2001:db8::2");
  const auto data = std::vector<std::byte>(16);
  const FrameDecision pending = Classify(EthFrame(
      kStackMac, kPeerMac, kIpv6,
      testing::Ipv6Packet(source, us, 44, testing::Ipv6FragmentHeader(17, 0, true, 9, data))));
  EXPECT_EQ(pending.verdict, Verdict::kPending);
  EXPECT_EQ(std::get<FragmentAction>(pending.action).fragment.protocol, 17);
  // An atomic fragment is processed as a whole packet.
  const auto echo = testing::EchoRequest(source, us, 1, 1, {});
  const FrameDecision atomic = Classify(EthFrame(
      kStackMac, kPeerMac, kIpv6,
      testing::Ipv6Packet(source, us, 44, testing::Ipv6FragmentHeader(58, 0, false, 9, echo))));
  EXPECT_EQ(atomic.layer, Layer::kIcmp);
  EXPECT_EQ(atomic.verdict, Verdict::kDeliver);
  EXPECT_EQ(Classify(EthFrame(kStackMac, kPeerMac, kIpv6,
                              testing::Ipv6Packet(source, V6("2001:db8::9"), 58, echo)))
                .reason,
            Reason::kIpv6NotForUs);
  EXPECT_EQ(Classify(EthFrame(kStackMac, kPeerMac, kIpv6, testing::Ipv6Packet(source, us, 6, data)))
                .reason,
            Reason::kIpv6UnsupportedProtocol);
}

TEST_F(ClassifierTest, ADropIsDecidedAtItsReasonsLayer) {
  std::vector<std::byte> short_frame(10);
  const FrameDecision d = Classify(short_frame);
  EXPECT_EQ(d.reason, Reason::kEthTruncatedHeader);
  EXPECT_EQ(d.layer, ReasonLayer(d.reason));
  const FrameDecision udp = Classify(UdpV4(8));
  EXPECT_EQ(udp.layer, Layer::kUdp);
  EXPECT_EQ(udp.layer, ReasonLayer(udp.reason));
}

}  // namespace
}  // namespace rampart::stack

namespace rampart::stack {
namespace {

TEST_F(ClassifierTest, AnUnknownOptionToReportCarriesItsPointer) {
  const wire::IpAddress source = V6("2001:db8::1");
  const wire::IpAddress us = V6("2001:db8::2");
  testing::DatagramSpec spec;
  spec.destination_port = 7;
  std::vector<std::byte> chain = testing::Bytes({17, 0, 1, 0, 0x9E, 2, 0, 0});
  const std::vector<std::byte> udp = testing::BuildDatagram(source, us, spec);
  chain.insert(chain.end(), udp.begin(), udp.end());
  const FrameDecision d =
      Classify(EthFrame(kStackMac, kPeerMac, kIpv6, testing::Ipv6Packet(source, us, 60, chain)));
  EXPECT_EQ(d.reason, Reason::kIpv6OptionUnknownReport);
  const auto& problem = std::get<ParameterProblemAction>(d.action);
  EXPECT_EQ(problem.pointer, 40u + 4u);
  EXPECT_EQ(problem.source, source);
  EXPECT_EQ(problem.packet.size(), 40u + chain.size());
}

}  // namespace
}  // namespace rampart::stack
