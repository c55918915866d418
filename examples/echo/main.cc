// A UDP echo service on a rampart stack, from the installed public API.
//   echo DEVICE        e.g. tap:rp0 (live; stops after 10 s) or
//                      pcap:IN.pcap,OUT.pcap (replays IN, writes the answers)
// Interface 192.0.2.2/24 and 2001:db8::2/64, MAC 02:00:00:00:00:02, port 7.
#include <rampart/netdev/device_spec.h>
#include <rampart/stack/net_stack.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>

namespace {

using namespace rampart;

/// Sends every datagram back to where it came from.
class Echo final : public udp::DataTransfer {
 public:
  absl::Status Deliver(udp::IoBuffer data, const udp::TransferMetadata& metadata) override {
    if (socket == nullptr || !metadata.source) return absl::OkStatus();
    udp::TransferMetadata reply;
    reply.destination = metadata.source;
    if (socket->Deliver(std::move(data), reply).ok()) ++echoed;
    return absl::OkStatus();
  }
  void Close(absl::Status) override { socket = nullptr; }
  udp::UdpSocket* socket = nullptr;
  int echoed = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: echo DEVICE (tap:NAME or pcap:IN,OUT)\n");
    return 2;
  }
  stack::NetStackOptions options;
  options.interface.mac = wire::MacAddress{{0x02, 0, 0, 0, 0, 0x02}};
  options.interface.ipv4 = stack::IpPrefixAddress::Parse("192.0.2.2/24");
  options.interface.ipv6 = stack::IpPrefixAddress::Parse("2001:db8::2/64");
  auto device = netdev::OpenDevice(argv[1], options.interface.mac, options.interface.mtu);
  if (!device.ok()) {
    std::fprintf(stderr, "echo: %s\n", std::string(device.status().message()).c_str());
    return 1;
  }
  auto stack = stack::NetStack::Create(**device, std::move(options));
  if (!stack.ok()) {
    std::fprintf(stderr, "echo: %s\n", std::string(stack.status().message()).c_str());
    return 1;
  }
  Echo echo4, echo6;
  auto socket4 = (*stack)->udp().Open(
      echo4, std::nullopt,
      wire::SocketAddress{wire::IpAddress::Unspecified(wire::IpFamily::kIpv4), 7});
  auto socket6 = (*stack)->udp().Open(
      echo6, std::nullopt,
      wire::SocketAddress{wire::IpAddress::Unspecified(wire::IpFamily::kIpv6), 7});
  if (!socket4.ok() || !socket6.ok()) return 1;
  echo4.socket = &*socket4;
  echo6.socket = &*socket6;
  // Poll until the input has been quiet for about a second (a pcap replay
  // ends that way) or 10 s have passed.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int idle = 0;
  while (std::chrono::steady_clock::now() < deadline && idle < 100) {
    auto received = (*stack)->Poll(64);
    if (!received.ok()) break;
    idle = *received == 0 ? idle + 1 : 0;
    if (*received == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::printf("echo: %d datagrams echoed; counters %s\n", echo4.echoed + echo6.echoed,
              (*stack)->CountersJson().c_str());
  return 0;
}
