// The one table of drop reasons: every reason of every layer, with its
// layer, stable name, rule and the MIB aggregate it also counts under.
// Names, counter indexes, `rampart stats --list`, the JSON counters and the
// README/SECURITY.md tables all come from this table or are checked
// against it (tests/base/reason_test.cc, tests/docs/reasons_listed.sh).
//
// To add a reason: add its enumerator (before kEnd, grouped by layer) and
// its row in kReasonTable in the same place, then the README and
// SECURITY.md rows (`rampart stats --list --format markdown` prints them).
// The static_asserts below refuse an enumerator without a row, a row out
// of order, a duplicate name or an empty rule.
#ifndef RAMPART_BASE_REASON_H_
#define RAMPART_BASE_REASON_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace rampart {

/// The layer that decided a frame's fate. Names are stable (`rampart
/// inspect` prints them).
/// kDns is the resolver (src/dns/), above UDP: its reasons refuse DNS
/// messages, not frames.
enum class Layer : uint8_t { kEth, kArp, kIpv4, kIpv6, kFrag, kIcmp, kUdp, kTx, kNeigh, kDns };

/// Number of Layer values.
inline constexpr size_t kLayerCount = static_cast<size_t>(Layer::kDns) + 1;

/// @return the layer's stable name: "eth", "arp", "ipv4", "ipv6", "frag",
///         "icmp", "udp", "tx", "neigh", "dns"
constexpr std::string_view LayerName(Layer layer) {
  constexpr std::array<std::string_view, kLayerCount> kNames = {
      "eth", "arp", "ipv4", "ipv6", "frag", "icmp", "udp", "tx", "neigh", "dns"};
  return kNames[static_cast<size_t>(layer)];
}

/// The MIB-style aggregate a reason also counts under (RFC 2863 ifTable,
/// RFC 4293 IP-MIB, RFC 4292 ICMP, RFC 4113 UDP-MIB; Linux's InCsumErrors
/// and RcvbufErrors, which Linux also counts in InErrors).
enum class Aggregate : uint8_t {
  kNone,               ///< counted by its own name only
  kIfInErrors,         ///< ifInErrors: malformed link-layer frames
  kIfInDiscards,       ///< ifInDiscards: well-formed frames not for us
  kIfInUnknownProtos,  ///< ifInUnknownProtos: an EtherType we do not speak
  kIpInHdrErrors,      ///< ipInHdrErrors
  kIpInAddrErrors,     ///< ipInAddrErrors: not addressed to us
  kIpInUnknownProtos,  ///< ipInUnknownProtos
  kIpReasmFails,       ///< ipReasmFails
  kIpOutNoRoutes,      ///< ipOutNoRoutes
  kIpOutDiscards,      ///< ipOutDiscards
  kIcmpInErrors,       ///< icmpInErrors
  kUdpNoPorts,         ///< udpNoPorts
  kUdpInErrors,        ///< udpInErrors
  kUdpInCsumErrors,    ///< Linux InCsumErrors (also in InErrors)
  kUdpRcvbufErrors,    ///< Linux RcvbufErrors (also in InErrors)
};

/// Number of Aggregate values.
inline constexpr size_t kAggregateCount = static_cast<size_t>(Aggregate::kUdpRcvbufErrors) + 1;

/// @return the aggregate's counter name, e.g. "IpInHdrErrors"
constexpr std::string_view AggregateName(Aggregate aggregate) {
  constexpr std::array<std::string_view, kAggregateCount> kNames = {
      "None",          "IfInErrors",      "IfInDiscards",      "IfInUnknownProtos",
      "IpInHdrErrors", "IpInAddrErrors",  "IpInUnknownProtos", "IpReasmFails",
      "IpOutNoRoutes", "IpOutDiscards",   "IcmpInErrors",      "UdpNoPorts",
      "UdpInErrors",   "UdpInCsumErrors", "UdpRcvbufErrors"};
  return kNames[static_cast<size_t>(aggregate)];
}

