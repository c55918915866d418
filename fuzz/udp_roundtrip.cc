// Fuzz target: transmit then receive, through two stacks.
//
// Input layout:
//   byte 0  flags: bit0 IPv6; bit1 sender bound to the wildcard address;
//           bit2 per-datagram source override; bit4 receiver opts in to
//           IPv6 zero checksums; high bits 1010 1xxx: payload near the
//           65527-byte maximum, filled by repeating the input (kept rare
//           on purpose: each such run sums 64 KiB several times)
//   byte 1  which bit of the sent datagram to flip for the tamper check
//   bytes   sender address, receiver address, receiver port (2),
//           sender port (2; 0 = ephemeral), ephemeral random seed (4)
//   the rest: the payload
//
// Oracles: the sent datagram has a correct length field and a non-zero
// checksum; the receiving stack delivers exactly the payload with the
// right metadata; the independent spec agrees; flipping any one bit of
// the datagram outside its length field is never delivered, unless the flip turned the checksum
// field into 0 on a family/connection that accepts "no checksum".
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "harness/byte_reader.h"
#include "harness/fuzz_check.h"
#include "harness/spec_bridge.h"
#include "harness/udp_rx_spec.h"
#include "udp/network_layer.h"
#include "udp/rx_decision.h"
#include "udp/udp_stack.h"
#include "wire/bytes.h"

namespace {

using namespace rampart;
using spec::ToSpec;

class Fixed : public udp::RandomSource {
 public:
  explicit Fixed(uint32_t v) : v_(v) {}
  uint32_t Next() override { return v_++; }

