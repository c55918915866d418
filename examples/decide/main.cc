// Embeds rampart's pure frame decision: hand-built Ethernet + IPv4 + UDP
// frames, one interface, one listener, and what ClassifyFrame decides.
// Exits 0 when every decision is the expected one.
#include <rampart/base/version.h>
#include <rampart/stack/frame_classifier.h>
#include <rampart/udp/demux_table.h>
#include <rampart/wire/bytes.h>
#include <rampart/wire/ethernet.h>
#include <rampart/wire/ipv4.h>
#include <rampart/wire/udp.h>
#include <rampart/wire/udp_checksum.h>

#include <cstdio>
#include <vector>

namespace {

using namespace rampart;

const wire::MacAddress kUs{{0x02, 0, 0, 0, 0, 0x02}};
const wire::MacAddress kPeer{{0x02, 0, 0, 0, 0, 0x01}};
const wire::IpAddress kUs4 = wire::IpAddress::V4(0xC0000202u);    // 192.0.2.2
const wire::IpAddress kPeer4 = wire::IpAddress::V4(0xC0000201u);  // 192.0.2.1

/// @return an Ethernet + IPv4 + UDP frame to port `port` with `payload`
std::vector<std::byte> Frame(uint16_t port, std::string_view payload) {
  std::vector<std::byte> frame(14 + 20 + 8 + payload.size());
  (void)wire::EthernetHeader{kUs, kPeer, wire::ether_type::kIpv4, {}}.Emit(
      std::span(frame).first(14));
  std::span<std::byte> udp = std::span(frame).subspan(34);
  wire::UdpHeader{40000, port, static_cast<uint16_t>(8 + payload.size()), 0}.Emit(udp.first<8>());
  for (size_t i = 0; i < payload.size(); ++i) udp[8 + i] = std::byte(payload[i]);
  (void)wire::FillUdpChecksum(udp, kPeer4, kUs4);
  wire::Ipv4Header ip;
  ip.total_length = static_cast<uint16_t>(20 + udp.size());
  ip.protocol = 17;
  ip.source = kPeer4;
  ip.destination = kUs4;
  (void)ip.Emit(std::span(frame).subspan<14, 20>());
  return frame;
}

}  // namespace

int main() {
  stack::InterfaceConfig config;
  config.mac = kUs;
  config.ipv4 = stack::IpPrefixAddress{kUs4, 24};
  const stack::InterfaceAddresses addresses(config);
  udp::DemuxTable listeners;
  (void)listeners.Insert({wire::IpAddress::Unspecified(wire::IpFamily::kIpv4), 7},
                         {udp::ConnectionId{1}});
  const stack::StackSnapshot snapshot{config, addresses, listeners};

  std::vector<std::byte> corrupt = Frame(7, "hello");
  corrupt.back() ^= std::byte{1};
  struct Case {
    const char* what;
    std::vector<std::byte> frame;
    Reason expected;
  };
  const Case cases[] = {
      {"to the listener", Frame(7, "hello"), Reason::kNone},
      {"to a closed port", Frame(9, "hello"), Reason::kUdpNoListener},
      {"a corrupted payload", corrupt, Reason::kUdpChecksumMismatch},
  };
  std::printf("rampart %s: ClassifyFrame on hand-built frames\n", std::string(kVersion).c_str());
  int wrong = 0;
  for (const Case& c : cases) {
    const stack::FrameDecision decision = stack::ClassifyFrame(c.frame, snapshot);
    std::printf(
        "  %-20s -> %s at %s%s%s\n", c.what,
        std::string(stack::VerdictName(decision.verdict)).c_str(),
        std::string(LayerName(decision.layer)).c_str(),
        decision.reason == Reason::kNone ? "" : ": ",
        decision.reason == Reason::kNone ? "" : std::string(ReasonName(decision.reason)).c_str());
    if (decision.reason != c.expected) ++wrong;
  }
  return wrong == 0 ? 0 : 1;
}
