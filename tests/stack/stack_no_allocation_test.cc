// Decide once, allocate never: after warm-up, NetStack::ReceiveFrame takes
// frames of every verdict (UDP deliveries in both families, each layer's
// drops, fragments completing a datagram, ARP and NDP answered, echo
// answered, port unreachable sent) without one heap allocation. Counted by
// replacing the global allocation functions in this binary alone.
#include <gtest/gtest.h>

#include <vector>

#include "alloc_counter.h"
#include "frames.h"
#include "stack/net_stack.h"
#include "test_util.h"

namespace rampart::stack {
namespace {

using testing::kPeerMac;
using testing::kStackMac;
using testing::V4;
using testing::V6;

/// A device that counts what it is given and sends nothing.
class CountingDevice final : public NetDevice {
 public:
  absl::Status Transmit(std::span<const std::byte> frame) override {
    ++counters_.tx_frames;
    counters_.tx_bytes += frame.size();
    return absl::OkStatus();
  }
  absl::StatusOr<size_t> Poll(const std::function<void(const RxFrame&)>&, size_t) override {
    return size_t{0};
  }
  wire::MacAddress mac() const override { return kStackMac; }
  size_t mtu() const override { return 1500; }
  bool link_up() const override { return true; }
  const DeviceCounters& counters() const override { return counters_; }
  std::string name() const override { return "counting"; }

