#include "stack/net_stack.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "netdev/loopback.h"
#include "stack/frames.h"
#include "test_util.h"
#include "wire/ethernet.h"

namespace rampart::stack {
namespace {

using testing::kPeerMac;
using testing::kStackMac;
using testing::RecordingReceiver;
using testing::V4;
using testing::V6;

/// Two stacks on one in-memory cable, with a clock the test moves.
class TwoStacks : public ::testing::Test {
 protected:
  TwoStacks() {
    auto [a, b] = netdev::MakeLinkedPair(kPeerMac, kStackMac);
    device_a_ = std::move(a);
    device_b_ = std::move(b);
    a_ = Make(*device_a_, kPeerMac, "192.0.2.1/24", "2001:db8::1/64", false);
    b_ = Make(*device_b_, kStackMac, "192.0.2.2/24", "2001:db8::2/64", true);
  }
  std::unique_ptr<NetStack> Make(netdev::MemoryDevice& device, wire::MacAddress mac, const char* v4,
                                 const char* v6, bool unreachable) {
    NetStackOptions options;
    options.interface.mac = mac;
    options.interface.ipv4 = IpPrefixAddress::Parse(v4);
    options.interface.ipv6 = IpPrefixAddress::Parse(v6);
    options.port_unreachable = unreachable;
    options.clock_ms = [this] { return now_; };
    auto stack = NetStack::Create(device, std::move(options));
    EXPECT_TRUE(stack.ok()) << stack.status();
    return std::move(stack).value();
  }
  /// Polls both stacks until neither device has frames (bounded).
  void Pump() {
    for (int round = 0; round < 200; ++round) {
      ASSERT_TRUE(a_->Poll(1000).ok());
      ASSERT_TRUE(b_->Poll(1000).ok());
      if (device_a_->queued() == 0 && device_b_->queued() == 0) return;
    }
    FAIL() << "frames kept flowing";
  }
  udp::UdpSocket Listen(NetStack& stack, RecordingReceiver& receiver, wire::IpFamily family,
                        uint16_t port) {
    auto socket = stack.udp().Open(receiver, std::nullopt,
                                   wire::SocketAddress{wire::IpAddress::Unspecified(family), port});
    EXPECT_TRUE(socket.ok());
    return std::move(socket).value();
  }
  absl::Status SendTo(udp::UdpSocket& socket, const wire::SocketAddress& to,
                      const std::vector<std::byte>& payload) {
    udp::IoBuffer buffer = socket.AllocateBuffer(payload.size());
    if (absl::Status s = buffer.Append(payload); !s.ok()) return s;
    udp::TransferMetadata metadata;
    metadata.destination = to;
    return socket.Deliver(std::move(buffer), metadata);
  }

