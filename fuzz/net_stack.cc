// Fuzz target: two NetStacks on one in-memory cable, the whole frame path
// both ways (routing, ARP/NDP resolution, fragmentation, reassembly, UDP
// delivery), with a hostile third party injecting frames into the
// receiving stack.
//
// Input: MTU and a seed (its low bit turns on port unreachables), then
// operations: A sends a datagram (family, size up to the UDP maximum, fill
// byte) to B; a raw frame of any bytes is injected into B (its IP or ARP
// source is rewritten to the third party's address, so it can never pose
// as A, and its checksums are repaired unless bit 7 of the operation
// says not to); the clock moves (timeouts, neighbor expiry).
// Oracles: every datagram A sends arrives at B exactly once, byte for
// byte, with A's address and port as its source, however the injected
// frames interleave (per-source reassembly budgets isolate the third
// party); B's reassembly memory stays within its budget; the counters
// agree (frames in = frames the device handed up; B's InDatagrams = what
// B received; the JSON the command prints carries the same figures).
#include "stack/net_stack.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "harness/byte_reader.h"
#include "harness/frame_fixup.h"
#include "harness/fuzz_check.h"
#include "netdev/loopback.h"
#include "udp/random_source.h"
#include "wire/bytes.h"

namespace {

using namespace rampart;

/// Counts up from a seed: deterministic identifications.
class CountingRandom final : public udp::RandomSource {
 public:
  explicit CountingRandom(uint32_t seed) : next_(seed) {}
  uint32_t Next() override { return next_ += 0x9E3779B9u; }

