// Where things are in a udp_rx fuzz input. The target, the libFuzzer
// custom mutator and the AFL++ post-processor all locate fields through
// this one description, so they cannot disagree.
//
//   [0]  flags (kRx* below)
//   [1]  bits 0-2: number of bound listeners; bit 7: custom mutators leave
//        the checksum raw (so mutated inputs still reach the reject paths)
//   [2]  pseudo-header of the family (12 or 40 bytes)
//   ...  with kRxOtherFamilySource: a pseudo-header of the other family,
//        whose source address is the datagram's source
//   ...  4 bytes per listener
//   ...  the datagram
// Fields past the end of the input read as zeros.
#ifndef RAMPART_FUZZ_HARNESS_UDP_RX_LAYOUT_H_
#define RAMPART_FUZZ_HARNESS_UDP_RX_LAYOUT_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "wire/ip_address.h"

namespace rampart::fuzz {

inline constexpr uint8_t kRxIpv6 = 0x01;
inline constexpr uint8_t kRxHarnessFixesChecksum = 0x02;
inline constexpr uint8_t kRxDeviceVerified = 0x04;
inline constexpr uint8_t kRxPromiscuous = 0x08;
inline constexpr uint8_t kRxPromiscuousZeroOk = 0x10;
inline constexpr uint8_t kRxOtherFamilySource = 0x20;
inline constexpr uint8_t kRxZeroChecksum = 0x40;
inline constexpr uint8_t kRxPromiscuousPeerFilter = 0x80;
inline constexpr uint8_t kRxMutatorLeavesRaw = 0x80;  // in byte 1

/// Offsets of a udp_rx input's parts.
struct UdpRxLayout {
  uint8_t flags = 0;
  uint8_t count_byte = 0;
  size_t listeners = 0;
  wire::IpFamily family = wire::IpFamily::kIpv4;
  size_t pseudo_offset = 2;
  size_t pseudo_size = 0;
  size_t other_pseudo_offset = 0;  // 0 when absent
  size_t other_pseudo_size = 0;
  size_t listeners_offset = 0;
  size_t datagram_offset = 0;

  /// @param input a udp_rx input (any length)
  /// @return its layout; offsets may lie past the end of a short input
  static UdpRxLayout Of(std::span<const std::byte> input);
};

/// Rewrites the datagram's checksum in a udp_rx input so that it verifies
/// against the input's own pseudo-header addresses (with wire::
/// FillUdpChecksum, the routine transmit uses), unless byte 1 asks for raw
/// or the source is of the other family.
/// @param input the input, modified in place
/// @return true if a checksum was written
bool FixUdpRxChecksum(std::span<std::byte> input);

}  // namespace rampart::fuzz

#endif  // RAMPART_FUZZ_HARNESS_UDP_RX_LAYOUT_H_
