#include "wire/ipv6_options.h"

#include "wire/bytes.h"

namespace rampart::wire {
namespace {

/// @return the verdict for the known option at `offset` (its data of
///         `length` bytes lies inside the header)
Ipv6OptionsVerdict CheckKnown(uint8_t type, std::span<const std::byte> data, size_t offset,
                              const Ipv6OptionsContext& context) {
  using namespace ipv6_option;
  if (type == kRouterAlert && data.size() != kRouterAlertLength) {
    return {Reason::kIpv6OptionMalformed, offset, false};
  }
  if (type == kJumboPayload) {
    // RFC 2675 section 3: only in Hop-by-Hop, 4 bytes, more than 65,535,
    // and the IPv6 payload length must be 0.
    if (!context.hop_by_hop || data.size() != kJumboLength || !context.payload_length_zero ||
        LoadBe32(data, 0) <= 0xFFFF) {
      return {Reason::kIpv6JumboBad, offset, false};
    }
    return {Reason::kIpv6JumboUnsupported, offset, false};
  }
  return {};
}

/// @return true for the option types rampart understands
bool IsKnown(uint8_t type) {
  return type == ipv6_option::kPadN || type == ipv6_option::kRouterAlert ||
         type == ipv6_option::kJumboPayload;
}

/// @return the verdict for an unknown option, from its two high-order bits
Ipv6OptionsVerdict ActOnUnknown(uint8_t type, size_t offset, const Ipv6OptionsContext& context) {
  switch (type & ipv6_option::kActionMask) {
    case ipv6_option::kActionSkip:
      return {};
    case ipv6_option::kActionDiscard:
      return {Reason::kIpv6OptionUnknownDiscard, offset, false};
    case ipv6_option::kActionDiscardAndReport:
      return {Reason::kIpv6OptionUnknownReport, offset, true};
    default:  // kActionDiscardAndReportUnlessMulticast
      return {Reason::kIpv6OptionUnknownReport, offset, !context.multicast_destination};
  }
}

}  // namespace

Ipv6OptionsVerdict WalkIpv6Options(std::span<const std::byte> header,
                                   const Ipv6OptionsContext& context) noexcept {
  // Each turn returns, or moves on by at least one byte.
  size_t offset = ipv6_option::kFirstOption;
  while (offset < header.size()) {
    const auto type = std::to_integer<uint8_t>(header[offset + ipv6_option::kType]);
    if (type == ipv6_option::kPad1) {
      ++offset;
      continue;
    }
    const size_t remaining = header.size() - offset;
    if (remaining < ipv6_option::kData) return {Reason::kIpv6OptionOverrun, offset, false};
    const size_t length = std::to_integer<size_t>(header[offset + ipv6_option::kLength]);
    if (length > remaining - ipv6_option::kData) return {Reason::kIpv6OptionOverrun, offset, false};
    const std::span<const std::byte> data = header.subspan(offset + ipv6_option::kData, length);
    const Ipv6OptionsVerdict verdict = IsKnown(type) ? CheckKnown(type, data, offset, context)
                                                     : ActOnUnknown(type, offset, context);
    if (verdict.reason != Reason::kNone) return verdict;
    offset += ipv6_option::kData + length;
  }
  return {};
}

}  // namespace rampart::wire
