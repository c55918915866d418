// Resource limits under floods. Its own binary: it replaces the global
// allocation functions to measure the heap bytes the code under test holds
// (live bytes, via malloc_usable_size), so "memory stays bounded" is a
// measurement, not a belief. Each test ends by showing that normal traffic
// still gets through and that every drop was counted; LSan (asan preset)
// checks nothing leaked.
#include <gtest/gtest.h>
#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <optional>
#include <vector>

#include "netdev/loopback.h"
#include "stack/frames.h"
#include "stack/net_stack.h"
#include "test_util.h"
#include "udp/network_layer.h"
#include "udp/udp_stack.h"

namespace {
std::atomic<long long> live_bytes{0};
}  // namespace

void* operator new(size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  live_bytes += static_cast<long long>(malloc_usable_size(p));
  return p;
}
void* operator new[](size_t size) { return operator new(size); }
void operator delete(void* p) noexcept {
  if (p != nullptr) live_bytes -= static_cast<long long>(malloc_usable_size(p));
  std::free(p);
}
void operator delete[](void* p) noexcept { operator delete(p); }
void operator delete(void* p, size_t) noexcept { operator delete(p); }
void operator delete[](void* p, size_t) noexcept { operator delete(p); }

namespace rampart {
namespace {

using testing::kPeerMac;
using testing::kStackMac;
using testing::RecordingReceiver;
using testing::V4;
using testing::V6;
using wire::IpAddress;
using wire::SocketAddress;

TEST(ResourceLimitsTest, EphemeralPortsExhaustCleanlyAndComeBack) {
  udp::InMemoryNetworkLayer network(V4(192, 0, 2, 1), std::nullopt);
  udp::UdpStackOptions options;
  options.ephemeral_range = {60000, 60999};
  auto stack = udp::UdpStack::Create(network, std::move(options));
  ASSERT_TRUE(stack.ok());
  RecordingReceiver receiver;
  std::vector<udp::UdpSocket> sockets;
  const SocketAddress any{IpAddress::Unspecified(wire::IpFamily::kIpv4), 0};
  for (int i = 0; i < 1000; ++i) {
    auto socket = (*stack)->Open(receiver, std::nullopt, any);
    ASSERT_TRUE(socket.ok()) << i << ": " << socket.status();
    sockets.push_back(std::move(socket).value());
  }
  auto refused = (*stack)->Open(receiver, std::nullopt, any);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_FALSE(refused.status().message().empty());
  for (auto& socket : sockets) socket.Close(absl::OkStatus());
  sockets.clear();
  EXPECT_EQ((*stack)->connection_count(), 0u);
  EXPECT_TRUE((*stack)->Open(receiver, std::nullopt, any).ok());
}

/// Counts closes without keeping anything (a recording receiver would
/// itself grow by a million entries).
class CountingReceiver final : public udp::DataTransfer {
 public:
  absl::Status Deliver(udp::IoBuffer, const udp::TransferMetadata&) override {
    return absl::OkStatus();
  }
  void Close(absl::Status) override { ++closes; }
  size_t closes = 0;
};

TEST(ResourceLimitsTest, OneMillionOpenCloseCyclesHoldNoMemory) {
  udp::InMemoryNetworkLayer network(V4(192, 0, 2, 1), std::nullopt);
  auto stack = udp::UdpStack::Create(network, {});
  ASSERT_TRUE(stack.ok());
  CountingReceiver receiver;
  const SocketAddress any{IpAddress::Unspecified(wire::IpFamily::kIpv4), 0};
  // Warm up the tables (each socket closes as its handle goes), then measure.
  for (int i = 0; i < 1000; ++i) (void)(*stack)->Open(receiver, std::nullopt, any);
  receiver.closes = 0;
  const long long before = live_bytes.load();
  for (int i = 0; i < 1'000'000; ++i) {
    auto socket = (*stack)->Open(receiver, std::nullopt, any);
    ASSERT_TRUE(socket.ok());
    socket->Close(absl::OkStatus());
  }
  EXPECT_LT(live_bytes.load() - before, 64 * 1024) << "memory grew over a million cycles";
  EXPECT_EQ(receiver.closes, 1'000'000u);
  EXPECT_EQ((*stack)->connection_count(), 0u);
}

class FloodTest : public ::testing::Test {
 protected:
  FloodTest() {
    auto [a, b] = netdev::MakeLinkedPair(kPeerMac, kStackMac);
    peer_device_ = std::move(a);
    device_ = std::move(b);
    stack::NetStackOptions options;
    options.interface.mac = kStackMac;
    options.interface.ipv4 = stack::IpPrefixAddress::Parse("192.0.2.2/24");
    options.interface.ipv6 = stack::IpPrefixAddress::Parse("2001:db8::2/64");
    options.clock_ms = [this] { return now_; };
    stack_ = std::move(stack::NetStack::Create(*device_, std::move(options))).value();
    socket_.emplace(std::move(stack_->udp().Open(
                                  receiver_, std::nullopt,
                                  SocketAddress{IpAddress::Unspecified(wire::IpFamily::kIpv4), 7}))
                        .value());
  }
  std::vector<std::byte> UdpFrame(const IpAddress& source, size_t payload,
                                  testing::V4Fields fields = {}) {
    testing::DatagramSpec spec;
    spec.destination_port = 7;
    spec.payload = std::vector<std::byte>(payload, std::byte{0x42});
    auto datagram = testing::BuildDatagram(source, V4(192, 0, 2, 2), spec);
    if (fields.more) datagram.resize(std::min<size_t>(datagram.size(), 1000) / 8 * 8);
    return testing::EthFrame(kStackMac, kPeerMac, 0x0800,
                             testing::Ipv4Packet(source, V4(192, 0, 2, 2), 17, datagram, fields));
  }
  /// Normal traffic after the flood: one datagram must arrive.
  void ExpectNormalTrafficWorks() {
    receiver_.received.clear();
    const auto outcome = stack_->ReceiveFrame(UdpFrame(V4(192, 0, 2, 1), 32));
    EXPECT_EQ(outcome.verdict, stack::Verdict::kDeliver) << ReasonName(outcome.reason);
    stack_->udp().DeliverQueued();
    EXPECT_EQ(receiver_.received.size(), 1u);
  }

