// Ethernet + IPv4/IPv6 + UDP frames for the benchmarks, with correct
// checksums, built with the wire emitters.
#ifndef RAMPART_BENCH_BENCH_FRAMES_H_
#define RAMPART_BENCH_BENCH_FRAMES_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "wire/bytes.h"
#include "wire/ethernet.h"
#include "wire/ipv4.h"
#include "wire/ipv6.h"
#include "wire/udp_checksum.h"

namespace rampart::bench {

/// @return a frame from `from` to `to` carrying a UDP datagram from port
///         40000 to `port` with `payload` bytes of 0x5A
inline std::vector<std::byte> UdpFrame(const wire::MacAddress& to, const wire::MacAddress& from,
                                       const wire::IpAddress& source,
                                       const wire::IpAddress& destination, uint16_t port,
                                       size_t payload) {
  const bool v6 = destination.family() == wire::IpFamily::kIpv6;
  const size_t ip_header = v6 ? 40 : 20;
  std::vector<std::byte> frame(14 + ip_header + 8 + payload, std::byte{0x5A});
  const wire::EthernetHeader eth{
      to, from, v6 ? wire::ether_type::kIpv6 : wire::ether_type::kIpv4, {}};
  (void)eth.Emit(std::span(frame).first(14));
  std::span<std::byte> udp = std::span(frame).subspan(14 + ip_header);
  wire::StoreBe16(udp, 0, 40000);
  wire::StoreBe16(udp, 2, port);
  wire::StoreBe16(udp, 4, static_cast<uint16_t>(8 + payload));
  wire::StoreBe16(udp, 6, 0);
  (void)wire::FillUdpChecksum(udp, source, destination);
  if (v6) {
    wire::Ipv6Header ip;
    ip.payload_length = static_cast<uint16_t>(8 + payload);
    ip.next_header = 17;
    ip.source = source;
    ip.destination = destination;
    (void)ip.Emit(std::span(frame).subspan<14, 40>());
  } else {
    wire::Ipv4Header ip;
    ip.total_length = static_cast<uint16_t>(20 + 8 + payload);
    ip.protocol = 17;
    ip.source = source;
    ip.destination = destination;
    (void)ip.Emit(std::span(frame).subspan<14, 20>());
  }
  return frame;
}

}  // namespace rampart::bench

#endif  // RAMPART_BENCH_BENCH_FRAMES_H_