/// Every reason a frame, packet or datagram is refused, at any layer.
/// kNone (0) means "no reason" (a success); kEnd counts the rest.
/// Stable names come from kReasonTable: never rename one, only add.
enum class Reason : uint16_t {
  kNone,
  kEthTruncatedHeader,
  kEthLengthNotType,
  kEthTruncatedVlanTag,
  kEthNotForUs,
  kEthSourceMulticast,
  kEthVlanNotConfigured,
  kEthVlanMismatch,
  kEthUnsupportedType,
  kArpTruncated,
  kArpUnsupportedFormat,
  kArpUnknownOperation,
  kArpNotForUs,
  kArpBadSender,
  kArpNotConfigured,
  kIpv4TruncatedHeader,
  kIpv4BadVersion,
  kIpv4HeaderLengthBelowMinimum,
  kIpv4HeaderExceedsPacket,
  kIpv4TotalLengthBelowHeader,
  kIpv4TotalLengthExceedsPacket,
  kIpv4BadChecksum,
  kIpv4ReservedFlag,
  kIpv4SourceInvalid,
  kIpv4NotForUs,
  kIpv4UnsupportedProtocol,
  kIpv6TruncatedHeader,
  kIpv6BadVersion,
  kIpv6PayloadLengthExceedsPacket,
  kIpv6TruncatedExtension,
  kIpv6HopByHopNotFirst,
  kIpv6TooManyExtensions,
  kIpv6OptionOverrun,
  kIpv6OptionMalformed,
  kIpv6OptionUnknownDiscard,
  kIpv6OptionUnknownReport,
  kIpv6JumboBad,
  kIpv6JumboUnsupported,
  kIpv6SourceInvalid,
  kIpv6NotForUs,
  kIpv6UnsupportedProtocol,
  kFragOverlap,
  kFragTooLarge,
  kFragBadLength,
  kFragEmpty,
  kFragInconsistentEnd,
  kFragTooManyFragments,
  kFragMemoryLimit,
  kFragTimeout,
  kFragNested,
  kIcmpTruncated,
  kIcmpQuotedTruncated,
  kIcmpQuotedBadVersion,
  kIcmpQuotedHeaderLength,
  kIcmpBadChecksum,
  kIcmpUnsupportedType,
  kIcmpEchoNotUnicast,
  kNdpTruncated,
  kNdpNotNeighborMessage,
  kNdpBadCode,
  kNdpZeroLengthOption,
  kNdpOptionExceedsMessage,
  kNdpBadLinkLayerOption,
  kNdpMulticastTarget,
  kNdpBadHopLimit,
  kNdpNotForUs,
  kNdpBadSource,
  kNeighQueueFull,
  kNeighCacheFull,
  kNeighUnresolved,
  kTxNoRoute,
  kTxTooBig,
  kTxDeviceError,
  kUdpAddressFamilyMismatch,
  kUdpTruncatedHeader,
  kUdpLengthBelowHeader,
  kUdpIpv6Jumbogram,
  kUdpLengthExceedsPacket,
  kUdpSourceNotUnicast,
  kUdpDestinationPortZero,
  kUdpChecksumMismatch,
  kUdpIpv6ZeroChecksum,
  kUdpNoListener,
  kUdpPeerMismatch,
  kUdpReceiveQueueFull,
  kUdpReceiveQueueBytesFull,
  kUdpBufferPoolEmpty,
  kUdpConnectionClosed,
  kDnsTruncatedHeader,
  kDnsNameTruncated,
  kDnsLabelReservedType,
  kDnsPointerIntoHeader,
  kDnsPointerNotBackwards,
  kDnsTooManyPointers,
  kDnsNameTooLong,
  kDnsQuestionTruncated,
  kDnsRecordTruncated,
  kDnsRdataExceedsMessage,
  kDnsRdataBadLength,
  kDnsResponseTooLong,
  kDnsWrongSource,
  kDnsNotResponse,
  kDnsIdMismatch,
  kDnsQuestionMismatch,
  kDnsTruncatedAnswer,
  kDnsCnameChainTooLong,
  kDnsRecordNotAsked,
  kEnd,
};

