// BM_StackRx/P/S and BM_StackRxV6/P/S: the whole receive path of a stack,
// NetStack::ReceiveFrame on an Ethernet + IPv4 (IPv6) + UDP frame with a
// P-byte payload and S bound sockets: the pure decision, then the apply
// step copying the payload into a pooled buffer on the connection's queue;
// the receiver takes it and drops it every iteration, so the pool
// recycles (DeliverQueued is part of the measured loop).
// BM_StackTx/P: the whole send path of a P-byte datagram: UDP header and
// checksum, IPv4 header and checksum, neighbor lookup, the frame handed to
// a device that discards it.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <memory>
#include <vector>

#include "bench_frames.h"
#include "netdev/loopback.h"
#include "stack/net_stack.h"
#include "wire/bytes.h"
#include "wire/ethernet.h"
#include "wire/ipv4.h"
#include "wire/ipv6.h"
#include "wire/udp_checksum.h"

namespace {

using namespace rampart;

const wire::MacAddress kMac{{0x02, 0, 0, 0, 0, 0x02}};
const wire::MacAddress kPeer{{0x02, 0, 0, 0, 0, 0x01}};

/// Takes each datagram and drops it (its buffer returns to the pool).
class Drain final : public udp::DataTransfer {
 public:
  absl::Status Deliver(udp::IoBuffer data, const udp::TransferMetadata&) override {
    benchmark::DoNotOptimize(data.data().data());
    return absl::OkStatus();
  }
  void Close(absl::Status) override {}
};

/// A stack on a discarding device with `sockets` listeners per family on
/// ports 1000.. (the benchmark frame goes to the middle one).
struct StackFixture {
  std::unique_ptr<netdev::MemoryDevice> device = netdev::MakeDiscard(kMac);
  Drain drain;
  std::unique_ptr<stack::NetStack> net;
  std::vector<udp::UdpSocket> sockets;
  wire::IpAddress us4 = wire::IpAddress::V4(0xC0000202u);
  wire::IpAddress peer4 = wire::IpAddress::V4(0xC0000201u);
  wire::IpAddress us6;
  wire::IpAddress peer6;

  explicit StackFixture(size_t count) {
    stack::NetStackOptions options;
    options.interface.mac = kMac;
    options.interface.ipv4 = stack::IpPrefixAddress::Parse("192.0.2.2/24");
    options.interface.ipv6 = stack::IpPrefixAddress::Parse("2001:db8::2/64");
    options.clock_ms = [] { return int64_t{0}; };
    us6 = options.interface.ipv6->address;
    peer6 = stack::IpPrefixAddress::Parse("2001:db8::1/64")->address;
    net = std::move(stack::NetStack::Create(*device, std::move(options))).value();
    for (size_t i = 0; i < count; ++i) {
      const auto port = static_cast<uint16_t>(1000 + i);
      for (auto family : {wire::IpFamily::kIpv4, wire::IpFamily::kIpv6}) {
        auto socket = net->udp().Open(
            drain, std::nullopt, wire::SocketAddress{wire::IpAddress::Unspecified(family), port});
        if (socket.ok()) sockets.push_back(std::move(socket).value());
      }
    }
    net->SetNeighbor(peer4, kPeer);
    net->SetNeighbor(peer6, kPeer);
  }

  std::vector<std::byte> Frame(bool v6, size_t payload, uint16_t port) const {
    return bench::UdpFrame(kMac, kPeer, v6 ? peer6 : peer4, v6 ? us6 : us4, port, payload);
  }
};

void StackRx(benchmark::State& state, bool v6) {
  const auto payload = static_cast<size_t>(state.range(0));
  const auto count = static_cast<size_t>(state.range(1));
  StackFixture fixture(count);
  const std::vector<std::byte> frame =
      fixture.Frame(v6, payload, static_cast<uint16_t>(1000 + count / 2));
  if (fixture.net->ReceiveFrame(frame).verdict != stack::Verdict::kDeliver ||
      fixture.net->udp().DeliverQueued() != 1) {
    state.SkipWithError("the benchmark frame is not delivered");
    return;
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(fixture.net->ReceiveFrame(frame));
    fixture.net->udp().DeliverQueued();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(frame.size()));
}

void BM_StackRx(benchmark::State& state) { StackRx(state, false); }
void BM_StackRxV6(benchmark::State& state) { StackRx(state, true); }
BENCHMARK(BM_StackRx)->ArgsProduct({{18, 1472}, {1, 1024}});
BENCHMARK(BM_StackRxV6)->ArgsProduct({{18, 1472}, {1, 1024}});

void BM_StackTx(benchmark::State& state) {
  const auto payload = static_cast<size_t>(state.range(0));
  StackFixture fixture(1);
  udp::UdpSocket& socket = fixture.sockets.front();
  udp::TransferMetadata to;
  to.destination = wire::SocketAddress{fixture.peer4, 7};
  const std::vector<std::byte> bytes(payload, std::byte{0x5A});
  udp::IoBuffer buffer = socket.AllocateBuffer(payload);
  for (auto _ : state) {
    buffer = socket.AllocateBuffer(payload);
    (void)buffer.Append(bytes);
    benchmark::DoNotOptimize(socket.Deliver(std::move(buffer), to));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(payload + 8));
}
BENCHMARK(BM_StackTx)->Arg(18)->Arg(1472);

}  // namespace
