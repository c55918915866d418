// Where in the stack a frame's fate was decided, the stack's own drop
// reasons, and the one list of every reason name of every layer.
#ifndef RAMPART_STACK_DROP_H_
#define RAMPART_STACK_DROP_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace rampart::stack {

/// The layer that decided a frame's fate. Names are stable (`rampart
/// inspect` prints them): "eth", "arp", "ipv4", "ipv6", "frag", "icmp",
/// "udp", plus "tx" and "neigh" for transmit-side drops.
enum class Layer : uint8_t { kEth, kArp, kIpv4, kIpv6, kFrag, kIcmp, kUdp, kTx, kNeigh };

/// @return the layer's stable name
std::string_view LayerName(Layer layer);

/// Drop reasons that belong to the stack rather than to a wire view (the
/// wire views' own error names, e.g. "ipv4_truncated_header", are drop
/// reasons too). Stable names from StackDropName(); never rename, only add.
enum class StackDrop : uint8_t {
  kEthNotForUs,              ///< destination MAC is neither ours, broadcast nor a joined group
  kEthSourceMulticast,       ///< source MAC has the group bit set
  kEthVlanNotConfigured,     ///< an 802.1Q frame on an interface without a VLAN
  kEthVlanMismatch,          ///< untagged, or tagged with another VLAN id
  kEthUnsupportedType,       ///< an EtherType other than IPv4, ARP, IPv6
  kArpNotForUs,              ///< target address is not ours
  kArpBadSender,             ///< sender MAC multicast, or sender IP not unicast or ours
  kArpNotConfigured,         ///< no IPv4 address on the interface
  kIpv4BadChecksum,          ///< header checksum does not verify
  kIpv4ReservedFlag,         ///< the reserved (evil) flag bit is set (RFC 791, 3514)
  kIpv4SourceInvalid,        ///< source is multicast, broadcast or ours
  kIpv4NotForUs,             ///< destination is not ours (no forwarding)
  kIpv4UnsupportedProtocol,  ///< neither ICMP nor UDP
  kIpv6SourceInvalid,        ///< source is multicast or ours
  kIpv6NotForUs,             ///< destination is not ours (no forwarding)
  kIpv6UnsupportedProtocol,  ///< after the extension headers: neither ICMPv6 nor UDP
  kFragOverlap,              ///< a fragment overlaps another (RFC 5722): whole datagram dropped
  kFragTooLarge,             ///< offset + length beyond the 65535-byte packet limit
  kFragBadLength,        ///< a fragment with more-fragments set whose length is not a multiple of 8
  kFragEmpty,            ///< a fragment with no data and more-fragments set
  kFragInconsistentEnd,  ///< data past the last fragment's end, or two different ends
  kFragTooManyFragments,  ///< more fragments for one datagram than allowed
  kFragMemoryLimit,       ///< the per-source or total reassembly budget is spent
  kFragTimeout,           ///< the datagram did not complete in time
  kFragNested,            ///< a fragment header inside a reassembled datagram
  kIcmpBadChecksum,       ///< ICMP/ICMPv6 checksum does not verify
  kIcmpUnsupportedType,   ///< a type rampart does not handle
  kIcmpEchoNotUnicast,    ///< echo request to a broadcast or multicast address
  kNdpBadHopLimit,        ///< NDP message with hop limit other than 255
  kNdpNotForUs,           ///< solicitation for a target that is not ours
  kNdpBadSource,          ///< NS from the unspecified address with a link-layer option
  kNeighQueueFull,        ///< no room to hold a packet waiting for resolution
  kNeighCacheFull,        ///< every cache entry is busy resolving
  kNeighUnresolved,       ///< the neighbor never answered; waiting packets dropped
  kTxNoRoute,             ///< no address of the family, or off-link without a gateway
  kTxTooBig,              ///< the IP packet would exceed 65535 bytes
  kTxDeviceError,         ///< the device refused the frame
};

inline constexpr size_t kStackDropCount = static_cast<size_t>(StackDrop::kTxDeviceError) + 1;

/// @return the reason's stable name, e.g. "frag_overlap"
std::string_view StackDropName(StackDrop reason);
/// @return the layer a stack reason belongs to
Layer StackDropLayer(StackDrop reason);

/// One drop reason of any layer: its name and its layer.
struct NamedReason {
  Layer layer;
  std::string_view name;
};

/// @return every drop reason name of every layer (wire view errors, stack
///         reasons, UDP reasons), each once, grouped by layer
const std::vector<NamedReason>& AllReasonNames();

}  // namespace rampart::stack

#endif  // RAMPART_STACK_DROP_H_