  int64_t now_ = 1000;
  std::unique_ptr<netdev::MemoryDevice> device_a_, device_b_;
  std::unique_ptr<NetStack> a_, b_;
};

std::vector<std::byte> Payload(size_t size) {
  std::vector<std::byte> bytes(size);
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::byte>((i * 31 + 7) & 0xFF);
  return bytes;
}

TEST_F(TwoStacks, UdpOverIpv4AndIpv6WithResolution) {
  RecordingReceiver server, client;
  auto listen4 = Listen(*b_, server, wire::IpFamily::kIpv4, 7);
  auto listen6 = Listen(*b_, server, wire::IpFamily::kIpv6, 7);
  auto sender4 = Listen(*a_, client, wire::IpFamily::kIpv4, 5000);
  auto sender6 = Listen(*a_, client, wire::IpFamily::kIpv6, 5000);
  ASSERT_TRUE(SendTo(sender4, {V4(192, 0, 2, 2), 7}, Payload(100)).ok());
  ASSERT_TRUE(SendTo(sender6, {V6("2001:db8::2"), 7}, Payload(200)).ok());
  Pump();
  ASSERT_EQ(server.received.size(), 2u);
  // The two resolutions race; order the arrivals by size.
  if (server.received[0].payload.size() > server.received[1].payload.size()) {
    std::swap(server.received[0], server.received[1]);
  }
  EXPECT_EQ(server.received[0].payload, Payload(100));
  EXPECT_EQ(server.received[0].metadata.source, (wire::SocketAddress{V4(192, 0, 2, 1), 5000}));
  EXPECT_EQ(server.received[1].payload, Payload(200));
  EXPECT_EQ(server.received[1].metadata.source, (wire::SocketAddress{V6("2001:db8::1"), 5000}));
  EXPECT_EQ(a_->counters().arp_out, 1u);
  EXPECT_EQ(b_->counters().arp_out, 1u);  // the reply
  EXPECT_GE(a_->counters().ndp_out, 1u);
  EXPECT_EQ(a_->arp_cache().pending_packets(), 0u);
}

TEST_F(TwoStacks, LargeDatagramsAreFragmentedAndReassembled) {
  RecordingReceiver server, client;
  auto listen4 = Listen(*b_, server, wire::IpFamily::kIpv4, 7);
  auto listen6 = Listen(*b_, server, wire::IpFamily::kIpv6, 7);
  auto sender4 = Listen(*a_, client, wire::IpFamily::kIpv4, 5000);
  auto sender6 = Listen(*a_, client, wire::IpFamily::kIpv6, 5000);
  a_->SetNeighbor(V4(192, 0, 2, 2), kStackMac);
  a_->SetNeighbor(V6("2001:db8::2"), kStackMac);
  ASSERT_TRUE(SendTo(sender4, {V4(192, 0, 2, 2), 7}, Payload(65507)).ok());
  ASSERT_TRUE(SendTo(sender6, {V6("2001:db8::2"), 7}, Payload(65527)).ok());
  ASSERT_TRUE(SendTo(sender4, {V4(192, 0, 2, 2), 7}, Payload(1473)).ok());
  Pump();
  ASSERT_EQ(server.received.size(), 3u);
  // Delivery is round-robin across the two connections: order by size.
  std::sort(server.received.begin(), server.received.end(),
            [](const auto& x, const auto& y) { return x.payload.size() < y.payload.size(); });
  EXPECT_EQ(server.received[0].payload, Payload(1473));
  EXPECT_EQ(server.received[1].payload, Payload(65507));
  EXPECT_EQ(server.received[2].payload, Payload(65527));
  EXPECT_EQ(b_->reassembler().counters().completed, 3u);
  EXPECT_EQ(b_->reassembler().bytes_in_use(), 0u);
  EXPECT_GT(a_->counters().ip_frag_creates, 90u);
}

TEST_F(TwoStacks, EchoRequestsAreAnswered) {
  const auto echo = testing::EchoRequest(V4(192, 0, 2, 1), V4(192, 0, 2, 2), 0x77, 3,
                                         testing::BytesOf("ping data"));
  b_->SetNeighbor(V4(192, 0, 2, 1), kPeerMac);
  const FrameOutcome outcome = b_->ReceiveFrame(
      testing::EthFrame(kStackMac, kPeerMac, 0x0800,
                        testing::Ipv4Packet(V4(192, 0, 2, 1), V4(192, 0, 2, 2), 1, echo)));
  EXPECT_EQ(outcome.layer, Layer::kIcmp);
  EXPECT_EQ(outcome.verdict, Verdict::kDeliver);
  ASSERT_EQ(device_a_->queued(), 1u);
  std::vector<std::byte> reply;
  ASSERT_TRUE(
      device_a_->Poll([&](const RxFrame& f) { reply.assign(f.bytes.begin(), f.bytes.end()); }, 1)
          .ok());
  // Ethernet 14 + IPv4 20, then the ICMP message: type 0, same id/seq/data.
  ASSERT_GE(reply.size(), 34u + echo.size());
  EXPECT_EQ(reply[34], std::byte{0});
  EXPECT_TRUE(std::equal(echo.begin() + 4, echo.end(), reply.begin() + 38));
  std::vector<std::byte> message(reply.begin() + 34,
                                 reply.begin() + 34 + static_cast<long>(echo.size()));
  EXPECT_EQ(testing::ReferenceChecksum({message}), 0);
  EXPECT_EQ(b_->counters().icmp_out_echo_reps, 1u);
}

TEST_F(TwoStacks, PortUnreachableIsSentRateLimitedAndNeverForBroadcast) {
  RecordingReceiver client;
  auto sender = Listen(*a_, client, wire::IpFamily::kIpv4, 5000);
  a_->SetNeighbor(V4(192, 0, 2, 2), kStackMac);
  b_->SetNeighbor(V4(192, 0, 2, 1), kPeerMac);
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(SendTo(sender, {V4(192, 0, 2, 2), 9}, Payload(10)).ok());
  Pump();
  EXPECT_EQ(b_->counters().icmp_out_unreachs, 10u);  // the burst
  EXPECT_EQ(b_->counters().icmp_rate_limited, 20u);
  EXPECT_EQ(a_->counters().icmp_in_errors, 10u);
  EXPECT_EQ(b_->udp().counters().no_ports(), 30u);
  now_ += 1000;  // ten more tokens
  ASSERT_TRUE(SendTo(sender, {V4(192, 0, 2, 255), 9}, Payload(10)).ok());
  Pump();
  EXPECT_EQ(b_->counters().icmp_out_unreachs, 10u);
  EXPECT_EQ(b_->udp().counters().no_ports(), 31u);
}

TEST_F(TwoStacks, UnresolvedNeighborsGiveUpAndCount) {
  RecordingReceiver client;
  auto sender = Listen(*a_, client, wire::IpFamily::kIpv4, 5000);
  ASSERT_TRUE(SendTo(sender, {V4(192, 0, 2, 99), 9}, Payload(10)).ok());
  for (int i = 0; i < 5; ++i) {
    now_ += 1000;
    a_->Tick();
  }
  EXPECT_EQ(a_->counters().drop_count(Reason::kNeighUnresolved), 1u);
  EXPECT_EQ(a_->counters().arp_out, 3u);
  EXPECT_EQ(a_->arp_cache().size(), 0u);
}

TEST_F(TwoStacks, IncompleteDatagramsTimeOut) {
  testing::DatagramSpec spec;
  spec.destination_port = 7;
  spec.payload = Payload(64);
  auto datagram = testing::BuildDatagram(V4(192, 0, 2, 1), V4(192, 0, 2, 2), spec);
  datagram.resize(40);
  const auto frame = testing::EthFrame(
      kStackMac, kPeerMac, 0x0800,
      testing::Ipv4Packet(V4(192, 0, 2, 1), V4(192, 0, 2, 2), 17, datagram, {.more = true}));
  EXPECT_EQ(b_->ReceiveFrame(frame).verdict, Verdict::kPending);
  EXPECT_EQ(b_->ReceiveFrame(frame).reason, Reason::kFragOverlap);
  EXPECT_EQ(b_->ReceiveFrame(frame).verdict, Verdict::kPending);
  now_ += 30'000;
  b_->Tick();
  EXPECT_EQ(b_->counters().drop_count(Reason::kFragTimeout), 1u);
  EXPECT_EQ(b_->reassembler().bytes_in_use(), 0u);
  const std::string json = b_->CountersJson();
  EXPECT_NE(json.find("\"frag_overlap\":1"), std::string::npos) << json;
  EXPECT_NE(json.find("\"InDatagrams\":0"), std::string::npos) << json;
}

TEST_F(TwoStacks, TransmitRefusesWhatCannotBeRouted) {
  RecordingReceiver client;
  auto sender = Listen(*a_, client, wire::IpFamily::kIpv4, 5000);
  EXPECT_FALSE(SendTo(sender, {V4(203, 0, 113, 1), 9}, Payload(10)).ok());
  EXPECT_EQ(a_->counters().drop_count(Reason::kTxNoRoute), 1u);
  EXPECT_EQ(a_->udp().counters().out_errors, 1u);
}

TEST(NetStackTest, RefusesABadInterface) {
  auto device = netdev::MakeDiscard(kStackMac);
  NetStackOptions options;
  options.interface.mac = wire::MacAddress::Broadcast();
  EXPECT_FALSE(NetStack::Create(*device, std::move(options)).ok());
}

}  // namespace
}  // namespace rampart::stack

