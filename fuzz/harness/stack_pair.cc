#include "harness/stack_pair.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "harness/frame_fixup.h"
#include "harness/fuzz_check.h"
#include "udp/random_source.h"
#include "wire/bytes.h"

namespace rampart::fuzz {
namespace {

/// Counts up from a seed: deterministic identifications and ports.
class CountingRandom final : public udp::RandomSource {
 public:
  explicit CountingRandom(uint32_t seed) : next_(seed) {}
  uint32_t Next() override { return next_ += 0x9E3779B9u; }

 private:
  uint32_t next_;
};

const wire::MacAddress kMacA{{0x02, 0, 0, 0, 0, 0x01}};
const wire::MacAddress kMacB{{0x02, 0, 0, 0, 0, 0x02}};
const wire::MacAddress kMacThird{{0x02, 0, 0, 0, 0, 0x66}};
const wire::IpAddress kThird4 = wire::IpAddress::V4(0xC0000242u);  // 192.0.2.66
const wire::IpAddress kThird6 =
    wire::IpAddress::V6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x66});

uint32_t IcmpBurst(uint32_t seed) { return 1 + ((seed >> 1) & 3); }
uint32_t IcmpRate(uint32_t seed) { return 1 + ((seed >> 3) & 7); }

/// @return 2001:db8::<last>
wire::IpAddress DocumentationV6(uint8_t last) {
  return wire::IpAddress::V6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last});
}

std::unique_ptr<stack::NetStack> MakeStack(netdev::MemoryDevice& device, wire::MacAddress mac,
                                           uint8_t host, size_t mtu, const int64_t& clock,
                                           uint32_t seed, bool port_unreachable,
                                           const stack::ReassemblyLimits& reassembly) {
  stack::NetStackOptions options;
  options.reassembly = reassembly;
  options.port_unreachable = port_unreachable;
  // The ICMP error limiter: burst 1-4, 1-8 per second (production: 10
  // and 10), so a few closed-port datagrams reach it.
  options.icmp_error_burst = IcmpBurst(seed);
  options.icmp_errors_per_second = IcmpRate(seed);
  // Pools and queues sized for what one pump can hold (A's datagram and
  // one injected frame's), not production's 1,024 buffers and 64-deep
  // queues: allocating those per input was most of the targets' time.
  options.udp.small_buffers = 8;
  options.udp.large_buffers = 2;
  options.udp.max_queued_datagrams = 4;
  options.interface.mac = mac;
  options.interface.mtu = mtu;
  // Addresses built, not parsed: text parsing has its own targets, and
  // its edges here would be bookkeeping libFuzzer pays on every run.
  options.interface.ipv4 = stack::IpPrefixAddress{wire::IpAddress::V4(0xC0000200u | host), 24};
  options.interface.ipv6 = stack::IpPrefixAddress{DocumentationV6(host), 64};
  options.clock_ms = [&clock] { return clock; };
  options.random = std::make_unique<CountingRandom>(seed);
  options.udp.random = std::make_unique<CountingRandom>(seed ^ 0x5555);
  auto created = stack::NetStack::Create(device, std::move(options));
  FUZZ_CHECK(created.ok());
  return std::move(created).value();
}

}  // namespace

absl::Status CollectLast::Deliver(udp::IoBuffer data, const udp::TransferMetadata& metadata) {
  const auto bytes = data.data();
  last_payload.assign(bytes.begin(), bytes.end());
  last_metadata = metadata;
  ++count;
  return absl::OkStatus();
}

StackPair::StackPair(size_t mtu, uint32_t seed, const stack::ReassemblyLimits& b_reassembly)
    : mtu_(mtu), b_icmp_burst_(IcmpBurst(seed + 1)), b_icmp_rate_(IcmpRate(seed + 1)) {
  auto devices = netdev::MakeLinkedPair(kMacA, kMacB, mtu);
  device_a_ = std::move(devices.first);
  device_b_ = std::move(devices.second);
  // Port unreachables in both stacks or in neither (each stack's own
  // seed differs, so it is decided here once).
  const bool port_unreachable = (seed & 1) != 0;
  a_ = MakeStack(*device_a_, kMacA, 1, mtu, clock_, seed, port_unreachable, {});
  b_ = MakeStack(*device_b_, kMacB, 2, mtu, clock_, seed + 1, port_unreachable, b_reassembly);
  const auto any4 = wire::IpAddress::Unspecified(wire::IpFamily::kIpv4);
  const auto any6 = wire::IpAddress::Unspecified(wire::IpFamily::kIpv6);
  auto b4 = b_->udp().Open(at_b_, std::nullopt, wire::SocketAddress{any4, 7});
  auto b6 = b_->udp().Open(at_b_, std::nullopt, wire::SocketAddress{any6, 7});
  auto a4 = a_->udp().Open(at_a_, std::nullopt, wire::SocketAddress{any4, 5000});
  auto a6 = a_->udp().Open(at_a_, std::nullopt, wire::SocketAddress{any6, 5000});
  FUZZ_CHECK(b4.ok() && b6.ok() && a4.ok() && a6.ok());
  b4_.emplace(std::move(b4).value());
  b6_.emplace(std::move(b6).value());
  a4_.emplace(std::move(a4).value());
  a6_.emplace(std::move(a6).value());
}

StackPair::~StackPair() = default;

