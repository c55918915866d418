// BM_UdpRx/P/S/hit: the pure receive decision for a P-byte payload with S
// bound sockets, delivered (hit = 1) or to a port nobody holds (hit = 0).
// BM_UdpTx/P: building and checksumming one datagram through UdpStack.
#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>
#include <memory>
#include <vector>

#include "udp/demux_table.h"
#include "udp/network_layer.h"
#include "udp/rx_decision.h"
#include "udp/udp_stack.h"
#include "wire/bytes.h"
#include "wire/udp_checksum.h"

namespace {

using namespace rampart;

const wire::IpAddress kSource = wire::IpAddress::V4(0xC6336407u);       // 198.51.100.7
const wire::IpAddress kDestination = wire::IpAddress::V4(0xC0000201u);  // 192.0.2.1

std::vector<std::byte> Datagram(size_t payload, uint16_t port) {
  std::vector<std::byte> d(8 + payload, std::byte{0x5A});
  wire::StoreBe16(d, 0, 4000);
  wire::StoreBe16(d, 2, port);
  wire::StoreBe16(d, 4, static_cast<uint16_t>(d.size()));
  wire::StoreBe16(d, 6, 0);
  (void)wire::FillUdpChecksum(d, kSource, kDestination);
  return d;
}

void BM_UdpRx(benchmark::State& state) {
  const size_t payload = static_cast<size_t>(state.range(0));
  const auto sockets = static_cast<uint32_t>(state.range(1));
  const bool hit = state.range(2) != 0;
  udp::DemuxTable table;
  for (uint32_t i = 0; i < sockets; ++i) {
    // Ports 1..65535 on the wildcard, then exact addresses for the rest.
    wire::IpAddress local = i < 65535 ? wire::IpAddress::Unspecified(wire::IpFamily::kIpv4)
                                      : wire::IpAddress::V4(0xC0000300u + i);
    auto port = static_cast<uint16_t>(i % 65535 + 1);
    (void)table.Insert({local, port}, {udp::ConnectionId{i + 1}});
  }
  // With 65536 sockets every port is bound, so a miss goes to an address
  // with no exact binding and no wildcard... use the last port's exact
  // twin: the lookup still probes twice.
  uint16_t port = hit ? static_cast<uint16_t>(sockets / 2 + 1) : uint16_t{0};
  if (!hit) port = sockets < 65535 ? static_cast<uint16_t>(sockets + 1) : uint16_t{65535};
  std::vector<std::byte> d = Datagram(payload, port);
  udp::RxFacts facts{kSource,
                     hit || sockets < 65535 ? kDestination : wire::IpAddress::V4(0xCB007105u)};
  for (auto _ : state) {
    benchmark::DoNotOptimize(udp::DecideRx(d, facts, udp::ChecksumPolicy::kVerify, table));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(d.size()));
}
BENCHMARK(BM_UdpRx)->ArgsProduct({{18, 64, 1472}, {1, 1024, 65536}, {1, 0}});

class NullReceiver : public udp::DataTransfer {
 public:
  absl::Status Deliver(udp::IoBuffer, const udp::TransferMetadata&) override { return {}; }
  void Close(absl::Status) override {}
};

void BM_UdpTx(benchmark::State& state) {
  const size_t payload = static_cast<size_t>(state.range(0));
  udp::InMemoryNetworkLayer net(kSource, std::nullopt);
  auto stack = udp::UdpStack::Create(net, {});
  NullReceiver receiver;
  auto socket = (*stack)->Open(receiver, wire::SocketAddress{kDestination, 53},
                               wire::SocketAddress{kSource, 5000});
  std::vector<std::byte> bytes(payload, std::byte{0x5A});
  for (auto _ : state) {
    udp::IoBuffer buffer = socket->AllocateBuffer(payload);
    (void)buffer.Append(bytes);
    benchmark::DoNotOptimize(socket->Deliver(std::move(buffer), {}));
    // Taken inside the timing: PauseTiming reads the clock twice, which
    // costs more than the send itself on a VM without a fast clock.
    benchmark::DoNotOptimize(net.TakeSent());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(payload + 8));
}
BENCHMARK(BM_UdpTx)->Arg(18)->Arg(1472);

}  // namespace
