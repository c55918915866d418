// The stateful shell: opening, binding, closing, queues, counters, tx.
#include "udp/udp_stack.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "test_util.h"
#include "udp/socket_openers.h"

namespace rampart::udp {
namespace {

using testing::BuildDatagram;
using testing::BytesOf;
using testing::FixedRandom;
using testing::RecordingReceiver;
using testing::V4;
using testing::V6;
using wire::IpAddress;
using wire::IpFamily;
using wire::SocketAddress;

const IpAddress kHost4 = V4(192, 0, 2, 1);
const IpAddress kPeer4 = V4(198, 51, 100, 7);
const IpAddress kHost6 = V6("2001:db8::1");
const IpAddress kPeer6 = V6("2001:db8::7");

class UdpStackTest : public ::testing::Test {
 protected:
  void SetUp() override { Make({}); }
  void Make(UdpStackOptions options) {
    if (options.random == nullptr) {
      options.random = std::make_unique<FixedRandom>(std::vector<uint32_t>{0});
    }
    auto made = UdpStack::Create(net_, std::move(options));
    ASSERT_TRUE(made.ok()) << made.status();
    stack_ = std::move(*made);
  }
  /// Feeds a hand-built datagram as if from the IP layer.
  RxDecision Feed(IpAddress src, IpAddress dst, const testing::DatagramSpec& spec) {
    return stack_->Receive(BuildDatagram(src, dst, spec), RxFacts{src, dst});
  }
  IoBuffer Payload(std::string_view text) {
    IoBuffer b = stack_->AllocateBuffer(text.size());
    EXPECT_TRUE(b.Append(BytesOf(text)).ok());
    return b;
  }