namespace rampart::stack {
namespace {

/// Decide once: NetStack applies the decision it is given, not one of its
/// own. A UDP verdict changed after ClassifyFrame changes what is
/// delivered, so the decision the fuzzers check is the one that acts.
TEST_F(TwoStacks, TheStackAppliesTheClassifiersUdpVerdictAsItIs) {
  RecordingReceiver seven, nine;
  udp::UdpSocket s7 = Listen(*b_, seven, wire::IpFamily::kIpv4, 7);
  udp::UdpSocket s9 = Listen(*b_, nine, wire::IpFamily::kIpv4, 9);
  testing::DatagramSpec spec;
  spec.destination_port = 7;
  spec.payload = testing::BytesOf("abcdef");
  const std::vector<std::byte> frame = testing::EthFrame(
      kStackMac, kPeerMac, 0x0800,
      testing::Ipv4Packet(V4(192, 0, 2, 1), V4(192, 0, 2, 2), 17,
                          testing::BuildDatagram(V4(192, 0, 2, 1), V4(192, 0, 2, 2), spec)));

  // As decided: all six bytes to port 7.
  FrameDecision decision = ClassifyFrame(frame, b_->snapshot());
  ASSERT_EQ(b_->ApplyDecision(decision, frame).verdict, Verdict::kDeliver);
  b_->udp().DeliverQueued();
  ASSERT_EQ(seven.received.size(), 1u);
  EXPECT_EQ(seven.received[0].payload, testing::BytesOf("abcdef"));

  // The same frame, the verdict edited: the stack follows the edit, to
  // another connection and another slice, without a second opinion.
  auto& action = std::get<UdpAction>(decision.action);
  auto& deliver = std::get<udp::DeliverVerdict>(action.decision);
  deliver.connection = s9.id();
  deliver.payload_offset += 2;
  deliver.payload_length = 3;
  ASSERT_EQ(b_->ApplyDecision(decision, frame).verdict, Verdict::kDeliver);
  b_->udp().DeliverQueued();
  EXPECT_EQ(seven.received.size(), 1u);
  ASSERT_EQ(nine.received.size(), 1u);
  EXPECT_EQ(nine.received[0].payload, testing::BytesOf("cde"));

  // Turned into a drop: nothing is delivered, and the drop is counted
  // under the reason the decision names.
  action.decision = udp::DropVerdict{Reason::kUdpPeerMismatch};
  decision.verdict = Verdict::kDrop;
  decision.reason = Reason::kUdpPeerMismatch;
  const FrameOutcome dropped = b_->ApplyDecision(decision, frame);
  EXPECT_EQ(dropped.reason, Reason::kUdpPeerMismatch);
  b_->udp().DeliverQueued();
  EXPECT_EQ(seven.received.size() + nine.received.size(), 2u);
  EXPECT_EQ(b_->udp().counters().drop_count(Reason::kUdpPeerMismatch), 1u);
}

}  // namespace
}  // namespace rampart::stack

