#include "stack/frame_classifier.h"

#include <array>
#include <optional>
#include <utility>

#include "base/reason.h"
#include "wire/ethernet.h"
#include "wire/ipv4.h"
#include "wire/ipv6.h"
#include "wire/ipv6_options.h"

namespace rampart::stack {
namespace {

using wire::IpAddress;
using wire::IpFamily;

/// @return a drop for `reason`, decided at the reason's own layer
FrameDecision Refuse(Reason reason) {
  return FrameDecision{ReasonLayer(reason), Verdict::kDrop, reason, std::monostate{}};
}

/// @return a decision to hand the frame to `action` at `layer`
FrameDecision Accept(Layer layer, FrameAction action) {
  return FrameDecision{layer, Verdict::kDeliver, Reason::kNone, action};
}

/// What the transport classifiers need to know about the IP packet.
struct Transport {
  IpFamily family;
  IpAddress source;
  IpAddress destination;
  uint8_t protocol;
  std::span<const std::byte> payload;
  std::span<const std::byte> packet;  // empty when reassembled
  uint8_t hop_limit;
  bool group_destination;
};

/// NS and NA: hop limit 255 (RFC 4861 7.1), a well-formed message, and
/// for a solicitation, one of our targets and a sane source.
FrameDecision ClassifyNeighbor(const Transport& t, const wire::IcmpView& view,
                               const StackSnapshot& snapshot) {
  if (t.hop_limit != wire::ndp_field::kRequiredHopLimit) {
    return Refuse(Reason::kNdpBadHopLimit);
  }
  const auto message = wire::NdpMessage::Parse(view.bytes());
  if (!message.ok()) return Refuse(message.error());
  if (message->type == wire::icmpv6_type::kNeighborSolicitation) {
    if (!snapshot.addresses.IsOwnAddress(message->target)) return Refuse(Reason::kNdpNotForUs);
    // RFC 4861 7.1.1: a DAD probe (unspecified source) carries no
    // source link-layer option.
    if (t.source.is_unspecified() && message->source_link_layer.has_value()) {
      return Refuse(Reason::kNdpBadSource);
    }
  }
  return Accept(Layer::kIcmp, NeighborAction{message.value(), t.source, t.destination});
}

/// ICMP (IPv4) and ICMPv6: the checks both share, then the types each
/// family handles: echo requests to unicast addresses, errors whose quoted
/// packet is well-formed, and (ICMPv6) neighbor discovery.
FrameDecision ClassifyIcmp(const Transport& t, const StackSnapshot& snapshot) {
  const bool v4 = t.family == IpFamily::kIpv4;
  const auto view = wire::IcmpView::Create(t.payload);
  if (!view.ok()) return Refuse(view.error());
  if (!view->ChecksumOk(t.source, t.destination)) return Refuse(Reason::kIcmpBadChecksum);
  const uint8_t type = view->type();
  if (type == (v4 ? wire::icmpv4_type::kEchoRequest : wire::icmpv6_type::kEchoRequest)) {
    if (t.group_destination) return Refuse(Reason::kIcmpEchoNotUnicast);
    return Accept(Layer::kIcmp, EchoAction{t.source, t.destination, view->bytes()});
  }
  const bool error = v4 ? type == wire::icmpv4_type::kDestinationUnreachable ||
                              type == wire::icmpv4_type::kTimeExceeded
                        : type == wire::icmpv6_type::kDestinationUnreachable ||
                              type == wire::icmpv6_type::kPacketTooBig ||
                              type == wire::icmpv6_type::kTimeExceeded;
  if (error) {
    const auto quoted = wire::ParseQuotedPacket(t.family, view->body());
    if (!quoted.ok()) return Refuse(quoted.error());
    return Accept(Layer::kIcmp, IcmpErrorAction{type, view->code(), quoted.value()});
  }
  if (!v4 && (type == wire::icmpv6_type::kNeighborSolicitation ||
              type == wire::icmpv6_type::kNeighborAdvertisement)) {
    return ClassifyNeighbor(t, view.value(), snapshot);
  }
  return Refuse(Reason::kIcmpUnsupportedType);
}

FrameDecision ClassifyUdp(const Transport& t, const StackSnapshot& snapshot,
                          udp::ChecksumPolicy policy) {
  const udp::RxFacts facts{t.source, t.destination};
  const udp::RxDecision decision = udp::DecideRx(t.payload, facts, policy, snapshot.demux);
  const auto* drop = std::get_if<udp::DropVerdict>(&decision);
  return FrameDecision{Layer::kUdp, drop != nullptr ? Verdict::kDrop : Verdict::kDeliver,
                       drop != nullptr ? drop->reason : Reason::kNone,
                       UdpAction{facts, t.payload, decision, t.packet, t.group_destination}};
}

FrameDecision ClassifyTransport(const Transport& t, const StackSnapshot& snapshot,
                                udp::ChecksumPolicy policy) {
  const bool v4 = t.family == IpFamily::kIpv4;
  if (t.protocol == wire::ip_protocol::kUdp) return ClassifyUdp(t, snapshot, policy);
  if (t.protocol == (v4 ? wire::ip_protocol::kIcmp : wire::ip_protocol::kIcmpv6)) {
    return ClassifyIcmp(t, snapshot);
  }
  return Refuse(v4 ? Reason::kIpv4UnsupportedProtocol : Reason::kIpv6UnsupportedProtocol);
}

FrameDecision ClassifyArp(std::span<const std::byte> bytes, const StackSnapshot& snapshot) {
  const InterfaceConfig& config = snapshot.config;
  const InterfaceAddresses& addresses = snapshot.addresses;
  const auto packet = wire::ArpPacket::Parse(bytes);
  if (!packet.ok()) return Refuse(packet.error());
  if (!config.ipv4) return Refuse(Reason::kArpNotConfigured);
  const IpAddress& sender = packet->sender_ip;
  // An RFC 5227 probe has the unspecified sender; anything else must be
  // a unicast host that is not us.
  const bool probe = sender.is_unspecified() && packet->operation == wire::arp_field::kRequest;
  if (packet->sender_mac.is_multicast() ||
      (!probe && (sender.is_unspecified() || addresses.IsGroupDestination(sender) ||
                  addresses.IsOwnAddress(sender)))) {
    return Refuse(Reason::kArpBadSender);
  }
  if (!addresses.IsOwnAddress(packet->target_ip)) return Refuse(Reason::kArpNotForUs);
  const bool reply = packet->operation == wire::arp_field::kRequest;
  return Accept(Layer::kArp, ArpAction{packet.value(), reply});
}

FrameDecision ClassifyIpv4(std::span<const std::byte> bytes, bool link_group,
                           const StackSnapshot& snapshot, udp::ChecksumPolicy policy) {
  const InterfaceAddresses& addresses = snapshot.addresses;
  const auto view = wire::Ipv4View::Create(bytes);
  if (!view.ok()) return Refuse(view.error());
  if (!view->header_checksum_ok()) return Refuse(Reason::kIpv4BadChecksum);
  if (view->reserved_flag()) return Refuse(Reason::kIpv4ReservedFlag);
  const IpAddress source = view->source();
  const IpAddress destination = view->destination();
  if (source.is_multicast() || addresses.IsGroupDestination(source) ||
      addresses.IsOwnAddress(source)) {
    return Refuse(Reason::kIpv4SourceInvalid);
  }
  if (!addresses.AcceptsDestination(destination)) return Refuse(Reason::kIpv4NotForUs);
  const bool group = link_group || addresses.IsGroupDestination(destination);
  if (view->more_fragments() || view->fragment_offset() != 0) {
    FragmentAction action;
    action.family = IpFamily::kIpv4;
    action.link_group = link_group;
    action.fragment.key =
        ReassemblyKey{source, destination, view->identification(), view->protocol()};
    action.fragment.offset = view->fragment_offset();
    action.fragment.more = view->more_fragments();
    action.fragment.protocol = view->protocol();
    action.fragment.data = view->payload();
    action.fragment.max_size = static_cast<uint32_t>(65535 - view->header_length());
    return FrameDecision{Layer::kFrag, Verdict::kPending, Reason::kNone, action};
  }
  const Transport transport{IpFamily::kIpv4, source,
                            destination,     view->protocol(),
                            view->payload(), bytes.first(view->total_length()),
                            view->ttl(),     group};
  return ClassifyTransport(transport, snapshot, policy);
}

/// The options of every Hop-by-Hop and Destination Options header in the
/// chain (RFC 8200 4.2), in order.
/// @param chain_start offset of `chain_bytes` in the packet (for the
///                    Parameter Problem's pointer)
/// @return nullopt if all pass; otherwise the drop (carrying a Parameter
///         Problem to send when the rule asks for one and the packet can
///         be quoted)
std::optional<FrameDecision> CheckIpv6Options(const Transport& packet, const wire::Ipv6Chain& chain,
                                              std::span<const std::byte> chain_bytes,
                                              size_t chain_start) {
  for (size_t i = 0; i < chain.options_count; ++i) {
    const wire::Ipv6OptionsHeader& header = chain.options[i];
    const wire::Ipv6OptionsContext context{header.hop_by_hop,
                                           packet.packet.size() == wire::ipv6_field::kHeaderSize,
                                           packet.destination.is_multicast()};
    const wire::Ipv6OptionsVerdict verdict =
        wire::WalkIpv6Options(chain_bytes.subspan(header.offset, header.length), context);
    if (verdict.reason == Reason::kNone) continue;
    FrameDecision drop = Refuse(verdict.reason);
    if (verdict.report && !packet.packet.empty()) {
      drop.action = ParameterProblemAction{
          packet.source, packet.destination,
          static_cast<uint32_t>(chain_start + header.offset + verdict.offset), packet.packet};
    }
    return drop;
  }
  return std::nullopt;
}

/// The part of IPv6 processing after the header checks, from an
/// extension chain's start: shared by packets and reassembled datagrams.
/// @param chain_start offset of `chain_bytes` in `packet.packet`
FrameDecision ClassifyIpv6Chain(const Transport& packet, uint8_t first_header,
                                std::span<const std::byte> chain_bytes, size_t chain_start,
                                bool reassembled, bool link_group, const StackSnapshot& snapshot,
                                udp::ChecksumPolicy policy) {
  const auto chain = wire::WalkIpv6Chain(first_header, chain_bytes);
  if (!chain.ok()) return Refuse(chain.error());
  if (std::optional<FrameDecision> refused =
          CheckIpv6Options(packet, chain.value(), chain_bytes, chain_start)) {
    return *refused;
  }
  std::span<const std::byte> rest = chain_bytes.subspan(chain->offset);
  if (chain->fragment.has_value()) {
    const wire::Ipv6Fragment& header = *chain->fragment;
    if (reassembled) return Refuse(Reason::kFragNested);
    if (header.offset == 0 && !header.more) {
      // An atomic fragment (RFC 6946): processed as if unfragmented.
      return ClassifyIpv6Chain(packet, header.next_header, rest, chain_start + chain->offset, true,
                               link_group, snapshot, policy);
    }
    FragmentAction action;
    action.family = IpFamily::kIpv6;
    action.link_group = link_group;
    action.fragment.key =
        ReassemblyKey{packet.source, packet.destination, header.identification, 0};
    action.fragment.offset = header.offset;
    action.fragment.more = header.more;
    action.fragment.protocol = header.next_header;
    action.fragment.data = rest;
    // The reassembled payload length (unfragmentable headers included)
    // must fit the 16-bit payload length field.
    action.fragment.max_size = static_cast<uint32_t>(65535 - (chain->offset - 8));
    return FrameDecision{Layer::kFrag, Verdict::kPending, Reason::kNone, action};
  }
  Transport transport = packet;
  transport.protocol = chain->protocol;
  transport.payload = rest;
  return ClassifyTransport(transport, snapshot, policy);
}

FrameDecision ClassifyIpv6(std::span<const std::byte> bytes, bool link_group,
                           const StackSnapshot& snapshot, udp::ChecksumPolicy policy) {
  const InterfaceAddresses& addresses = snapshot.addresses;
  const auto view = wire::Ipv6View::Create(bytes);
  if (!view.ok()) return Refuse(view.error());
  const IpAddress source = view->source();
  const IpAddress destination = view->destination();
  if (source.is_multicast() || addresses.IsOwnAddress(source)) {
    return Refuse(Reason::kIpv6SourceInvalid);
  }
  if (!addresses.AcceptsDestination(destination)) return Refuse(Reason::kIpv6NotForUs);
  const Transport packet{IpFamily::kIpv6,
                         source,
                         destination,
                         0,
                         {},
                         bytes.first(wire::ipv6_field::kHeaderSize + view->payload_length()),
                         view->hop_limit(),
                         link_group || destination.is_multicast()};
  return ClassifyIpv6Chain(packet, view->next_header(), view->payload(),
                           wire::ipv6_field::kHeaderSize, false, link_group, snapshot, policy);
}

}  // namespace

std::string_view VerdictName(Verdict verdict) {
  static constexpr std::array<std::string_view, 3> kNames = {"deliver", "drop", "pending"};
  return kNames[static_cast<size_t>(verdict)];
}

FrameDecision ClassifyFrame(std::span<const std::byte> frame, const StackSnapshot& snapshot,
                            const FrameFacts& facts) noexcept {
  const InterfaceConfig& config = snapshot.config;
  const InterfaceAddresses& addresses = snapshot.addresses;
  const auto eth = wire::EthernetView::Create(frame);
  if (!eth.ok()) return Refuse(eth.error());
  if (eth->source().is_multicast()) return Refuse(Reason::kEthSourceMulticast);
  const auto vlan = eth->vlan();
  if (vlan.has_value() && !config.vlan.has_value()) return Refuse(Reason::kEthVlanNotConfigured);
  if (config.vlan.has_value() && (!vlan.has_value() || vlan->id != *config.vlan)) {
    return Refuse(Reason::kEthVlanMismatch);
  }
  const wire::MacAddress destination = eth->destination();
  if (!addresses.AcceptsMac(destination)) return Refuse(Reason::kEthNotForUs);
  const bool link_group = destination.is_multicast();
  const udp::ChecksumPolicy policy =
      facts.checksum_partial ? udp::ChecksumPolicy::kUnverifiablePartial : snapshot.checksum_policy;
  switch (eth->ether_type()) {
    case wire::ether_type::kArp:
      return ClassifyArp(eth->payload(), snapshot);
    case wire::ether_type::kIpv4:
      return ClassifyIpv4(eth->payload(), link_group, snapshot, policy);
    case wire::ether_type::kIpv6:
      return ClassifyIpv6(eth->payload(), link_group, snapshot, policy);
    default:
      return Refuse(Reason::kEthUnsupportedType);
  }
}

FrameDecision ClassifyReassembled(IpFamily family, const IpAddress& source,
                                  const IpAddress& destination, uint8_t protocol,
                                  std::span<const std::byte> payload, bool link_group,
                                  const StackSnapshot& snapshot) noexcept {
  const bool group = link_group || snapshot.addresses.IsGroupDestination(destination);
  Transport transport{family, source, destination, protocol, payload, {}, 0, group};
  if (family == IpFamily::kIpv4) {
    return ClassifyTransport(transport, snapshot, snapshot.checksum_policy);
  }
  return ClassifyIpv6Chain(transport, protocol, payload, 0, true, link_group, snapshot,
                           snapshot.checksum_policy);
}

}  // namespace rampart::stack