 private:
  uint32_t next_;
};

/// Counts what a stack delivers and keeps the last datagram (its payload
/// buffer reused, so a run of large datagrams allocates once).
class Collect final : public udp::DataTransfer {
 public:
  absl::Status Deliver(udp::IoBuffer data, const udp::TransferMetadata& metadata) override {
    const auto bytes = data.data();
    last_payload.assign(bytes.begin(), bytes.end());
    last_metadata = metadata;
    ++count;
    return absl::OkStatus();
  }
  void Close(absl::Status) override {}
  size_t count = 0;
  std::vector<std::byte> last_payload;
  udp::TransferMetadata last_metadata;
};

const wire::MacAddress kMacA{{0x02, 0, 0, 0, 0, 0x01}};
const wire::MacAddress kMacB{{0x02, 0, 0, 0, 0, 0x02}};

std::unique_ptr<stack::NetStack> MakeStack(netdev::MemoryDevice& device, wire::MacAddress mac,
                                           const char* v4, const char* v6, size_t mtu,
                                           const int64_t& clock, uint32_t seed) {
  stack::NetStackOptions options;
  // Port unreachables (off by default) when the seed's low bit says so:
  // an injected datagram to a closed port then costs B an ICMP error to
  // the third party (resolved, rate-limited), which A overhears.
  options.port_unreachable = (seed & 1) != 0;
  // Pools and queues sized for what one pump can hold (A's datagram and
  // one injected frame's), not production's 1,024 buffers and 64-deep
  // queues: allocating those per input was most of the target's time.
  options.udp.small_buffers = 8;
  options.udp.large_buffers = 2;
  options.udp.max_queued_datagrams = 4;
  options.interface.mac = mac;
  options.interface.mtu = mtu;
  options.interface.ipv4 = stack::IpPrefixAddress::Parse(v4);
  options.interface.ipv6 = stack::IpPrefixAddress::Parse(v6);
  options.clock_ms = [&clock] { return clock; };
  options.random = std::make_unique<CountingRandom>(seed);
  options.udp.random = std::make_unique<CountingRandom>(seed ^ 0x5555);
  auto created = stack::NetStack::Create(device, std::move(options));
  FUZZ_CHECK(created.ok());
  return std::move(created).value();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::ByteReader in(wire::AsBytes(std::span<const uint8_t>(data, size)));
  const size_t mtu = 1280 + in.Byte() % 221;  // 1280..1500
  const uint32_t seed = in.U16();
  int64_t clock = 1000;
  auto devices = netdev::MakeLinkedPair(kMacA, kMacB, mtu);
  std::unique_ptr<netdev::MemoryDevice>& device_a = devices.first;
  std::unique_ptr<netdev::MemoryDevice>& device_b = devices.second;
  auto a = MakeStack(*device_a, kMacA, "192.0.2.1/24", "2001:db8::1/64", mtu, clock, seed);
  auto b = MakeStack(*device_b, kMacB, "192.0.2.2/24", "2001:db8::2/64", mtu, clock, seed + 1);
  Collect at_a, at_b;
  const auto any4 = wire::IpAddress::Unspecified(wire::IpFamily::kIpv4);
  const auto any6 = wire::IpAddress::Unspecified(wire::IpFamily::kIpv6);
  auto b4 = b->udp().Open(at_b, std::nullopt, wire::SocketAddress{any4, 7});
  auto b6 = b->udp().Open(at_b, std::nullopt, wire::SocketAddress{any6, 7});
  auto a4 = a->udp().Open(at_a, std::nullopt, wire::SocketAddress{any4, 5000});
  auto a6 = a->udp().Open(at_a, std::nullopt, wire::SocketAddress{any6, 5000});
  FUZZ_CHECK(b4.ok() && b6.ok() && a4.ok() && a6.ok());

  // Polls both stacks until the cable is quiet; traffic must settle.
  const auto pump = [&] {
    bool quiet = false;
    for (int round = 0; round < 400 && !quiet; ++round) {
      const size_t before = device_a->queued() + device_b->queued();
      (void)a->Poll(4096);
      (void)b->Poll(4096);
      quiet = before == 0 && device_a->queued() == 0 && device_b->queued() == 0;
    }
    FUZZ_CHECK(quiet);
  };

  std::vector<std::byte> frame;
  std::vector<std::byte> payload;
  for (int op = 0; op < 24 && !in.Rest().empty(); ++op) {
    const uint8_t kind = in.Byte();
    if ((kind & 3) == 0 || (kind & 3) == 1) {  // A sends to B
      const bool v6 = (kind & 1) != 0;
      const size_t limit = v6 ? 65527 : 65507;
      // Up to 2,040 bytes, or up to 12,000 (about nine fragments), or the
      // UDP maximum itself: the largest datagrams cost a hundred times a
      // small one, so they get one code of their own rather than half of
      // all sends.
      size_t length = in.Byte() * 8u;
      if ((kind & 0xC0) == 0x80) length = in.U16() % 12'001;
      if ((kind & 0xC0) == 0xC0) length = limit - in.Byte() % 2;
      payload.assign(length, std::byte{in.Byte()});
      if (!payload.empty()) payload.front() = std::byte{static_cast<uint8_t>(op)};
      udp::UdpSocket& from = v6 ? *a6 : *a4;
      udp::IoBuffer buffer = from.AllocateBuffer(length);
      FUZZ_CHECK(buffer.Append(payload).ok());
      udp::TransferMetadata to;
      to.destination =
          wire::SocketAddress{v6 ? b->interface().ipv6->address : b->interface().ipv4->address, 7};
      const size_t received_before = at_b.count;
      FUZZ_CHECK(from.Deliver(std::move(buffer), to).ok());
      pump();
      FUZZ_CHECK(at_b.count == received_before + 1);
      FUZZ_CHECK(fuzz::SameBytes(at_b.last_payload, payload));
      const udp::TransferMetadata& got = at_b.last_metadata;
      FUZZ_CHECK(got.source.has_value() && got.source->port == 5000);
      FUZZ_CHECK(got.source->address ==
                 (v6 ? a->interface().ipv6->address : a->interface().ipv4->address));
    } else if ((kind & 3) == 2) {  // a third party injects a frame into B
      const auto bytes = in.Take(in.Byte());
      frame.assign(bytes.begin(), bytes.end());
      if (frame.size() >= 14) {
        // Never A's MAC or addresses: rewrite the sources.
        frame[6] = std::byte{0x02};
        frame[11] = std::byte{0x66};
        const uint16_t type = wire::LoadBe16(frame, 12);
        const auto set = [&](size_t at, std::span<const std::byte> address) {
          if (frame.size() >= at + address.size()) {
            for (size_t i = 0; i < address.size(); ++i) frame[at + i] = address[i];
          }
        };
        const auto third4 = wire::IpAddress::V4(0xC0000242u);  // 192.0.2.66
        const auto third6 = wire::IpAddress::V6(
            {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x66});  // 2001:db8::66
        if (type == 0x0800) set(14 + 12, third4.bytes());
        if (type == 0x86DD) set(14 + 8, third6.bytes());
        if (type == 0x0806) set(14 + 14, third4.bytes());
        // The rewrite broke the checksums: repair them unless bit 7 says
        // to leave them (so both what lies behind them and the checksum
        // drops are reached).
        if ((kind & 0x80) == 0) (void)fuzz::FixFrameChecksums(frame);
      }
      device_b->Inject(frame);
      pump();
    } else {  // time passes
      clock += int64_t{in.Byte()} * 500;
      a->Tick();
      b->Tick();
      pump();
    }
    FUZZ_CHECK(b->reassembler().bytes_in_use() <= stack::ReassemblyLimits{}.max_total_bytes);
    FUZZ_CHECK(b->counters().frames_in == device_b->counters().rx_frames);
    FUZZ_CHECK(b->udp().counters().in_datagrams == at_b.count);
  }
  // The counters the command prints are the ones the stack keeps.
  const std::string json = b->CountersJson();
  FUZZ_CHECK(json.find(absl::StrCat("\"FramesIn\":", b->counters().frames_in, ",")) !=
             std::string::npos);
  FUZZ_CHECK(json.find(absl::StrCat("\"IcmpOutUnreachs\":", b->counters().icmp_out_unreachs,
                                    ",")) != std::string::npos);
  return 0;
}