void StackPair::Pump() {
  bool quiet = false;
  for (int round = 0; round < 400 && !quiet; ++round) {
    const size_t before = device_a_->queued() + device_b_->queued();
    (void)a_->Poll(4096);
    (void)b_->Poll(4096);
    quiet = before == 0 && device_a_->queued() == 0 && device_b_->queued() == 0;
  }
  FUZZ_CHECK(quiet);
}

wire::IpAddress StackPair::GroupAddress(bool v6) {
  return v6 ? stack::Ipv6AllNodes() : wire::IpAddress::V4(0xC00002FFu);
}

void StackPair::SendFromA(bool v6, std::span<const std::byte> payload,
                          const wire::SocketAddress& destination) {
  udp::UdpSocket& from = v6 ? *a6_ : *a4_;
  udp::IoBuffer buffer = from.AllocateBuffer(payload.size());
  FUZZ_CHECK(buffer.Append(payload).ok());
  udp::TransferMetadata to;
  to.destination = destination;
  FUZZ_CHECK(from.Deliver(std::move(buffer), to).ok());
  Pump();
}

void StackPair::SendAtoB(bool v6, std::span<const std::byte> payload, bool to_group) {
  const wire::IpAddress unicast =
      v6 ? b_->interface().ipv6->address : b_->interface().ipv4->address;
  const size_t received_before = at_b_.count;
  SendFromA(v6, payload, wire::SocketAddress{to_group ? GroupAddress(v6) : unicast, 7});
  FUZZ_CHECK(at_b_.count == received_before + 1);
  FUZZ_CHECK(SameBytes(at_b_.last_payload, payload));
  const udp::TransferMetadata& got = at_b_.last_metadata;
  FUZZ_CHECK(got.source.has_value() && got.source->port == 5000);
  FUZZ_CHECK(got.source->address ==
             (v6 ? a_->interface().ipv6->address : a_->interface().ipv4->address));
}

void StackPair::SendAtoClosedGroupPort(bool v6, std::span<const std::byte> payload) {
  const size_t received_before = at_b_.count;
  const stack::StackCounters before = b_->counters();
  SendFromA(v6, payload, wire::SocketAddress{GroupAddress(v6), 9});
  FUZZ_CHECK(at_b_.count == received_before);
  FUZZ_CHECK(b_->counters().icmp_out_unreachs == before.icmp_out_unreachs);
  FUZZ_CHECK(b_->counters().icmp_rate_limited == before.icmp_rate_limited);
}

void StackPair::InjectIntoB(std::span<const std::byte> bytes, bool repair) {
  frame_.assign(bytes.begin(), bytes.end());
  if (frame_.size() >= 14) {
    frame_[6] = std::byte{0x02};
    frame_[11] = std::byte{0x66};
    const auto set = [&](size_t at, std::span<const std::byte> address) {
      if (frame_.size() >= at + address.size()) {
        for (size_t i = 0; i < address.size(); ++i) frame_[at + i] = address[i];
      }
    };
    const uint16_t type = wire::LoadBe16(frame_, 12);
    if (type == 0x0800) set(14 + 12, kThird4.bytes());
    if (type == 0x86DD) set(14 + 8, kThird6.bytes());
    if (type == 0x0806) set(14 + 14, kThird4.bytes());
    // The rewrite broke the checksums; unrepaired frames reach the
    // checksum drops, repaired ones what lies behind them.
    if (repair) (void)FixFrameChecksums(frame_);
  }
  device_b_->Inject(frame_);
  Pump();
}

void StackPair::TeachAB(bool v6) {
  a_->SetNeighbor(v6 ? b_->interface().ipv6->address : b_->interface().ipv4->address, kMacB);
  Pump();
}

void StackPair::Advance(int64_t milliseconds) {
  clock_ += milliseconds;
  a_->Tick();
  b_->Tick();
  Pump();
}

void StackPair::CheckInvariants() const {
  FUZZ_CHECK(b_->reassembler().bytes_in_use() <= b_->reassembler().limits().max_total_bytes);
  FUZZ_CHECK(b_->counters().frames_in == device_b_->counters().rx_frames);
  FUZZ_CHECK(b_->udp().counters().in_datagrams == at_b_.count);
  // The limiter's promise: B never sends more ICMP errors than its burst
  // plus its rate times the time passed.
  const uint64_t errors = b_->counters().icmp_out_unreachs + b_->counters().icmp_out_parm_probs;
  const auto elapsed_ms = static_cast<uint64_t>(clock_ - kStart);
  FUZZ_CHECK(errors * 1000 <= b_icmp_burst_ * 1000 + b_icmp_rate_ * elapsed_ms);
}

void StackPair::CheckCountersJson() const {
  const std::string json = b_->CountersJson();
  FUZZ_CHECK(json.find(absl::StrCat("\"FramesIn\":", b_->counters().frames_in, ",")) !=
             std::string::npos);
  FUZZ_CHECK(json.find(absl::StrCat("\"IcmpOutUnreachs\":", b_->counters().icmp_out_unreachs,
                                    ",")) != std::string::npos);
}

wire::IpAddress StackPair::ThirdPartyAddress(bool v6) { return v6 ? kThird6 : kThird4; }

wire::MacAddress StackPair::ThirdPartyMac() { return kMacThird; }

wire::MacAddress StackPair::MacOfB() { return kMacB; }

wire::IpAddress StackPair::AddressOfB(bool v6) {
  return v6 ? DocumentationV6(2) : wire::IpAddress::V4(0xC0000202u);
}

size_t StackPair::UnfragmentedPayload(bool v6) const { return mtu_ - (v6 ? 40 : 20) - 8; }

}  // namespace rampart::fuzz
