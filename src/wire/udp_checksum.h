// Computing and filling in the UDP checksum over its pseudo-header.
// Used by transmit, by fuzz harnesses and custom mutators (to turn a
// mutated datagram back into one whose checksum verifies), and by tools.
#ifndef RAMPART_WIRE_UDP_CHECKSUM_H_
#define RAMPART_WIRE_UDP_CHECKSUM_H_

#include <cstdint>
#include <span>

#include "wire/ip_address.h"

namespace rampart::wire {

/// The folded one's complement sum a UDP checksum covers: the pseudo-header
/// carrying `length` (the UDP length field, RFC 768) plus `covered`.
/// @param source      pseudo-header source address
/// @param destination pseudo-header destination address (same family)
/// @param length      the length the pseudo-header carries
/// @param covered     the datagram bytes the checksum covers
/// @return the folded sum; 0xFFFF when `covered` holds a correct checksum
uint16_t UdpFoldedSum(const IpAddress& source, const IpAddress& destination, uint16_t length,
                      std::span<const std::byte> covered);

/// Computes the value to put in a UDP checksum field.
/// @param source      pseudo-header source address
/// @param destination pseudo-header destination address (same family)
/// @param datagram    the UDP header and payload that the checksum covers,
///                    with the checksum field's bytes counted as they are
///                    (write 0 there first when computing for transmit)
/// @return the checksum, with a computed 0 returned as 0xFFFF (RFC 768:
///         0 on the wire means "no checksum")
uint16_t UdpChecksum(const IpAddress& source, const IpAddress& destination,
                     std::span<const std::byte> datagram);

/// Rewrites the checksum field of a datagram so that it verifies: over the
/// pseudo-header with the datagram's own length field, and over the first
/// min(length field, datagram size) bytes. Bytes after that are left alone.
/// @param datagram    the UDP header onward
/// @param source      pseudo-header source address
/// @param destination pseudo-header destination address
/// @return false (nothing written) if the datagram has fewer than 8 bytes
bool FillUdpChecksum(std::span<std::byte> datagram, const IpAddress& source,
                     const IpAddress& destination);

}  // namespace rampart::wire

#endif  // RAMPART_WIRE_UDP_CHECKSUM_H_