  int64_t now_ = 1000;
  std::unique_ptr<netdev::MemoryDevice> peer_device_, device_;
  std::unique_ptr<stack::NetStack> stack_;
  RecordingReceiver receiver_;
  std::optional<udp::UdpSocket> socket_;
};

TEST_F(FloodTest, ReceiveQueueFloodIsBoundedAndCounted) {
  const long long before = live_bytes.load();
  for (int i = 0; i < 100'000; ++i) stack_->ReceiveFrame(UdpFrame(V4(192, 0, 2, 1), 1400));
  // 64 datagrams (or 256 KiB) queue; the rest are RcvbufErrors.
  EXPECT_EQ(stack_->udp().QueuedDatagrams(socket_->id()), 64u);
  EXPECT_EQ(stack_->udp().counters().rcvbuf_errors(), 100'000u - 64);
  EXPECT_LT(live_bytes.load() - before, 512 * 1024);
  stack_->udp().DeliverQueued();
  EXPECT_EQ(receiver_.received.size(), 64u);
  ExpectNormalTrafficWorks();
}

TEST_F(FloodTest, ArpAndNdpFloodsCannotFillTheCaches) {
  const long long before = live_bytes.load();
  for (uint32_t i = 0; i < 50'000; ++i) {
    const IpAddress sender = IpAddress::V4(0xC0000000u | (i % 250 + 3) | ((i / 250 % 250) << 8));
    wire::MacAddress mac{{0x02, 0x10, static_cast<uint8_t>(i >> 16), static_cast<uint8_t>(i >> 8),
                          static_cast<uint8_t>(i), 0x01}};
    // Requests for our address create entries (capped); replies for
    // addresses we never asked about create nothing.
    stack_->ReceiveFrame(testing::EthFrame(wire::MacAddress::Broadcast(), mac, 0x0806,
                                           testing::ArpBody(1, mac, sender, {}, V4(192, 0, 2, 2))));
    stack_->ReceiveFrame(testing::EthFrame(
        kStackMac, mac, 0x0806, testing::ArpBody(2, mac, sender, kStackMac, V4(192, 0, 2, 2))));
    std::array<uint8_t, 16> v6{0x20,
                               0x01,
                               0x0d,
                               0xb8,
                               0,
                               0,
                               0,
                               0,
                               0,
                               0,
                               0,
                               0,
                               0,
                               static_cast<uint8_t>(i >> 16),
                               static_cast<uint8_t>(i >> 8),
                               static_cast<uint8_t>(i | 0x10)};
    const IpAddress source6 = IpAddress::V6(v6);
    const IpAddress group = V6("ff02::1:ff00:2");
    stack_->ReceiveFrame(testing::EthFrame(
        wire::MacAddress{{0x33, 0x33, 0xff, 0, 0, 0x02}}, mac, 0x86DD,
        testing::Ipv6Packet(source6, group, 58,
                            testing::NeighborSolicitation(source6, group, V6("2001:db8::2"), mac),
                            255)));
    (void)peer_device_->Poll([](const stack::RxFrame&) {}, 100);  // drain the replies
  }
  EXPECT_LE(stack_->arp_cache().size(), 256u);
  EXPECT_LE(stack_->ndp_cache().size(), 256u);
  EXPECT_EQ(stack_->counters().arp_in, 100'000u);
  EXPECT_LT(live_bytes.load() - before, 512 * 1024);
  ExpectNormalTrafficWorks();
}

TEST_F(FloodTest, ReassemblyFloodIsBoundedThenTimesOut) {
  const long long before = live_bytes.load();
  for (uint32_t i = 0; i < 20'000; ++i) {
    testing::V4Fields first;
    first.more = true;
    first.identification = static_cast<uint16_t>(i);
    stack_->ReceiveFrame(UdpFrame(IpAddress::V4(0xC6336400u | (i % 200 + 1)), 1400, first));
  }
  EXPECT_LE(stack_->reassembler().bytes_in_use(), stack::ReassemblyLimits{}.max_total_bytes);
  EXPECT_LE(stack_->reassembler().pending_datagrams(), 64u);
  EXPECT_GT(stack_->counters().drop_count(Reason::kFragMemoryLimit), 10'000u);
  EXPECT_LT(live_bytes.load() - before, 4 * 1024 * 1024);
  // Unfragmented traffic is unaffected; fragmented traffic gets room back
  // once the flood's partial datagrams time out.
  ExpectNormalTrafficWorks();
  now_ += 30'000;
  stack_->Tick();
  EXPECT_EQ(stack_->reassembler().bytes_in_use(), 0u);
  EXPECT_EQ(stack_->counters().drop_count(Reason::kFragTimeout), 64u);
  testing::V4Fields first{.identification = 9, .more = true};
  EXPECT_EQ(stack_->ReceiveFrame(UdpFrame(V4(192, 0, 2, 1), 1400, first)).verdict,
            stack::Verdict::kPending);
}

}  // namespace
}  // namespace rampart