/// Number of Reason values, kNone included (the size of a counter array
/// indexed by Reason).
inline constexpr size_t kReasonCount = static_cast<size_t>(Reason::kEnd);

/// One row of the table.
struct ReasonInfo {
  Reason reason;
  Layer layer;
  std::string_view name;  ///< stable snake_case name, prefixed by its layer
  Aggregate aggregate;
  std::string_view rule;  ///< the rule in a few words, with its RFC where there is one
};

/// The table, in enum order (row i describes Reason i + 1).
inline constexpr std::array<ReasonInfo, kReasonCount - 1> kReasonTable = {{
    {Reason::kEthTruncatedHeader, Layer::kEth, "eth_truncated_header", Aggregate::kIfInErrors,
     "fewer than 14 bytes"},
    {Reason::kEthLengthNotType, Layer::kEth, "eth_length_not_type", Aggregate::kIfInErrors,
     "EtherType field < 0x0600: an 802.3 length frame"},
    {Reason::kEthTruncatedVlanTag, Layer::kEth, "eth_truncated_vlan_tag", Aggregate::kIfInErrors,
     "802.1Q TPID but fewer than 18 bytes"},
    {Reason::kEthNotForUs, Layer::kEth, "eth_not_for_us", Aggregate::kIfInDiscards,
     "destination MAC is not ours, broadcast, or a joined IPv6 group (all-nodes, our "
     "solicited-node groups)"},
    {Reason::kEthSourceMulticast, Layer::kEth, "eth_source_multicast", Aggregate::kIfInDiscards,
     "source MAC has the group bit set"},
    {Reason::kEthVlanNotConfigured, Layer::kEth, "eth_vlan_not_configured",
     Aggregate::kIfInDiscards, "an 802.1Q-tagged frame on an interface without a VLAN"},
    {Reason::kEthVlanMismatch, Layer::kEth, "eth_vlan_mismatch", Aggregate::kIfInDiscards,
     "with a VLAN configured: untagged, or tagged with another id"},
    {Reason::kEthUnsupportedType, Layer::kEth, "eth_unsupported_type",
     Aggregate::kIfInUnknownProtos, "EtherType other than IPv4, ARP, IPv6"},
    {Reason::kArpTruncated, Layer::kArp, "arp_truncated", Aggregate::kIfInErrors,
     "fewer than 28 bytes"},
    {Reason::kArpUnsupportedFormat, Layer::kArp, "arp_unsupported_format", Aggregate::kIfInErrors,
     "not Ethernet (1, length 6) / IPv4 (0x0800, length 4)"},
    {Reason::kArpUnknownOperation, Layer::kArp, "arp_unknown_operation", Aggregate::kIfInErrors,
     "operation neither request (1) nor reply (2)"},
    {Reason::kArpNotForUs, Layer::kArp, "arp_not_for_us", Aggregate::kIfInDiscards,
     "target protocol address is not our IPv4 address"},
    {Reason::kArpBadSender, Layer::kArp, "arp_bad_sender", Aggregate::kIfInDiscards,
     "sender MAC multicast, or sender IP multicast/broadcast/ours (unspecified only in an RFC 5227 "
     "probe)"},
    {Reason::kArpNotConfigured, Layer::kArp, "arp_not_configured", Aggregate::kIfInDiscards,
     "the interface has no IPv4 address"},
    {Reason::kIpv4TruncatedHeader, Layer::kIpv4, "ipv4_truncated_header", Aggregate::kIpInHdrErrors,
     "fewer than 20 bytes"},
    {Reason::kIpv4BadVersion, Layer::kIpv4, "ipv4_bad_version", Aggregate::kIpInHdrErrors,
     "version field is not 4"},
    {Reason::kIpv4HeaderLengthBelowMinimum, Layer::kIpv4, "ipv4_header_length_below_minimum",
     Aggregate::kIpInHdrErrors, "IHL < 5"},
    {Reason::kIpv4HeaderExceedsPacket, Layer::kIpv4, "ipv4_header_exceeds_packet",
     Aggregate::kIpInHdrErrors, "IHL*4 > bytes held"},
    {Reason::kIpv4TotalLengthBelowHeader, Layer::kIpv4, "ipv4_total_length_below_header",
     Aggregate::kIpInHdrErrors, "total length < IHL*4"},
    {Reason::kIpv4TotalLengthExceedsPacket, Layer::kIpv4, "ipv4_total_length_exceeds_packet",
     Aggregate::kIpInHdrErrors, "total length > bytes held (link padding after it is ignored)"},
    {Reason::kIpv4BadChecksum, Layer::kIpv4, "ipv4_bad_checksum", Aggregate::kIpInHdrErrors,
     "header checksum does not verify (RFC 791)"},
    {Reason::kIpv4ReservedFlag, Layer::kIpv4, "ipv4_reserved_flag", Aggregate::kIpInHdrErrors,
     "the reserved flag bit is set (RFC 791)"},
    {Reason::kIpv4SourceInvalid, Layer::kIpv4, "ipv4_source_invalid", Aggregate::kIpInHdrErrors,
     "source is multicast, limited or subnet broadcast, or our own address"},
    {Reason::kIpv4NotForUs, Layer::kIpv4, "ipv4_not_for_us", Aggregate::kIpInAddrErrors,
     "destination is not ours, a broadcast or 224.0.0.1 (no forwarding, no other groups)"},
    {Reason::kIpv4UnsupportedProtocol, Layer::kIpv4, "ipv4_unsupported_protocol",
     Aggregate::kIpInUnknownProtos, "protocol neither ICMP (1) nor UDP (17)"},
    {Reason::kIpv6TruncatedHeader, Layer::kIpv6, "ipv6_truncated_header", Aggregate::kIpInHdrErrors,
     "fewer than 40 bytes"},
    {Reason::kIpv6BadVersion, Layer::kIpv6, "ipv6_bad_version", Aggregate::kIpInHdrErrors,
     "version field is not 6"},
    {Reason::kIpv6PayloadLengthExceedsPacket, Layer::kIpv6, "ipv6_payload_length_exceeds_packet",
     Aggregate::kIpInHdrErrors, "payload length > bytes held after the header"},
    {Reason::kIpv6TruncatedExtension, Layer::kIpv6, "ipv6_truncated_extension",
     Aggregate::kIpInHdrErrors, "an extension header runs past the payload"},
    {Reason::kIpv6HopByHopNotFirst, Layer::kIpv6, "ipv6_hop_by_hop_not_first",
     Aggregate::kIpInHdrErrors, "hop-by-hop options anywhere but first (RFC 8200 4.1)"},
    {Reason::kIpv6TooManyExtensions, Layer::kIpv6, "ipv6_too_many_extensions",
     Aggregate::kIpInHdrErrors, "more than 8 extension headers"},
    {Reason::kIpv6OptionOverrun, Layer::kIpv6, "ipv6_option_overrun", Aggregate::kIpInHdrErrors,
     "an option in a Hop-by-Hop or Destination Options header runs past the header (RFC 8200 4.2)"},
    {Reason::kIpv6OptionMalformed, Layer::kIpv6, "ipv6_option_malformed", Aggregate::kIpInHdrErrors,
     "a known option of the wrong length (Router Alert carries 2 bytes, RFC 2711)"},
    {Reason::kIpv6OptionUnknownDiscard, Layer::kIpv6, "ipv6_option_unknown_discard",
     Aggregate::kIpInHdrErrors,
     "an unknown option whose type starts with bits 01: discard the packet (RFC 8200 4.2)"},
    {Reason::kIpv6OptionUnknownReport, Layer::kIpv6, "ipv6_option_unknown_report",
     Aggregate::kIpInHdrErrors,
     "an unknown option whose type starts with bits 10, or 11: discard, and answer with ICMPv6 "
     "Parameter Problem code 2 (for 11 only to a unicast destination; rate-limited)"},
    {Reason::kIpv6JumboBad, Layer::kIpv6, "ipv6_jumbo_bad", Aggregate::kIpInHdrErrors,
     "a Jumbo Payload option outside Hop-by-Hop, not 4 bytes, of 65,535 or less, or with a "
     "non-zero payload length (RFC 2675 3)"},
    {Reason::kIpv6JumboUnsupported, Layer::kIpv6, "ipv6_jumbo_unsupported",
     Aggregate::kIpInHdrErrors, "a well-formed jumbogram (RFC 2675): not supported"},
    {Reason::kIpv6SourceInvalid, Layer::kIpv6, "ipv6_source_invalid", Aggregate::kIpInHdrErrors,
     "source is multicast or our own address"},
    {Reason::kIpv6NotForUs, Layer::kIpv6, "ipv6_not_for_us", Aggregate::kIpInAddrErrors,
     "destination is not ours, all-nodes or our solicited-node group"},
    {Reason::kIpv6UnsupportedProtocol, Layer::kIpv6, "ipv6_unsupported_protocol",
     Aggregate::kIpInUnknownProtos,
     "after the extension headers: neither ICMPv6 (58) nor UDP (17)"},
    {Reason::kFragOverlap, Layer::kFrag, "frag_overlap", Aggregate::kIpReasmFails,
     "a fragment overlaps bytes already held: the whole datagram is dropped (RFC 5722, applied to "
     "IPv4 too)"},
    {Reason::kFragTooLarge, Layer::kFrag, "frag_too_large", Aggregate::kIpReasmFails,
     "offset + length beyond 65535 minus the headers in front (the datagram is dropped)"},
    {Reason::kFragBadLength, Layer::kFrag, "frag_bad_length", Aggregate::kIpReasmFails,
     "a fragment with more-fragments set whose length is not a multiple of 8"},
    {Reason::kFragEmpty, Layer::kFrag, "frag_empty", Aggregate::kIpReasmFails,
     "a fragment with no data and more-fragments set"},
    {Reason::kFragInconsistentEnd, Layer::kFrag, "frag_inconsistent_end", Aggregate::kIpReasmFails,
     "data past the last fragment's end, or a second, different end (the datagram is dropped)"},
    {Reason::kFragTooManyFragments, Layer::kFrag, "frag_too_many_fragments",
     Aggregate::kIpReasmFails, "more than 64 fragments for one datagram (the datagram is dropped)"},
    {Reason::kFragMemoryLimit, Layer::kFrag, "frag_memory_limit", Aggregate::kIpReasmFails,
     "the per-source (256 KiB, 16 datagrams) or total (1 MiB, 64 datagrams) budget is spent"},
    {Reason::kFragTimeout, Layer::kFrag, "frag_timeout", Aggregate::kIpReasmFails,
     "the datagram did not complete within 30 s (counted per datagram)"},
    {Reason::kFragNested, Layer::kFrag, "frag_nested", Aggregate::kIpReasmFails,
     "a fragment header inside a reassembled (or atomic-fragment) datagram"},
    {Reason::kIcmpTruncated, Layer::kIcmp, "icmp_truncated", Aggregate::kIcmpInErrors,
     "ICMP message shorter than 8 bytes"},
    {Reason::kIcmpQuotedTruncated, Layer::kIcmp, "icmp_quoted_truncated", Aggregate::kIcmpInErrors,
     "an error's quoted packet is shorter than its IP header + 8"},
    {Reason::kIcmpQuotedBadVersion, Layer::kIcmp, "icmp_quoted_bad_version",
     Aggregate::kIcmpInErrors, "an error quotes a packet of the other family"},
    {Reason::kIcmpQuotedHeaderLength, Layer::kIcmp, "icmp_quoted_header_length",
     Aggregate::kIcmpInErrors, "an error quotes an IPv4 header with IHL < 5"},
    {Reason::kIcmpBadChecksum, Layer::kIcmp, "icmp_bad_checksum", Aggregate::kIcmpInErrors,
     "ICMP (message) or ICMPv6 (pseudo-header + message) checksum does not verify"},
    {Reason::kIcmpUnsupportedType, Layer::kIcmp, "icmp_unsupported_type", Aggregate::kIcmpInErrors,
     "a type rampart does not handle (it answers echo, NS; takes NA and errors)"},
    {Reason::kIcmpEchoNotUnicast, Layer::kIcmp, "icmp_echo_not_unicast", Aggregate::kIcmpInErrors,
     "echo request to a broadcast or multicast address (no smurf amplification)"},
    {Reason::kNdpTruncated, Layer::kIcmp, "ndp_truncated", Aggregate::kIcmpInErrors,
     "NS/NA shorter than 24 bytes"},
    {Reason::kNdpNotNeighborMessage, Layer::kIcmp, "ndp_not_neighbor_message",
     Aggregate::kIcmpInErrors, "ICMPv6 type is neither 135 nor 136"},
    {Reason::kNdpBadCode, Layer::kIcmp, "ndp_bad_code", Aggregate::kIcmpInErrors,
     "code is not 0 (RFC 4861)"},
    {Reason::kNdpZeroLengthOption, Layer::kIcmp, "ndp_zero_length_option", Aggregate::kIcmpInErrors,
     "an option of length 0 (RFC 4861 4.6)"},
    {Reason::kNdpOptionExceedsMessage, Layer::kIcmp, "ndp_option_exceeds_message",
     Aggregate::kIcmpInErrors, "an option runs past the message"},
    {Reason::kNdpBadLinkLayerOption, Layer::kIcmp, "ndp_bad_link_layer_option",
     Aggregate::kIcmpInErrors, "a link-layer address option that is not one 8-octet unit"},
    {Reason::kNdpMulticastTarget, Layer::kIcmp, "ndp_multicast_target", Aggregate::kIcmpInErrors,
     "the target address is multicast"},
    {Reason::kNdpBadHopLimit, Layer::kIcmp, "ndp_bad_hop_limit", Aggregate::kIcmpInErrors,
     "NDP message with hop limit other than 255 (RFC 4861 7.1: off-link forgery)"},
    {Reason::kNdpNotForUs, Layer::kIcmp, "ndp_not_for_us", Aggregate::kIcmpInErrors,
     "solicitation for a target that is not ours"},
    {Reason::kNdpBadSource, Layer::kIcmp, "ndp_bad_source", Aggregate::kIcmpInErrors,
     "DAD probe (unspecified source) carrying a source link-layer option (RFC 4861 7.1.1)"},
    {Reason::kNeighQueueFull, Layer::kNeigh, "neigh_queue_full", Aggregate::kIpOutDiscards,
     "no room to hold a packet waiting for resolution (4 per neighbor, 64 in all)"},
    {Reason::kNeighCacheFull, Layer::kNeigh, "neigh_cache_full", Aggregate::kIpOutDiscards,
     "every one of the 256 cache entries is busy resolving"},
    {Reason::kNeighUnresolved, Layer::kNeigh, "neigh_unresolved", Aggregate::kIpOutDiscards,
     "3 probes, 1 s apart, went unanswered: waiting packets dropped"},
    {Reason::kTxNoRoute, Layer::kTx, "tx_no_route", Aggregate::kIpOutNoRoutes,
     "no address of the family, or off-link without a gateway"},
    {Reason::kTxTooBig, Layer::kTx, "tx_too_big", Aggregate::kIpOutDiscards,
     "the IP packet would exceed 65535 bytes"},
    {Reason::kTxDeviceError, Layer::kTx, "tx_device_error", Aggregate::kIpOutDiscards,
     "the device refused the frame"},
    {Reason::kUdpAddressFamilyMismatch, Layer::kUdp, "udp_address_family_mismatch",
     Aggregate::kUdpInErrors,
     "the IP layer's source and destination facts are of different families"},
    {Reason::kUdpTruncatedHeader, Layer::kUdp, "udp_truncated_header", Aggregate::kUdpInErrors,
     "fewer than 8 bytes (RFC 768 header)"},
    {Reason::kUdpLengthBelowHeader, Layer::kUdp, "udp_length_below_header", Aggregate::kUdpInErrors,
     "length field < 8"},
    {Reason::kUdpIpv6Jumbogram, Layer::kUdp, "udp_ipv6_jumbogram", Aggregate::kUdpInErrors,
     "IPv6 and length field 0 (RFC 2675; unsupported)"},
    {Reason::kUdpLengthExceedsPacket, Layer::kUdp, "udp_length_exceeds_packet",
     Aggregate::kUdpInErrors, "length field > bytes held"},
    {Reason::kUdpSourceNotUnicast, Layer::kUdp, "udp_source_not_unicast", Aggregate::kUdpInErrors,
     "source is multicast or limited broadcast"},
    {Reason::kUdpDestinationPortZero, Layer::kUdp, "udp_destination_port_zero",
     Aggregate::kUdpInErrors, "destination port 0 (reserved)"},
    {Reason::kUdpChecksumMismatch, Layer::kUdp, "udp_checksum_mismatch",
     Aggregate::kUdpInCsumErrors,
     "non-zero checksum does not verify (RFC 768 pseudo-header with the UDP length)"},
    {Reason::kUdpIpv6ZeroChecksum, Layer::kUdp, "udp_ipv6_zero_checksum",
     Aggregate::kUdpInCsumErrors,
     "IPv6 checksum 0 without the receiver's opt-in (RFC 8200 8.1; RFC 6935/6936)"},
    {Reason::kUdpNoListener, Layer::kUdp, "udp_no_listener", Aggregate::kUdpNoPorts,
     "no connection claims the destination (NoPorts)"},
    {Reason::kUdpPeerMismatch, Layer::kUdp, "udp_peer_mismatch", Aggregate::kUdpNoPorts,
     "only a strict-peer connection matched, and the source is not its peer (NoPorts)"},
    {Reason::kUdpReceiveQueueFull, Layer::kUdp, "udp_receive_queue_full",
     Aggregate::kUdpRcvbufErrors,
     "the connection's queue holds its datagram bound (64 by default) (RcvbufErrors)"},
    {Reason::kUdpReceiveQueueBytesFull, Layer::kUdp, "udp_receive_queue_bytes_full",
     Aggregate::kUdpRcvbufErrors,
     "the datagram would take the connection's queue past its byte bound (212,992 by default, as "
     "Linux's SO_RCVBUF) (RcvbufErrors)"},
    {Reason::kUdpBufferPoolEmpty, Layer::kUdp, "udp_buffer_pool_empty", Aggregate::kUdpRcvbufErrors,
     "every buffer of the stack's receive pool is held by a queue or a receiver (RcvbufErrors)"},
    {Reason::kUdpConnectionClosed, Layer::kUdp, "udp_connection_closed", Aggregate::kNone,
     "queued, then the connection closed before delivery"},
    {Reason::kDnsTruncatedHeader, Layer::kDns, "dns_truncated_header", Aggregate::kNone,
     "fewer than 12 octets (RFC 1035 4.1.1 header)"},
    {Reason::kDnsNameTruncated, Layer::kDns, "dns_name_truncated", Aggregate::kNone,
     "a name runs past the message (or, inside RDATA, past RDLENGTH) before its zero octet"},
    {Reason::kDnsLabelReservedType, Layer::kDns, "dns_label_reserved_type", Aggregate::kNone,
     "a length octet starting with bits 01 or 10: a label over 63 octets or an extended label "
     "(RFC 1035 4.1.4, RFC 6891 5)"},
    {Reason::kDnsPointerIntoHeader, Layer::kDns, "dns_pointer_into_header", Aggregate::kNone,
     "a compression pointer to an offset inside the 12-octet header"},
    {Reason::kDnsPointerNotBackwards, Layer::kDns, "dns_pointer_not_backwards", Aggregate::kNone,
     "a compression pointer not strictly before the run of labels that leads to it (loops, "
     "self and forward references)"},
    {Reason::kDnsTooManyPointers, Layer::kDns, "dns_too_many_pointers", Aggregate::kNone,
     "more than 16 compression pointers followed in one name"},
    {Reason::kDnsNameTooLong, Layer::kDns, "dns_name_too_long", Aggregate::kNone,
     "the expanded name exceeds 255 octets (RFC 1035 2.3.4)"},
    {Reason::kDnsQuestionTruncated, Layer::kDns, "dns_question_truncated", Aggregate::kNone,
     "QDCOUNT promises a question whose type and class do not fit the message"},
    {Reason::kDnsRecordTruncated, Layer::kDns, "dns_record_truncated", Aggregate::kNone,
     "ANCOUNT, NSCOUNT or ARCOUNT promises a record whose 10 fixed octets do not fit"},
    {Reason::kDnsRdataExceedsMessage, Layer::kDns, "dns_rdata_exceeds_message", Aggregate::kNone,
     "RDLENGTH runs past the message"},
    {Reason::kDnsRdataBadLength, Layer::kDns, "dns_rdata_bad_length", Aggregate::kNone,
     "class IN: A RDATA not 4 octets, AAAA not 16 (RFC 3596 2.2), CNAME not exactly one name"},
    {Reason::kDnsResponseTooLong, Layer::kDns, "dns_response_too_long", Aggregate::kNone,
     "a UDP response over 512 octets to a query without EDNS (RFC 1035 4.2.1)"},
    {Reason::kDnsWrongSource, Layer::kDns, "dns_wrong_source", Aggregate::kNone,
     "not from the server address and port the query went to (RFC 5452 9.1)"},
    {Reason::kDnsNotResponse, Layer::kDns, "dns_not_response", Aggregate::kNone,
     "QR clear, or an opcode other than QUERY"},
    {Reason::kDnsIdMismatch, Layer::kDns, "dns_id_mismatch", Aggregate::kNone,
     "the ID is not the pending query's (RFC 5452 9.1)"},
    {Reason::kDnsQuestionMismatch, Layer::kDns, "dns_question_mismatch", Aggregate::kNone,
     "QDCOUNT not 1, or the question's name (case-insensitive), type or class not the query's "
     "(RFC 5452 9.1)"},
    {Reason::kDnsTruncatedAnswer, Layer::kDns, "dns_truncated_answer", Aggregate::kNone,
     "TC set: the query fails (no TCP fallback)"},
    {Reason::kDnsCnameChainTooLong, Layer::kDns, "dns_cname_chain_too_long", Aggregate::kNone,
     "more than 8 CNAMEs from the name asked: the query fails"},
    {Reason::kDnsRecordNotAsked, Layer::kDns, "dns_record_not_asked", Aggregate::kNone,
     "an answer record whose owner is not on the CNAME chain of the name asked (ignored)"},
}};