  InMemoryNetworkLayer net_{kHost4, kHost6};
  std::unique_ptr<UdpStack> stack_;
  RecordingReceiver rx_;
};

TEST_F(UdpStackTest, OpenWithExplicitPortBindsIt) {
  auto s = stack_->Open(rx_, SocketAddress{kPeer4, 53}, SocketAddress{kHost4, 5353});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(*s->LocalAddress(), (SocketAddress{kHost4, 5353}));
  EXPECT_TRUE(stack_->demux().Contains({kHost4, 5353}));
}

TEST_F(UdpStackTest, ExplicitPortInUseIsAClearError) {
  auto a = stack_->Open(rx_, std::nullopt, SocketAddress{kHost4, 5353});
  ASSERT_TRUE(a.ok());
  // Another address on the same port and family is still in use (the seed's rule).
  auto b = stack_->Open(rx_, std::nullopt, SocketAddress{V4(192, 0, 2, 2), 5353});
  EXPECT_EQ(b.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(b.status().message().find("5353"), std::string::npos);
  EXPECT_NE(b.status().message().find("in use"), std::string::npos);
  // The other family's port 5353 is free.
  EXPECT_TRUE(stack_->Open(rx_, std::nullopt, SocketAddress{kHost6, 5353}).ok());
}

TEST_F(UdpStackTest, SharingByAddressNeedsEveryOwnerToAgree) {
  OpenOptions share{.share_port_by_address = true};
  auto exact = stack_->Open(rx_, std::nullopt, SocketAddress{kHost4, 9000}, share);
  ASSERT_TRUE(exact.ok());
  auto wild = stack_->Open(rx_, std::nullopt,
                           SocketAddress{IpAddress::Unspecified(IpFamily::kIpv4), 9000}, share);
  ASSERT_TRUE(wild.ok()) << wild.status();
  // Same exact address again: refused even with sharing.
  EXPECT_FALSE(stack_->Open(rx_, std::nullopt, SocketAddress{kHost4, 9000}, share).ok());
  // A non-sharing opener is refused.
  EXPECT_FALSE(stack_->Open(rx_, std::nullopt, SocketAddress{V4(192, 0, 2, 3), 9000}).ok());
  // Exact wins for its address, wildcard takes the rest.
  Feed(kPeer4, kHost4, {.destination_port = 9000});
  Feed(kPeer4, V4(192, 0, 2, 50), {.destination_port = 9000});
  EXPECT_EQ(stack_->QueuedDatagrams(exact->id()), 1u);
  EXPECT_EQ(stack_->QueuedDatagrams(wild->id()), 1u);
}

TEST_F(UdpStackTest, PortZeroPicksFromTheEphemeralRange) {
  Make({.ephemeral_range = {50000, 50009},
        .random = std::make_unique<FixedRandom>(std::vector<uint32_t>{3})});
  auto s = stack_->Open(rx_, SocketAddress{kPeer4, 53}, std::nullopt);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->LocalAddress()->port, 50003);  // start = first + random % size
  EXPECT_TRUE(s->LocalAddress()->address.is_unspecified());
}

TEST_F(UdpStackTest, EphemeralSelectionProbesPastUsedPorts) {
  Make({.ephemeral_range = {50000, 50009},
        .random = std::make_unique<FixedRandom>(std::vector<uint32_t>{9, 9, 9})});
  auto a = stack_->Open(rx_, SocketAddress{kPeer4, 53}, std::nullopt);
  auto b = stack_->Open(rx_, SocketAddress{kPeer4, 53}, std::nullopt);
  auto c = stack_->Open(rx_, SocketAddress{kPeer4, 53}, std::nullopt);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->LocalAddress()->port, 50009);
  EXPECT_EQ(b->LocalAddress()->port, 50000);  // wrapped
  EXPECT_EQ(c->LocalAddress()->port, 50001);
}

TEST_F(UdpStackTest, EphemeralExhaustionIsAClearErrorAndRecovers) {
  Make({.ephemeral_range = {60000, 60031}});
  std::vector<UdpSocket> sockets;
  for (int i = 0; i < 32; ++i) {
    auto s = stack_->Open(rx_, SocketAddress{kPeer4, 53}, std::nullopt);
    ASSERT_TRUE(s.ok()) << i;
    sockets.push_back(std::move(*s));
  }
  auto full = stack_->Open(rx_, SocketAddress{kPeer4, 53}, std::nullopt);
  EXPECT_EQ(full.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(full.status().message().find("60000-60031"), std::string::npos);
  // IPv6 has its own ports.
  EXPECT_TRUE(stack_->Open(rx_, SocketAddress{kPeer6, 53}, std::nullopt).ok());
  sockets.erase(sockets.begin() + 5);
  EXPECT_TRUE(stack_->Open(rx_, SocketAddress{kPeer4, 53}, std::nullopt).ok());
}

TEST_F(UdpStackTest, PrivilegedRangeOnRequest) {
  auto s = stack_->Open(rx_, SocketAddress{kPeer4, 53}, std::nullopt,
                        OpenOptions{.privileged_port = true});
  ASSERT_TRUE(s.ok());
  EXPECT_GE(s->LocalAddress()->port, 1);
  EXPECT_LE(s->LocalAddress()->port, 1023);
}

TEST_F(UdpStackTest, BadEphemeralRangeIsRefusedAtCreate) {
  InMemoryNetworkLayer net(std::nullopt, std::nullopt);
  EXPECT_FALSE(UdpStack::Create(net, {.ephemeral_range = {0, 10}}).ok());
  EXPECT_FALSE(UdpStack::Create(net, {.ephemeral_range = {200, 100}}).ok());
}

TEST_F(UdpStackTest, OpenArgumentErrors) {
  EXPECT_EQ(stack_->Open(rx_, std::nullopt, std::nullopt).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(stack_->Open(rx_, SocketAddress{kPeer6, 1}, SocketAddress{kHost4, 2}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(stack_->Open(rx_, std::nullopt, SocketAddress{V4(224, 0, 0, 1), 5}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      stack_->Open(rx_, std::nullopt, SocketAddress{kHost4, 5}, OpenOptions{.strict_peer = true})
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
}

TEST_F(UdpStackTest, OnlyOnePromiscuousListener) {
  auto a = stack_->OpenPromiscuous(rx_);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(stack_->OpenPromiscuous(rx_).status().code(), absl::StatusCode::kAlreadyExists);
  a->Close(absl::OkStatus());
  EXPECT_TRUE(stack_->OpenPromiscuous(rx_).ok());
}

TEST_F(UdpStackTest, ReceiveQueuesThenDeliversWithMetadata) {
  auto s = stack_->Open(rx_, std::nullopt, SocketAddress{kHost4, 53});
  ASSERT_TRUE(s.ok());
  Feed(kPeer4, kHost4, {.source_port = 777, .payload = BytesOf("one"), .trailer = BytesOf("junk")});
  Feed(kPeer4, kHost4, {.source_port = 778, .payload = BytesOf("two")});
  EXPECT_EQ(stack_->QueuedDatagrams(s->id()), 2u);
  EXPECT_TRUE(rx_.received.empty());
  EXPECT_EQ(stack_->DeliverQueued(), 2u);
  ASSERT_EQ(rx_.received.size(), 2u);
  EXPECT_EQ(rx_.received[0].payload, BytesOf("one"));
  EXPECT_EQ(rx_.received[0].metadata.source, (SocketAddress{kPeer4, 777}));
  EXPECT_EQ(rx_.received[0].metadata.destination, (SocketAddress{kHost4, 53}));
  EXPECT_EQ(rx_.received[1].payload, BytesOf("two"));
  EXPECT_EQ(stack_->counters().in_datagrams, 2u);
}

TEST_F(UdpStackTest, DeliverBudgetIsHonoured) {
  auto s = stack_->Open(rx_, std::nullopt, SocketAddress{kHost4, 53});
  for (int i = 0; i < 5; ++i) Feed(kPeer4, kHost4, {});
  EXPECT_EQ(stack_->DeliverQueued(2), 2u);
  EXPECT_EQ(stack_->QueuedDatagrams(s->id()), 3u);
  EXPECT_EQ(stack_->DeliverQueued(), 3u);
}

TEST_F(UdpStackTest, QueueOverflowIsCountedAsRcvbufErrors) {
  Make({.max_queued_datagrams = 2, .max_queued_bytes = 1000});
  auto s = stack_->Open(rx_, std::nullopt, SocketAddress{kHost4, 53});
  for (int i = 0; i < 3; ++i) Feed(kPeer4, kHost4, {.payload = BytesOf("x")});
  RxDecision r = Feed(kPeer4, kHost4, {.payload = BytesOf("x")});
  EXPECT_EQ(std::get<DropVerdict>(r).reason, Reason::kUdpReceiveQueueFull);
  EXPECT_EQ(stack_->counters().in_datagrams, 2u);
  EXPECT_EQ(stack_->counters().rcvbuf_errors(), 2u);
  EXPECT_EQ(stack_->counters().drop_count(Reason::kUdpReceiveQueueFull), 2u);
  EXPECT_EQ(stack_->counters().in_errors(), 2u);
}

TEST_F(UdpStackTest, QueueByteBoundIsCounted) {
  Make({.max_queued_datagrams = 100, .max_queued_bytes = 10});
  auto s = stack_->Open(rx_, std::nullopt, SocketAddress{kHost4, 53});
  EXPECT_TRUE(
      std::holds_alternative<DeliverVerdict>(Feed(kPeer4, kHost4, {.payload = BytesOf("123456")})));
  EXPECT_EQ(std::get<DropVerdict>(Feed(kPeer4, kHost4, {.payload = BytesOf("12345")})).reason,
            Reason::kUdpReceiveQueueBytesFull);
  EXPECT_TRUE(
      std::holds_alternative<DeliverVerdict>(Feed(kPeer4, kHost4, {.payload = BytesOf("1234")})));
  stack_->DeliverQueued();
  EXPECT_TRUE(
      std::holds_alternative<DeliverVerdict>(Feed(kPeer4, kHost4, {.payload = BytesOf("12345")})));
}

TEST_F(UdpStackTest, CloseWhileQueuedDiscardsAndCountsAndNotifiesOnce) {
  auto s = stack_->Open(rx_, std::nullopt, SocketAddress{kHost4, 53});
  ASSERT_TRUE(s.ok());
  ConnectionId id = s->id();
  Feed(kPeer4, kHost4, {});
  Feed(kPeer4, kHost4, {});
  s->Close(absl::AbortedError("shutting down"));
  s->Close(absl::OkStatus());  // idempotent
  EXPECT_EQ(stack_->counters().drop_count(Reason::kUdpConnectionClosed), 2u);
  ASSERT_EQ(rx_.closes.size(), 1u);
  EXPECT_EQ(rx_.closes[0].code(), absl::StatusCode::kAborted);
  EXPECT_EQ(stack_->DeliverQueued(), 0u);
  EXPECT_TRUE(rx_.received.empty());
  EXPECT_EQ(stack_->Close(id, absl::OkStatus()).code(), absl::StatusCode::kNotFound);
  // The port is free again and traffic to it is NoPorts.
  EXPECT_EQ(std::get<DropVerdict>(Feed(kPeer4, kHost4, {})).reason, Reason::kUdpNoListener);
  EXPECT_TRUE(stack_->Open(rx_, std::nullopt, SocketAddress{kHost4, 53}).ok());
}

TEST_F(UdpStackTest, SocketHandleClosesOnDestruction) {
  {
    auto s = stack_->Open(rx_, std::nullopt, SocketAddress{kHost4, 53});
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(stack_->connection_count(), 1u);
  }
  EXPECT_EQ(stack_->connection_count(), 0u);
  EXPECT_EQ(rx_.closes.size(), 1u);
}

// A receiver that closes its own connection from inside Deliver.
class SelfClosingReceiver : public RecordingReceiver {
 public:
  absl::Status Deliver(IoBuffer data, const TransferMetadata& metadata) override {
    (void)RecordingReceiver::Deliver(std::move(data), metadata);
    if (socket != nullptr) socket->Close(absl::CancelledError("enough"));
    return absl::OkStatus();
  }
  UdpSocket* socket = nullptr;
};

TEST_F(UdpStackTest, ReceiverMayCloseItselfDuringDelivery) {
  SelfClosingReceiver rx;
  auto s = stack_->Open(rx, std::nullopt, SocketAddress{kHost4, 53});
  ASSERT_TRUE(s.ok());
  rx.socket = &*s;
  for (int i = 0; i < 3; ++i) Feed(kPeer4, kHost4, {});
  EXPECT_EQ(stack_->DeliverQueued(), 1u);
  EXPECT_EQ(rx.received.size(), 1u);
  EXPECT_EQ(rx.closes.size(), 1u);
  EXPECT_EQ(stack_->counters().drop_count(Reason::kUdpConnectionClosed), 2u);
}

TEST_F(UdpStackTest, SocketOutlivingItsStackFailsCleanly) {
  auto s = stack_->Open(rx_, std::nullopt, SocketAddress{kHost4, 53});
  ASSERT_TRUE(s.ok());
  UdpSocket socket = std::move(*s);
  stack_.reset();
  ASSERT_EQ(rx_.closes.size(), 1u);
  EXPECT_EQ(rx_.closes[0].code(), absl::StatusCode::kCancelled);
  EXPECT_FALSE(socket.is_open());
  EXPECT_EQ(socket.Deliver(IoBuffer(0, 0), {}).code(), absl::StatusCode::kFailedPrecondition);
  socket.Close(absl::OkStatus());
}

TEST_F(UdpStackTest, EveryReceiveDropIsCountedByReasonAndAggregate) {
  auto s = stack_->Open(rx_, std::nullopt, SocketAddress{kHost4, 53});
  auto s6 = stack_->Open(rx_, std::nullopt, SocketAddress{kHost6, 53});
  stack_->Receive(testing::Bytes({1, 2, 3}), {kPeer4, kHost4});
  Feed(kPeer4, kHost4, {.length_field = 4});
  Feed(kPeer6, kHost6, {.length_field = 0});
  Feed(kPeer4, kHost4, {.length_field = 100});
  Feed(V4(224, 0, 0, 1), kHost4, {});
  Feed(kPeer4, kHost4, {.destination_port = 0});
  Feed(kPeer4, kHost4, {.checksum_field = 0x0101});
  Feed(kPeer6, kHost6, {.checksum_field = 0});
  Feed(kPeer4, kHost4, {.destination_port = 99});
  stack_->Receive(BuildDatagram(kPeer4, kHost4, {}), {kPeer6, kHost4});
  const UdpCounters& c = stack_->counters();
  for (Reason r :
       {Reason::kUdpTruncatedHeader, Reason::kUdpLengthBelowHeader, Reason::kUdpIpv6Jumbogram,
        Reason::kUdpLengthExceedsPacket, Reason::kUdpSourceNotUnicast,
        Reason::kUdpDestinationPortZero, Reason::kUdpChecksumMismatch, Reason::kUdpIpv6ZeroChecksum,
        Reason::kUdpNoListener, Reason::kUdpAddressFamilyMismatch}) {
    EXPECT_EQ(c.drop_count(r), 1u) << ReasonName(r);
  }
  EXPECT_EQ(c.no_ports(), 1u);
  EXPECT_EQ(c.in_csum_errors(), 2u);
  EXPECT_EQ(c.in_errors(), 9u);
  EXPECT_EQ(c.in_datagrams, 0u);
}

TEST_F(UdpStackTest, PeerMismatchCountsAsNoPorts) {
  auto s = stack_->Open(rx_, SocketAddress{kPeer4, 4000}, SocketAddress{kHost4, 53},
                        OpenOptions{.strict_peer = true});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(std::get<DropVerdict>(Feed(kPeer4, kHost4, {.source_port = 4001})).reason,
            Reason::kUdpPeerMismatch);
  EXPECT_EQ(stack_->counters().no_ports(), 1u);
  EXPECT_EQ(stack_->counters().drop_count(Reason::kUdpPeerMismatch), 1u);
  EXPECT_EQ(stack_->counters().in_errors(), 0u);
  EXPECT_TRUE(std::holds_alternative<DeliverVerdict>(Feed(kPeer4, kHost4, {.source_port = 4000})));
}

// ---- transmit ----

TEST_F(UdpStackTest, SendUsesConnectionDefaultsAndAValidChecksum) {
  auto s = stack_->Open(rx_, SocketAddress{kPeer4, 53}, SocketAddress{kHost4, 5000});
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s->Deliver(Payload("query"), {}).ok());
  auto sent = net_.TakeSent();
  ASSERT_EQ(sent.size(), 1u);
  std::vector<std::byte> wire(sent[0].packet.data().begin(), sent[0].packet.data().end());
  EXPECT_EQ(wire, BuildDatagram(
                      kHost4, kPeer4,
                      {.source_port = 5000, .destination_port = 53, .payload = BytesOf("query")}));
  EXPECT_EQ(sent[0].facts.source, kHost4);
  EXPECT_EQ(sent[0].facts.destination, kPeer4);
  EXPECT_EQ(sent[0].facts.protocol, 17);
  EXPECT_GE(sent[0].packet.headroom(), InMemoryNetworkLayer::kHeaderRoom);
  EXPECT_EQ(stack_->counters().out_datagrams, 1u);
}

TEST_F(UdpStackTest, SendOverridesSourceAndDestination) {
  auto s = stack_->Open(rx_, SocketAddress{kPeer6, 53}, std::nullopt);
  ASSERT_TRUE(s.ok());
  SocketAddress dst{V6("2001:db8::99"), 99};
  SocketAddress src{V6("2001:db8::5"), 4444};
  ASSERT_TRUE(s->Deliver(Payload("x"), {.source = src, .destination = dst}).ok());
  auto sent = net_.TakeSent();
  ASSERT_EQ(sent.size(), 1u);
  std::vector<std::byte> wire(sent[0].packet.data().begin(), sent[0].packet.data().end());
  EXPECT_EQ(wire,
            BuildDatagram(src.address, dst.address,
                          {.source_port = 4444, .destination_port = 99, .payload = BytesOf("x")}));
}

TEST_F(UdpStackTest, WildcardSourceAsksTheNetworkLayer) {
  auto s = stack_->Open(rx_, SocketAddress{kPeer6, 53}, std::nullopt);
  ASSERT_TRUE(s->Deliver(Payload("hi"), {}).ok());
  auto sent = net_.TakeSent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].facts.source, kHost6);
  uint16_t port = s->LocalAddress()->port;
  std::vector<std::byte> wire(sent[0].packet.data().begin(), sent[0].packet.data().end());
  EXPECT_EQ(wire,
            BuildDatagram(kHost6, kPeer6,
                          {.source_port = port, .destination_port = 53, .payload = BytesOf("hi")}));
}

TEST_F(UdpStackTest, ComputedZeroChecksumIsSentAsFFFF) {
  auto s = stack_->Open(rx_, SocketAddress{kPeer4, 53}, SocketAddress{kHost4, 5000});
  auto probe = BuildDatagram(kHost4, kPeer4,
                             {.source_port = 5000,
                              .destination_port = 53,
                              .payload = testing::Bytes({0, 0}),
                              .checksum_field = 0});
  uint16_t sum = static_cast<uint16_t>(
      ~testing::ReferenceChecksum({testing::ReferencePseudoHeader(kHost4, kPeer4, 10), probe}));
  uint16_t w = static_cast<uint16_t>(~sum);
  IoBuffer b = stack_->AllocateBuffer(2);
  ASSERT_TRUE(b.Append(testing::Bytes({w >> 8, w & 0xFF})).ok());
  ASSERT_TRUE(s->Deliver(std::move(b), {}).ok());
  auto sent = net_.TakeSent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].packet.data()[6], std::byte{0xFF});
  EXPECT_EQ(sent[0].packet.data()[7], std::byte{0xFF});
}

TEST_F(UdpStackTest, SendErrorsAreClear) {
  auto nopeer = stack_->Open(rx_, std::nullopt, SocketAddress{kHost4, 5000});
  EXPECT_EQ(nopeer->Deliver(Payload("x"), {}).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(nopeer->Deliver(Payload("x"), {.destination = SocketAddress{kPeer4, 0}}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(nopeer->Deliver(Payload("x"), {.destination = SocketAddress{kPeer6, 9}}).code(),
            absl::StatusCode::kInvalidArgument);
  IoBuffer huge(64, 65528);
  ASSERT_TRUE(huge.Put(65528).ok());
  EXPECT_EQ(nopeer->Deliver(std::move(huge), {.destination = SocketAddress{kPeer4, 9}}).code(),
            absl::StatusCode::kInvalidArgument);
  auto promisc = stack_->OpenPromiscuous(rx_);
  EXPECT_EQ(promisc->Deliver(Payload("x"), {.destination = SocketAddress{kPeer4, 9}}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(stack_->Send(ConnectionId{999}, Payload("x")).code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(net_.TakeSent().empty());
}

TEST_F(UdpStackTest, LargestPayloadIsSent) {
  auto s = stack_->Open(rx_, SocketAddress{kPeer4, 9}, SocketAddress{kHost4, 5000});
  IoBuffer max(0, 65527);  // no headroom: Send must add it
  ASSERT_TRUE(max.Put(65527).ok());
  ASSERT_TRUE(s->Deliver(std::move(max), {}).ok());
  auto sent = net_.TakeSent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].packet.size(), 65535u);
  EXPECT_EQ(sent[0].packet.data()[4], std::byte{0xFF});
  EXPECT_EQ(sent[0].packet.data()[5], std::byte{0xFF});
}

TEST_F(UdpStackTest, NetworkFailuresAreReturnedAndCounted) {
  auto s = stack_->Open(rx_, SocketAddress{kPeer4, 9}, SocketAddress{kHost4, 5000});
  net_.FailTransmitWith(absl::UnavailableError("link down"));
  EXPECT_EQ(s->Deliver(Payload("x"), {}).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(stack_->counters().out_errors, 1u);
  InMemoryNetworkLayer no_source(std::nullopt, std::nullopt);
  auto other = UdpStack::Create(no_source, {});
  auto t = (*other)->Open(rx_, SocketAddress{kPeer4, 9}, std::nullopt);
  EXPECT_EQ(t->Deliver(IoBuffer(0, 0), {}).code(), absl::StatusCode::kUnavailable);
}

TEST_F(UdpStackTest, ReceiverCanEchoFromInsideDeliver) {
  class Echo : public DataTransfer {
   public:
    absl::Status Deliver(IoBuffer data, const TransferMetadata& meta) override {
      return socket->Deliver(std::move(data),
                             {.source = meta.destination, .destination = meta.source});
    }
    void Close(absl::Status) override {}
    UdpSocket* socket = nullptr;
  } echo;
  auto s = stack_->Open(echo, std::nullopt, SocketAddress{kHost4, 7});
  echo.socket = &*s;
  Feed(kPeer4, kHost4, {.source_port = 3000, .destination_port = 7, .payload = BytesOf("ping")});
  stack_->DeliverQueued();
  auto sent = net_.TakeSent();
  ASSERT_EQ(sent.size(), 1u);
  std::vector<std::byte> wire(sent[0].packet.data().begin(), sent[0].packet.data().end());
  EXPECT_EQ(wire, BuildDatagram(
                      kHost4, kPeer4,
                      {.source_port = 7, .destination_port = 3000, .payload = BytesOf("ping")}));
}

// ---- openers ----

TEST_F(UdpStackTest, SocketOpenersCheckFamily) {
  ASSERT_EQ(SocketOpeners().size(), 2u);
  for (const SocketOpener& opener : SocketOpeners()) {
    SocketAddress right{opener.family == IpFamily::kIpv4 ? kPeer4 : kPeer6, 53};
    SocketAddress wrong{opener.family == IpFamily::kIpv4 ? kPeer6 : kPeer4, 53};
    EXPECT_TRUE(opener.open(*stack_, rx_, right, std::nullopt).ok()) << opener.name;
    EXPECT_EQ(opener.open(*stack_, rx_, wrong, std::nullopt).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
  auto s = OpenDatagramSocket(*stack_, rx_, SocketAddress{kPeer6, 53}, SocketAddress{kHost6, 6000});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->LocalAddress()->port, 6000);
}

}  // namespace
}  // namespace rampart::udp
