// Randomized round trips: what one stack sends, another receives intact.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "test_util.h"
#include "udp/rx_decision.h"
#include "udp/udp_stack.h"

namespace rampart::udp {
namespace {

using testing::RecordingReceiver;
using testing::V4;
using testing::V6;
using wire::IpAddress;
using wire::SocketAddress;

IpAddress RandomUnicast(std::mt19937& rng, wire::IpFamily family) {
  IpAddress a;
  do {
    if (family == wire::IpFamily::kIpv4) {
      a = IpAddress::V4(static_cast<uint32_t>(rng()));
    } else {
      std::array<uint8_t, 16> o{};
      for (auto& b : o) b = static_cast<uint8_t>(rng());
      a = IpAddress::V6(o);
    }
  } while (a.is_multicast() || a.is_limited_broadcast() || a.is_unspecified());
  return a;
}

class RoundTripTest : public ::testing::TestWithParam<wire::IpFamily> {};

TEST_P(RoundTripTest, EmitThenReceiveGivesBackPayloadAndMetadata) {
  std::mt19937 rng(GetParam() == wire::IpFamily::kIpv4 ? 4 : 6);
  for (int round = 0; round < 300; ++round) {
    IpAddress a = RandomUnicast(rng, GetParam());
    IpAddress b = RandomUnicast(rng, GetParam());
    InMemoryNetworkLayer net_a(
        a.family() == wire::IpFamily::kIpv4 ? std::optional(a) : std::nullopt,
        a.family() == wire::IpFamily::kIpv6 ? std::optional(a) : std::nullopt);
    InMemoryNetworkLayer net_b(std::nullopt, std::nullopt);
    auto stack_a = UdpStack::Create(net_a, {});
    auto stack_b = UdpStack::Create(net_b, {});
    ASSERT_TRUE(stack_a.ok() && stack_b.ok());
    RecordingReceiver rx_a;
    RecordingReceiver rx_b;
    auto port_b = static_cast<uint16_t>(1 + rng() % 65535);
    auto listener = (*stack_b)->Open(rx_b, std::nullopt, SocketAddress{b, port_b});
    ASSERT_TRUE(listener.ok());
    auto sender = (*stack_a)->Open(rx_a, SocketAddress{b, port_b}, std::nullopt);
    ASSERT_TRUE(sender.ok());

    size_t size = round % 10 == 0 ? rng() % 65528 : rng() % 1500;
    std::vector<std::byte> payload(size);
    for (auto& x : payload) x = static_cast<std::byte>(rng());
    IoBuffer buffer = sender->AllocateBuffer(size);
    ASSERT_TRUE(buffer.Append(payload).ok());
    ASSERT_TRUE(sender->Deliver(std::move(buffer), {}).ok());

    auto sent = net_a.TakeSent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].facts.source, a);
    RxDecision d = (*stack_b)->Receive(sent[0].packet.data(),
                                       RxFacts{sent[0].facts.source, sent[0].facts.destination});
    ASSERT_TRUE(std::holds_alternative<DeliverVerdict>(d))
        << ReasonName(std::get<DropVerdict>(d).reason);
    ASSERT_EQ((*stack_b)->DeliverQueued(), 1u);
    ASSERT_EQ(rx_b.received.size(), 1u);
    EXPECT_EQ(rx_b.received[0].payload, payload);
    EXPECT_EQ(rx_b.received[0].metadata.source, (SocketAddress{a, sender->LocalAddress()->port}));
    EXPECT_EQ(rx_b.received[0].metadata.destination, (SocketAddress{b, port_b}));
  }
}

INSTANTIATE_TEST_SUITE_P(BothFamilies, RoundTripTest,
                         ::testing::Values(wire::IpFamily::kIpv4, wire::IpFamily::kIpv6),
                         [](const auto& info) {
                           return std::string(wire::FamilyName(info.param));
                         });

}  // namespace
}  // namespace rampart::udp