 private:
  DeviceCounters counters_;
};

/// Drops every datagram it is handed (its buffer goes back to the pool).
class Releaser final : public udp::DataTransfer {
 public:
  absl::Status Deliver(udp::IoBuffer, const udp::TransferMetadata&) override {
    ++delivered;
    return absl::OkStatus();
  }
  void Close(absl::Status) override {}
  size_t delivered = 0;
};

struct Case {
  const char* what;
  std::vector<std::byte> frame;
  Verdict verdict;
  Reason reason;
};

TEST(StackNoAllocationTest, EveryVerdictAfterWarmUpAllocatesNothing) {
  CountingDevice device;
  NetStackOptions options;
  options.interface.mac = kStackMac;
  options.interface.ipv4 = IpPrefixAddress::Parse("192.0.2.2/24");
  options.interface.ipv6 = IpPrefixAddress::Parse("2001:db8::2/64");
  options.port_unreachable = true;
  options.icmp_errors_per_second = 1'000'000'000;
  options.icmp_error_burst = 1'000'000'000;
  int64_t now = 0;
  options.clock_ms = [&now] { return now; };
  auto net = std::move(NetStack::Create(device, std::move(options))).value();
  Releaser releaser;
  const wire::IpAddress us4 = V4(192, 0, 2, 2);
  const wire::IpAddress peer4 = V4(192, 0, 2, 1);
  const wire::IpAddress us6 = V6("2001:db8::2");
  const wire::IpAddress peer6 = V6("2001:db8::1");
  auto s4 = net->udp().Open(releaser, std::nullopt, wire::SocketAddress{us4, 7});
  auto s6 = net->udp().Open(releaser, std::nullopt, wire::SocketAddress{us6, 7});
  ASSERT_TRUE(s4.ok() && s6.ok());
  net->SetNeighbor(peer4, kPeerMac);
  net->SetNeighbor(peer6, kPeerMac);

  const auto udp4 = [&](uint16_t port, size_t size, testing::V4Fields fields = {}) {
    testing::DatagramSpec spec;
    spec.destination_port = port;
    spec.payload.assign(size, std::byte{0x5A});
    return testing::EthFrame(
        kStackMac, kPeerMac, 0x0800,
        testing::Ipv4Packet(peer4, us4, 17, testing::BuildDatagram(peer4, us4, spec), fields));
  };
  const auto udp6 = [&](uint16_t port, size_t size) {
    testing::DatagramSpec spec;
    spec.destination_port = port;
    spec.payload.assign(size, std::byte{0x5A});
    return testing::EthFrame(
        kStackMac, kPeerMac, 0x86DD,
        testing::Ipv6Packet(peer6, us6, 17, testing::BuildDatagram(peer6, us6, spec)));
  };
  // A 1,200-byte datagram in two IPv4 fragments.
  testing::DatagramSpec big;
  big.destination_port = 7;
  big.payload.assign(1192, std::byte{0x33});
  const std::vector<std::byte> whole = testing::BuildDatagram(peer4, us4, big);
  const std::vector<std::byte> head(whole.begin(), whole.begin() + 800);
  const std::vector<std::byte> tail(whole.begin() + 800, whole.end());
  std::vector<std::byte> bad_checksum = udp4(7, 18);
  bad_checksum.back() ^= std::byte{1};  // the payload no longer sums

  std::vector<Case> cases = {
      {"udp4 deliver", udp4(7, 18), Verdict::kDeliver, Reason::kNone},
      {"udp4 deliver large", udp4(7, 1472), Verdict::kDeliver, Reason::kNone},
      {"udp6 deliver", udp6(7, 18), Verdict::kDeliver, Reason::kNone},
      {"udp no listener + port unreachable", udp4(9, 18), Verdict::kDrop, Reason::kUdpNoListener},
      {"udp6 no listener + port unreachable", udp6(9, 18), Verdict::kDrop, Reason::kUdpNoListener},
      {"udp checksum", bad_checksum, Verdict::kDrop, Reason::kUdpChecksumMismatch},
      {"eth not for us", testing::EthFrame(kPeerMac, kPeerMac, 0x0800, {}), Verdict::kDrop,
       Reason::kEthNotForUs},
      {"eth truncated", std::vector<std::byte>(10), Verdict::kDrop, Reason::kEthTruncatedHeader},
      {"ipv4 bad checksum", udp4(7, 18, {.corrupt_checksum = true}), Verdict::kDrop,
       Reason::kIpv4BadChecksum},
      {"ipv6 not for us",
       testing::EthFrame(kStackMac, kPeerMac, 0x86DD,
                         testing::Ipv6Packet(peer6, V6("2001:db8::99"), 17, {})),
       Verdict::kDrop, Reason::kIpv6NotForUs},
      {"arp request",
       testing::EthFrame(wire::MacAddress::Broadcast(), kPeerMac, 0x0806,
                         testing::ArpBody(1, kPeerMac, peer4, {}, us4)),
       Verdict::kDeliver, Reason::kNone},
      {"arp not for us",
       testing::EthFrame(wire::MacAddress::Broadcast(), kPeerMac, 0x0806,
                         testing::ArpBody(1, kPeerMac, peer4, {}, peer4)),
       Verdict::kDrop, Reason::kArpNotForUs},
      {"ndp solicitation",
       testing::EthFrame(
           kStackMac, kPeerMac, 0x86DD,
           testing::Ipv6Packet(peer6, us6, 58,
                               testing::NeighborSolicitation(peer6, us6, us6, kPeerMac), 255)),
       Verdict::kDeliver, Reason::kNone},
      {"echo v4",
       testing::EthFrame(
           kStackMac, kPeerMac, 0x0800,
           testing::Ipv4Packet(peer4, us4, 1,
                               testing::EchoRequest(peer4, us4, 1, 2, testing::BytesOf("ping")))),
       Verdict::kDeliver, Reason::kNone},
      {"echo v6",
       testing::EthFrame(
           kStackMac, kPeerMac, 0x86DD,
           testing::Ipv6Packet(peer6, us6, 58,
                               testing::EchoRequest(peer6, us6, 1, 2, testing::BytesOf("ping")))),
       Verdict::kDeliver, Reason::kNone},
      {"fragment 1",
       testing::EthFrame(
           kStackMac, kPeerMac, 0x0800,
           testing::Ipv4Packet(peer4, us4, 17, head, {.identification = 7, .more = true})),
       Verdict::kPending, Reason::kNone},
      {"fragment 2 completes",
       testing::EthFrame(
           kStackMac, kPeerMac, 0x0800,
           testing::Ipv4Packet(peer4, us4, 17, tail, {.identification = 7, .offset = 800})),
       Verdict::kDeliver, Reason::kNone},
  };

  const auto round = [&] {
    for (const Case& c : cases) {
      const FrameOutcome outcome = net->ReceiveFrame(c.frame);
      ASSERT_EQ(outcome.verdict, c.verdict) << c.what << " " << ReasonName(outcome.reason);
      ASSERT_EQ(outcome.reason, c.reason) << c.what;
      net->udp().DeliverQueued();
    }
  };
  for (int i = 0; i < 3; ++i) round();  // warm-up: pools, caches, buffers grow
  const uint64_t frames_out = device.counters().tx_frames;
  const size_t before = testing::HeapAllocations();
  constexpr int kRounds = 10'000 / 17 + 1;
  for (int i = 0; i < kRounds; ++i) round();
  EXPECT_EQ(testing::HeapAllocations() - before, 0u);
  // Answers really went out: ARP reply, NA, two echo replies and two port
  // unreachables per round.
  EXPECT_EQ(device.counters().tx_frames - frames_out, uint64_t{6} * kRounds);
  EXPECT_EQ(releaser.delivered, size_t{4} * (kRounds + 3));  // udp4 x2, udp6, reassembled
  EXPECT_EQ(net->udp().buffers_in_use(), 0u);
}

}  // namespace
}  // namespace rampart::stack
