// BM_FrameRx/P and BM_FrameRxV6/P: a whole Ethernet + IPv4 (IPv6) + UDP
// frame with a P-byte payload through the pure frame decision
// (stack::ClassifyFrame): Ethernet checks, IPv4 header checksum, UDP
// checksum, demux among 1024 bound sockets.
// BM_Reassembly: a 3-fragment datagram (1472 + 1472 + 8 bytes) through the
// reassembler, from the first fragment to the completed payload.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

#include "bench_frames.h"
#include "stack/frame_classifier.h"
#include "stack/reassembly.h"
#include "udp/demux_table.h"
#include "wire/bytes.h"
#include "wire/checksum.h"
#include "wire/ethernet.h"
#include "wire/ipv4.h"
#include "wire/ipv6.h"
#include "wire/udp_checksum.h"

namespace {

using namespace rampart;

const wire::MacAddress kMac{{0x02, 0, 0, 0, 0, 0x02}};
const wire::MacAddress kPeer{{0x02, 0, 0, 0, 0, 0x01}};

struct Fixture {
  stack::InterfaceConfig config;
  udp::DemuxTable demux;
  Fixture() {
    config.mac = kMac;
    config.ipv4 = stack::IpPrefixAddress::Parse("192.0.2.2/24");
    config.ipv6 = stack::IpPrefixAddress::Parse("2001:db8::2/64");
    for (uint32_t i = 0; i < 1024; ++i) {
      const auto port = static_cast<uint16_t>(1000 + i);
      (void)demux.Insert({wire::IpAddress::Unspecified(wire::IpFamily::kIpv4), port},
                         {udp::ConnectionId{i + 1}});
      (void)demux.Insert({wire::IpAddress::Unspecified(wire::IpFamily::kIpv6), port},
                         {udp::ConnectionId{i + 2000}});
    }
  }
};

std::vector<std::byte> Frame(bool v6, size_t payload) {
  const Fixture fixture;
  const wire::IpAddress source = v6 ? stack::IpPrefixAddress::Parse("2001:db8::1/64")->address
                                    : wire::IpAddress::V4(0xC0000201u);
  const wire::IpAddress destination =
      v6 ? fixture.config.ipv6->address : fixture.config.ipv4->address;
  return bench::UdpFrame(kMac, kPeer, source, destination, 1512, payload);  // the 513th socket
}

void FrameRx(benchmark::State& state, bool v6) {
  static const Fixture fixture;
  const std::vector<std::byte> frame = Frame(v6, static_cast<size_t>(state.range(0)));
  const stack::InterfaceAddresses addresses(fixture.config);
  const stack::StackSnapshot snapshot{fixture.config, addresses, fixture.demux};
  if (stack::ClassifyFrame(frame, snapshot).verdict != stack::Verdict::kDeliver) {
    state.SkipWithError("the benchmark frame is not delivered");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(stack::ClassifyFrame(frame, snapshot));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(frame.size()));
}

void BM_FrameRx(benchmark::State& state) { FrameRx(state, false); }
void BM_FrameRxV6(benchmark::State& state) { FrameRx(state, true); }
BENCHMARK(BM_FrameRx)->Arg(18)->Arg(64)->Arg(1472);
BENCHMARK(BM_FrameRxV6)->Arg(18)->Arg(64)->Arg(1472);

void BM_Reassembly(benchmark::State& state) {
  std::vector<std::byte> data(2952, std::byte{0x42});
  stack::Reassembler reassembler;
  stack::Fragment fragment;
  fragment.key = {wire::IpAddress::V4(0xC0000201u), wire::IpAddress::V4(0xC0000202u), 7, 17};
  fragment.protocol = 17;
  uint32_t id = 0;
  for (auto _ : state) {
    fragment.key.identification = ++id;
    for (uint32_t offset : {0u, 1472u, 2944u}) {
      fragment.offset = offset;
      fragment.more = offset != 2944;
      fragment.data = std::span<const std::byte>(data).subspan(offset, offset == 2944 ? 8 : 1472);
      benchmark::DoNotOptimize(reassembler.Add(fragment, 0));
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * 2952);
}
BENCHMARK(BM_Reassembly);

}  // namespace
