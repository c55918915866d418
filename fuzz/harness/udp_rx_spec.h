// An independent, deliberately plain executable spec of rampart's UDP
// receive rules (README "Receive policy"), used as the oracle of the
// udp_rx and udp_roundtrip fuzz targets. It shares no code with src/: its
// own address arrays, its own checksum loop, a linear scan for demux.
// If the core and this spec ever disagree, one of them is wrong.
#ifndef RAMPART_FUZZ_HARNESS_UDP_RX_SPEC_H_
#define RAMPART_FUZZ_HARNESS_UDP_RX_SPEC_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::spec {

/// An address: family 4 or 6; for 4 only the first 4 bytes count.
struct Addr {
  int family = 4;
  std::array<uint8_t, 16> bytes{};
};

/// One receiver as the spec sees it.
struct Listener {
  uint64_t id = 0;
  bool promiscuous = false;  // takes anything of any family and port
  int family = 4;
  bool wildcard = false;  // any local address of the family
  Addr address;           // used when !wildcard
  uint16_t port = 0;
  bool zero_checksum_ok = false;  // IPv6 only
  bool strict_peer = false;
  Addr peer;
  uint16_t peer_port = 0;
};

/// The spec's verdict.
struct Verdict {
  bool deliver = false;
  std::string_view reason;  // drop reason name (a literal), empty when delivering
  uint64_t id = 0;
  size_t payload_offset = 0;
  size_t payload_length = 0;
};

/// @return the verdict for one datagram
Verdict Decide(std::span<const uint8_t> datagram, const Addr& source, const Addr& destination,
               bool device_verified_checksum, const std::vector<Listener>& listeners);

/// @return true if the two addresses are equal (family and bytes that count)
bool SameAddr(const Addr& a, const Addr& b);

}  // namespace rampart::spec

#endif  // RAMPART_FUZZ_HARNESS_UDP_RX_SPEC_H_
