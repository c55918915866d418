// The options inside IPv6 Hop-by-Hop and Destination Options headers (RFC
// 8200 4.2): type-length-value entries, walked and checked one by one.
#ifndef RAMPART_WIRE_IPV6_OPTIONS_H_
#define RAMPART_WIRE_IPV6_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/reason.h"

namespace rampart::wire {

/// Option types and fields rampart knows.
namespace ipv6_option {
inline constexpr uint8_t kPad1 = 0x00;          ///< one byte, no length (RFC 8200 4.2)
inline constexpr uint8_t kPadN = 0x01;          ///< N bytes of padding
inline constexpr uint8_t kRouterAlert = 0x05;   ///< RFC 2711, 2 bytes of data
inline constexpr uint8_t kJumboPayload = 0xC2;  ///< RFC 2675, 4 bytes of data, Hop-by-Hop only
inline constexpr size_t kType = 0;              ///< within an option
inline constexpr size_t kLength = 1;            ///< within an option: data bytes that follow
inline constexpr size_t kData = 2;              ///< within an option
inline constexpr size_t kFirstOption = 2;       ///< within the header: after next header, length
inline constexpr size_t kRouterAlertLength = 2;
inline constexpr size_t kJumboLength = 4;
/// The two high-order bits of an unknown option's type: what to do.
inline constexpr uint8_t kActionMask = 0xC0;
inline constexpr uint8_t kActionSkip = 0x00;
inline constexpr uint8_t kActionDiscard = 0x40;
inline constexpr uint8_t kActionDiscardAndReport = 0x80;
inline constexpr uint8_t kActionDiscardAndReportUnlessMulticast = 0xC0;
}  // namespace ipv6_option

/// What the walk found: nothing to refuse, or the first option that breaks
/// a rule, where it is, and whether RFC 8200 asks for an ICMPv6 Parameter
/// Problem (code 2, "unrecognized IPv6 option") pointing at it.
struct Ipv6OptionsVerdict {
  /// kNone, or ipv6_option_overrun, ipv6_option_malformed,
  /// ipv6_option_unknown_discard, ipv6_option_unknown_report,
  /// ipv6_jumbo_bad, ipv6_jumbo_unsupported
  Reason reason = Reason::kNone;
  /// Offset of that option's type byte within the header.
  size_t offset = 0;
  /// Answer with a Parameter Problem (code 2) pointing at the option.
  bool report = false;
};

/// Where the options header sits, for the rules that depend on it.
struct Ipv6OptionsContext {
  /// A Hop-by-Hop header (Jumbo Payload is allowed only there).
  bool hop_by_hop = false;
  /// The IPv6 header's payload length is 0 (RFC 2675: required with a
  /// Jumbo Payload option, which rampart does not support).
  bool payload_length_zero = false;
  /// The packet's destination is multicast (action 11 then reports nothing).
  bool multicast_destination = false;
};

/// Walks the options of one Hop-by-Hop or Destination Options header, in
/// order; the first rule broken is the verdict:
///  - every option but Pad1 has a type and a length byte, and its data fits
///    the header (ipv6_option_overrun);
///  - Pad1 and PadN are skipped; Router Alert carries exactly 2 bytes
///    (ipv6_option_malformed);
///  - Jumbo Payload: only in Hop-by-Hop, exactly 4 bytes, a value above
///    65,535, and only when the payload length is 0 (ipv6_jumbo_bad); a
///    well-formed one is ipv6_jumbo_unsupported (no RFC 2675 here);
///  - an unknown option acts on its two high-order bits: 00 skip; 01
///    discard (ipv6_option_unknown_discard); 10 discard and report; 11 the
///    same, but report only for a unicast destination
///    (ipv6_option_unknown_report).
/// @param header  the whole extension header (next header and length bytes
///                first), as long as its length field says
/// @param context where it sits
/// @return the verdict; never reads past `header`
Ipv6OptionsVerdict WalkIpv6Options(std::span<const std::byte> header,
                                   const Ipv6OptionsContext& context) noexcept;

}  // namespace rampart::wire

#endif  // RAMPART_WIRE_IPV6_OPTIONS_H_