 private:
  uint32_t v_;
};

class Sink : public udp::DataTransfer {
 public:
  absl::Status Deliver(udp::IoBuffer data, const udp::TransferMetadata& meta) override {
    payloads.emplace_back(data.data().begin(), data.data().end());
    metas.push_back(meta);
    return absl::OkStatus();
  }
  void Close(absl::Status) override {}
  std::vector<std::vector<std::byte>> payloads;
  std::vector<udp::TransferMetadata> metas;
};

wire::IpAddress Unicast(fuzz::ByteReader& in, wire::IpFamily family) {
  std::array<uint8_t, 16> b{};
  in.Fill(std::span(b).first(family == wire::IpFamily::kIpv4 ? 4 : 16));
  // Only non-unicast values are remapped, so a seed's addresses stay as
  // written: IPv4 0/8 and 224+ move into 1-223; IPv6 ff00::/8 and ::
  // become unicast.
  if (family == wire::IpFamily::kIpv4 && (b[0] == 0 || b[0] >= 224)) {
    b[0] = static_cast<uint8_t>((b[0] % 223) + 1);
  } else if (family == wire::IpFamily::kIpv6 && b[0] == 0xFF) {
    b[0] = 0x20;
  } else if (family == wire::IpFamily::kIpv6 && b[0] == 0) {
    b[15] |= 1;
  }
  return family == wire::IpFamily::kIpv4
             ? wire::IpAddress::V4(std::array<uint8_t, 4>{b[0], b[1], b[2], b[3]})
             : wire::IpAddress::V6(b);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* raw, size_t size) {
  fuzz::ByteReader in(wire::AsBytes(std::span<const uint8_t>(raw, size)));
  uint8_t flags = in.Byte();
  uint8_t flip = in.Byte();
  wire::IpFamily family = (flags & 1) ? wire::IpFamily::kIpv6 : wire::IpFamily::kIpv4;
  wire::IpAddress a = Unicast(in, family);
  wire::IpAddress b = Unicast(in, family);
  uint16_t port_b = in.U16();
  uint16_t port_a = in.U16();
  uint32_t seed = static_cast<uint32_t>(in.U16()) << 16 | in.U16();
  port_b = port_b == 0 ? 1 : port_b;
  std::span<const std::byte> rest = in.Rest();
  std::vector<std::byte> payload(rest.begin(), rest.end());
  if ((flags & 0xE8) == 0xA8) {
    size_t want = 65527 - (flip % 4);
    std::vector<std::byte> big(want);
    for (size_t i = 0; i < want; ++i)
      big[i] = payload.empty() ? std::byte{0} : payload[i % payload.size()];
    payload = std::move(big);
  }
  bool override_source = (flags & 0x04) != 0;

  udp::InMemoryNetworkLayer net_a(
      family == wire::IpFamily::kIpv4 ? std::optional(a) : std::nullopt,
      family == wire::IpFamily::kIpv6 ? std::optional(a) : std::nullopt);
  udp::InMemoryNetworkLayer net_b(std::nullopt, std::nullopt);
  udp::UdpStackOptions options_a;
  options_a.random = std::make_unique<Fixed>(seed);
  auto stack_a = udp::UdpStack::Create(net_a, std::move(options_a));
  auto stack_b = udp::UdpStack::Create(net_b, {});
  FUZZ_CHECK(stack_a.ok() && stack_b.ok());
  Sink sink_a;
  Sink sink_b;
  udp::OpenOptions receive_options{.accept_ipv6_zero_checksum = (flags & 0x10) != 0};
  auto listener =
      (*stack_b)->Open(sink_b, std::nullopt, wire::SocketAddress{b, port_b}, receive_options);
  FUZZ_CHECK(listener.ok());
  std::optional<wire::SocketAddress> local;
  if (port_a != 0 || (flags & 0x02) == 0) {
    local = wire::SocketAddress{(flags & 0x02) ? wire::IpAddress::Unspecified(family) : a, port_a};
  }
  auto sender = (*stack_a)->Open(sink_a, wire::SocketAddress{b, port_b}, local);
  FUZZ_CHECK(sender.ok());
  wire::SocketAddress expected_source{a, sender->LocalAddress()->port};
  udp::TransferMetadata overrides;
  if (override_source) {
    expected_source.port = static_cast<uint16_t>(expected_source.port | 1);
    overrides.source = expected_source;
  }
  udp::IoBuffer buffer = sender->AllocateBuffer(payload.size());
  FUZZ_CHECK(buffer.Append(payload).ok());
  FUZZ_CHECK(sender->Deliver(std::move(buffer), overrides).ok());

  auto sent = net_a.TakeSent();
  FUZZ_CHECK(sent.size() == 1);
  std::vector<std::byte> datagram(sent[0].packet.data().begin(), sent[0].packet.data().end());
  FUZZ_CHECK(datagram.size() == payload.size() + 8);
  FUZZ_CHECK(wire::LoadBe16(datagram, 4) == datagram.size());
  FUZZ_CHECK(wire::LoadBe16(datagram, 6) != 0);
  FUZZ_CHECK(sent[0].facts.source == a && sent[0].facts.destination == b);

  udp::RxFacts facts{a, b};
  // The independent spec must agree that this datagram is delivered.
  std::vector<uint8_t> plain(datagram.size());
  for (size_t i = 0; i < datagram.size(); ++i) plain[i] = std::to_integer<uint8_t>(datagram[i]);
  spec::Listener l;
  l.id = listener->id().value;
  l.family = family == wire::IpFamily::kIpv4 ? 4 : 6;
  l.address = ToSpec(b);
  l.port = port_b;
  l.zero_checksum_ok = receive_options.accept_ipv6_zero_checksum;
  spec::Verdict want = spec::Decide(plain, ToSpec(a), ToSpec(b), false, {l});
  FUZZ_CHECK(want.deliver);

  // Tamper: flip one bit; the result must not be delivered unless the
  // flip produced a zero checksum field that the receiver accepts.
  std::vector<std::byte> tampered = datagram;
  size_t bit = (static_cast<size_t>(flip) * 131) % (tampered.size() * 8);
  // Not the length field: a shorter length legitimately covers fewer
  // bytes, and a payload can be crafted so that the shorter sum verifies.
  bit = (bit / 8 == 4 || bit / 8 == 5) ? bit + 16 : bit;
  tampered[bit / 8] ^= static_cast<std::byte>(1u << (bit % 8));
  udp::RxDecision bad =
      udp::DecideRx(tampered, facts, udp::ChecksumPolicy::kVerify, (*stack_b)->demux());
  bool zero_field = wire::LoadBe16(tampered, 6) == 0;
  bool zero_ok = family == wire::IpFamily::kIpv4 || receive_options.accept_ipv6_zero_checksum;
  FUZZ_CHECK(!std::holds_alternative<udp::DeliverVerdict>(bad) || (zero_field && zero_ok));

  udp::RxDecision good = (*stack_b)->Receive(sent[0].packet.data(), facts);
  FUZZ_CHECK(std::holds_alternative<udp::DeliverVerdict>(good));
  FUZZ_CHECK((*stack_b)->DeliverQueued() == 1);
  FUZZ_CHECK(sink_b.payloads.size() == 1 && sink_b.payloads[0] == payload);
  FUZZ_CHECK(sink_b.metas[0].source == expected_source);
  FUZZ_CHECK(sink_b.metas[0].destination == (wire::SocketAddress{b, port_b}));
  FUZZ_CHECK((*stack_b)->counters().in_datagrams == 1);
  return 0;
}