namespace rampart::stack {
namespace {

/// RFC 8200 4.2: an unknown Destination Options entry whose type starts
/// with bits 10 drops the packet and is answered with ICMPv6 Parameter
/// Problem code 2, pointing at the option; bits 01 drop it silently.
TEST_F(TwoStacks, UnknownIpv6OptionsAreDroppedAndReportedAsTheirBitsSay) {
  testing::DatagramSpec spec;
  spec.destination_port = 7;
  const wire::IpAddress a6 = V6("2001:db8::1");
  const wire::IpAddress b6 = V6("2001:db8::2");
  const std::vector<std::byte> udp = testing::BuildDatagram(a6, b6, spec);
  const auto frame_with = [&](uint8_t option_type) {
    std::vector<std::byte> options = testing::Bytes({17, 0, 1, 0, option_type, 2, 0, 0});
    options.insert(options.end(), udp.begin(), udp.end());
    return testing::EthFrame(kStackMac, kPeerMac, 0x86DD, testing::Ipv6Packet(a6, b6, 60, options));
  };
  b_->SetNeighbor(a6, kPeerMac);
  const size_t before = device_b_->queued() + device_a_->queued();
  const FrameOutcome discarded = b_->ReceiveFrame(frame_with(0x5E));
  EXPECT_EQ(discarded.reason, Reason::kIpv6OptionUnknownDiscard);
  EXPECT_EQ(b_->counters().icmp_out_parm_probs, 0u);
  const FrameOutcome reported = b_->ReceiveFrame(frame_with(0x9E));
  EXPECT_EQ(reported.verdict, Verdict::kDrop);
  EXPECT_EQ(reported.reason, Reason::kIpv6OptionUnknownReport);
  EXPECT_EQ(b_->counters().icmp_out_parm_probs, 1u);
  EXPECT_EQ(b_->counters().drop_count(Reason::kIpv6OptionUnknownReport), 1u);
  // The report went out on the wire to A: type 4, code 2, pointer 44
  // (40-byte IPv6 header + the option at offset 4 of the extension).
  EXPECT_EQ(device_b_->queued() + device_a_->queued(), before + 1);
  EXPECT_EQ(a_->counters().frames_in, 0u);
  ASSERT_TRUE(a_->Poll(10).ok());
  EXPECT_EQ(a_->counters().frames_in, 1u);
}

}  // namespace
}  // namespace rampart::stack
