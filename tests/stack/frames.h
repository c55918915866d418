// Hand-built frames for the stack tests. Headers are written byte by byte
// here, and checksums come from the slow reference in test_util, so the
// tests do not use the emitters they test.
#ifndef RAMPART_TESTS_STACK_FRAMES_H_
#define RAMPART_TESTS_STACK_FRAMES_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "wire/ethernet.h"
#include "wire/ip_address.h"

namespace rampart::testing {

inline constexpr wire::MacAddress kStackMac{{0x02, 0x00, 0x00, 0x00, 0x00, 0x02}};
inline constexpr wire::MacAddress kPeerMac{{0x02, 0x00, 0x00, 0x00, 0x00, 0x01}};

/// Fields of a hand-built IPv4 header.
struct V4Fields {
  uint16_t identification = 0x1234;
  uint32_t offset = 0;  ///< bytes (multiple of 8)
  bool more = false;
  bool reserved_flag = false;
  uint8_t ttl = 64;
  bool corrupt_checksum = false;
};

/// @return Ethernet header (+ optional 802.1Q tag with `vlan`) + payload
std::vector<std::byte> EthFrame(const wire::MacAddress& destination, const wire::MacAddress& source,
                                uint16_t type, const std::vector<std::byte>& payload,
                                int vlan = -1);
/// @return a 20-byte IPv4 header + payload
std::vector<std::byte> Ipv4Packet(const wire::IpAddress& source, const wire::IpAddress& destination,
                                  uint8_t protocol, const std::vector<std::byte>& payload,
                                  V4Fields fields = {});
/// @return a 40-byte IPv6 header + payload
std::vector<std::byte> Ipv6Packet(const wire::IpAddress& source, const wire::IpAddress& destination,
                                  uint8_t next_header, const std::vector<std::byte>& payload,
                                  uint8_t hop_limit = 64);
/// @return an IPv6 fragment header followed by `data`
std::vector<std::byte> Ipv6FragmentHeader(uint8_t next_header, uint32_t offset, bool more,
                                          uint32_t identification,
                                          const std::vector<std::byte>& data);
/// @return an ICMP echo request (v4 or v6 by the addresses) with its checksum
std::vector<std::byte> EchoRequest(const wire::IpAddress& source,
                                   const wire::IpAddress& destination, uint16_t identifier,
                                   uint16_t sequence, const std::vector<std::byte>& data);
/// @return an ARP request (operation 1) or reply (2) for Ethernet/IPv4
std::vector<std::byte> ArpBody(uint16_t operation, const wire::MacAddress& sender_mac,
                               const wire::IpAddress& sender_ip, const wire::MacAddress& target_mac,
                               const wire::IpAddress& target_ip);
/// @return a neighbor solicitation for `target` with a source link-layer
///         option (unless `with_option` is false), checksummed
std::vector<std::byte> NeighborSolicitation(const wire::IpAddress& source,
                                            const wire::IpAddress& destination,
                                            const wire::IpAddress& target,
                                            const wire::MacAddress& mac, bool with_option = true);

}  // namespace rampart::testing

#endif  // RAMPART_TESTS_STACK_FRAMES_H_