/// @return true if row i describes Reason i + 1, every name is unique and
///         every rule is non-empty
constexpr bool ReasonTableIsWellFormed() {
  for (size_t i = 0; i < kReasonTable.size(); ++i) {
    const ReasonInfo& row = kReasonTable[i];
    if (static_cast<size_t>(row.reason) != i + 1 || row.name.empty() || row.rule.empty()) {
      return false;
    }
    for (size_t j = 0; j < i; ++j) {
      if (kReasonTable[j].name == row.name) return false;
    }
  }
  return true;
}
static_assert(ReasonTableIsWellFormed(),
              "kReasonTable must have one row per Reason, in enum order, unique names, rules");

/// @param reason a reason other than kNone
/// @return its row of the table
constexpr const ReasonInfo& Describe(Reason reason) {
  return kReasonTable[static_cast<size_t>(reason) - 1];
}

/// @return the reason's stable name ("none" for kNone)
constexpr std::string_view ReasonName(Reason reason) {
  return reason == Reason::kNone ? std::string_view("none") : Describe(reason).name;
}

/// @return the layer a reason belongs to (kNone: kEth)
constexpr Layer ReasonLayer(Reason reason) {
  return reason == Reason::kNone ? Layer::kEth : Describe(reason).layer;
}

/// @return the counter index of a reason
constexpr size_t ReasonIndex(Reason reason) { return static_cast<size_t>(reason); }

}  // namespace rampart

#endif  // RAMPART_BASE_REASON_H_
