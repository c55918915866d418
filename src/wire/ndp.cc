#include "wire/ndp.h"

#include <algorithm>
#include <array>

#include "wire/bytes.h"
#include "wire/icmp.h"

namespace rampart::wire {

Parsed<NdpMessage> NdpMessage::Parse(std::span<const std::byte> message) {
  using Result = Parsed<NdpMessage>;
  if (message.size() < ndp_field::kMinSize) return Result::Fail(Reason::kNdpTruncated);
  NdpMessage ndp;
  ndp.type = std::to_integer<uint8_t>(message[icmp_field::kType]);
  const auto flags = std::to_integer<uint8_t>(message[ndp_field::kFlags]);
  const bool advert = ndp.type == icmpv6_type::kNeighborAdvertisement;
  ndp.router = advert && (flags & ndp_field::kRouterFlag);
  ndp.solicited = advert && (flags & ndp_field::kSolicitedFlag);
  ndp.override_flag = advert && (flags & ndp_field::kOverrideFlag);
  ndp.target = *IpAddress::FromBytes(IpFamily::kIpv6, message.subspan(ndp_field::kTarget, 16));
  if (ndp.type != icmpv6_type::kNeighborSolicitation && !advert) {
    return Result::Fail(Reason::kNdpNotNeighborMessage);
  }
  if (std::to_integer<unsigned>(message[icmp_field::kCode]) != 0) {
    return Result::Fail(Reason::kNdpBadCode);
  }
  if (ndp.target.is_multicast()) return Result::Fail(Reason::kNdpMulticastTarget);
  // Options: each is (type, length in 8-octet units, data); every turn
  // moves on by at least 8 bytes or returns.
  size_t offset = ndp_field::kOptions;
  while (offset < message.size()) {
    const size_t remaining = message.size() - offset;
    if (remaining < 2) return Result::Fail(Reason::kNdpOptionExceedsMessage);
    const auto type = std::to_integer<uint8_t>(message[offset + ndp_field::kOptionType]);
    const OptionUnits length(std::to_integer<uint8_t>(message[offset + ndp_field::kOptionLength]));
    const bool link_layer =
        type == ndp_field::kSourceLinkLayerOption || type == ndp_field::kTargetLinkLayerOption;
    if (length.count() == 0) return Result::Fail(Reason::kNdpZeroLengthOption);
    if (length.bytes() > remaining) return Result::Fail(Reason::kNdpOptionExceedsMessage);
    if (link_layer && length.count() != 1) return Result::Fail(Reason::kNdpBadLinkLayerOption);
    if (link_layer) {
      std::optional<MacAddress>& slot =
          type == ndp_field::kSourceLinkLayerOption ? ndp.source_link_layer : ndp.target_link_layer;
      if (!slot.has_value()) {
        slot = MacAddress::FromBytes(
            message.subspan(offset + ndp_field::kOptionData, eth_field::kAddressSize));
      }
    }
    offset += length.bytes();
  }
  return Result::Ok(ndp);
}

size_t NdpMessage::size() const {
  return ndp_field::kMinSize + (source_link_layer.has_value() ? 8 : 0) +
         (target_link_layer.has_value() ? 8 : 0);
}

bool NdpMessage::Emit(std::span<std::byte> out) const {
  bool ok = out.size() == size() && target.family() == IpFamily::kIpv6;
  if (ok) {
    std::ranges::fill(out, std::byte{0});
    out[icmp_field::kType] = static_cast<std::byte>(type);
    if (type == icmpv6_type::kNeighborAdvertisement) {
      out[ndp_field::kFlags] = static_cast<std::byte>(
          (router ? ndp_field::kRouterFlag : 0) | (solicited ? ndp_field::kSolicitedFlag : 0) |
          (override_flag ? ndp_field::kOverrideFlag : 0));
    }
    ok = CopyBytes(out.subspan(ndp_field::kTarget, 16), target.bytes());
    size_t offset = ndp_field::kOptions;
    for (const auto& [option, mac] :
         {std::pair{ndp_field::kSourceLinkLayerOption, source_link_layer},
          std::pair{ndp_field::kTargetLinkLayerOption, target_link_layer}}) {
      if (mac.has_value()) {
        out[offset + ndp_field::kOptionType] = static_cast<std::byte>(option);
        out[offset + ndp_field::kOptionLength] = static_cast<std::byte>(OptionUnits(1).count());
        mac->Emit(out.subspan(offset + ndp_field::kOptionData).first<eth_field::kAddressSize>());
        offset += OptionUnits(1).bytes();
      }
    }
  }
  return ok;
}

}  // namespace rampart::wire
