#include "stack/net_stack.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/absl_view.h"
#include "wire/arp.h"
#include "wire/bytes.h"
#include "wire/ethernet.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"
#include "wire/ipv6.h"
#include "wire/ndp.h"

namespace rampart::stack {
namespace {

using wire::IpAddress;
using wire::IpFamily;
using wire::MacAddress;

/// RFC 1812 4.3.2.3 / RFC 4443 2.4(c): how much of the offending packet
/// an ICMP error quotes (the error stays within 576 / 1280 bytes).
constexpr size_t kIcmpv4QuoteMax = 576 - 20 - 8;
constexpr size_t kIcmpv6QuoteMax = 1280 - 40 - 8;
constexpr uint8_t kNdpHopLimit = wire::ndp_field::kRequiredHopLimit;

/// @return the source MAC of a frame the classifier accepted (so it holds
///         an Ethernet header)
MacAddress LinkSource(std::span<const std::byte> frame) {
  return MacAddress::FromBytes(
             frame.subspan(wire::eth_field::kSource, wire::eth_field::kAddressSize))
      .value_or(MacAddress{});
}

int64_t SteadyMilliseconds() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

absl::StatusOr<std::unique_ptr<NetStack>> NetStack::Create(NetDevice& device,
                                                           NetStackOptions options) {
  if (absl::Status valid = options.interface.Validate(); !valid.ok()) return valid;
  if (!options.random) options.random = udp::MakeSystemRandomSource();
  if (!options.clock_ms) options.clock_ms = SteadyMilliseconds;
  std::unique_ptr<NetStack> stack(new NetStack(device, std::move(options)));
  auto udp = udp::UdpStack::Create(*stack, std::move(stack->options_.udp));
  if (!udp.ok()) return udp.status();
  stack->udp_ = std::move(udp).value();
  return stack;
}

NetStack::NetStack(NetDevice& device, NetStackOptions options)
    : device_(device),
      options_(std::move(options)),
      addresses_(options_.interface),
      reassembler_(options_.reassembly),
      arp_(options_.neighbors),
      ndp_(options_.neighbors),
      icmp_errors_(options_.icmp_errors_per_second, options_.icmp_error_burst),
      scratch_(wire::eth_field::kTaggedHeaderSize + options_.interface.mtu +
               wire::eth_field::kMinFrameSize) {}

NetStack::~NetStack() {
  udp_.reset();  // closes connections while the network layer still exists
}

int64_t NetStack::Now() const { return options_.clock_ms(); }

FrameOutcome NetStack::ReceiveFrame(std::span<const std::byte> frame, const FrameFacts& facts) {
  return ApplyDecision(ClassifyFrame(frame, snapshot(), facts), frame);
}

FrameOutcome NetStack::ApplyDecision(const FrameDecision& decision,
                                     std::span<const std::byte> frame) {
  ++counters_.frames_in;
  return Apply(decision, frame);
}

FrameOutcome NetStack::Apply(const FrameDecision& decision, std::span<const std::byte> frame) {
  if (const auto* udp_action = std::get_if<UdpAction>(&decision.action)) {
    ++counters_.ip_in_delivers;
    return ApplyUdp(*udp_action);
  }
  const FrameOutcome outcome{decision.layer, decision.verdict, decision.reason, std::nullopt, 0};
  if (decision.verdict == Verdict::kDrop) {
    CountDrop(decision.reason);
    if (const auto* problem = std::get_if<ParameterProblemAction>(&decision.action)) {
      SendParameterProblem(*problem);
    }
    return outcome;
  }
  if (const auto* arp = std::get_if<ArpAction>(&decision.action)) {
    ++counters_.arp_in;
    ApplyArp(*arp);
  } else if (const auto* neighbor = std::get_if<NeighborAction>(&decision.action)) {
    ++counters_.ndp_in;
    ApplyNeighbor(*neighbor, LinkSource(frame));
  } else if (const auto* echo = std::get_if<EchoAction>(&decision.action)) {
    ++counters_.ip_in_delivers;
    ++counters_.icmp_in_echos;
    ApplyEcho(*echo);
  } else if (std::holds_alternative<IcmpErrorAction>(decision.action)) {
    ++counters_.ip_in_delivers;
    ++counters_.icmp_in_errors;
  } else if (const auto* fragment = std::get_if<FragmentAction>(&decision.action)) {
    return ApplyFragment(*fragment, frame);
  }
  return outcome;
}

FrameOutcome NetStack::ApplyFragment(const FragmentAction& action,
                                     std::span<const std::byte> frame) {
  const ReassemblyResult result = reassembler_.Add(action.fragment, Now());
  if (result.status == ReassemblyResult::Status::kDropped) {
    CountDrop(result.reason);
    return FrameOutcome{Layer::kFrag, Verdict::kDrop, result.reason, std::nullopt, 0};
  }
  if (result.status == ReassemblyResult::Status::kPending) {
    return FrameOutcome{Layer::kFrag, Verdict::kPending, Reason::kNone, std::nullopt, 0};
  }
  // The payload stays valid until the reassembler's next Add or Expire,
  // which nothing below calls.
  const FrameDecision whole =
      ClassifyReassembled(action.family, result.key.source, result.key.destination, result.protocol,
                          result.payload, action.link_group, snapshot());
  return Apply(whole, frame);
}

FrameOutcome NetStack::ApplyUdp(const UdpAction& action) {
  const Reason refused = udp_->Apply(action.decision, action.datagram);
  if (refused == Reason::kUdpNoListener) SendPortUnreachable(action);
  if (refused != Reason::kNone) {
    return FrameOutcome{Layer::kUdp, Verdict::kDrop, refused, std::nullopt, 0};
  }
  const auto& deliver = std::get<udp::DeliverVerdict>(action.decision);
  return FrameOutcome{Layer::kUdp, Verdict::kDeliver, Reason::kNone, deliver.metadata,
                      deliver.payload_length};
}

void NetStack::ApplyArp(const ArpAction& action) {
  const wire::ArpPacket& packet = action.packet;
  if (!packet.sender_ip.is_unspecified()) {
    FlushPending(arp_.Learn(packet.sender_ip, packet.sender_mac, Now(), /*create=*/true),
                 packet.sender_mac);
  }
  if (action.reply) {
    SendArp(wire::arp_field::kReply, packet.sender_mac, packet.sender_mac, packet.sender_ip);
  }
}

void NetStack::ApplyNeighbor(const NeighborAction& action, const MacAddress& link_source) {
  const wire::NdpMessage& message = action.message;
  if (message.type == wire::icmpv6_type::kNeighborAdvertisement) {
    const MacAddress mac = message.target_link_layer.value_or(link_source);
    FlushPending(ndp_.Learn(message.target, mac, Now(), /*create=*/false), mac);
    return;
  }
  const bool dad_probe = action.source.is_unspecified();
  if (!dad_probe && message.source_link_layer) {
    FlushPending(ndp_.Learn(action.source, *message.source_link_layer, Now(), /*create=*/true),
                 *message.source_link_layer);
  }
  wire::NdpMessage advert;
  advert.type = wire::icmpv6_type::kNeighborAdvertisement;
  advert.solicited = !dad_probe;
  advert.override_flag = true;
  advert.target = message.target;
  advert.target_link_layer = options_.interface.mac;
  const IpAddress destination = dad_probe ? Ipv6AllNodes() : action.source;
  const MacAddress mac =
      dad_probe ? Ipv6MulticastMac(destination) : message.source_link_layer.value_or(link_source);
  ndp_buffer_.resize(advert.size());
  if (!advert.Emit(ndp_buffer_) ||
      !wire::FillIcmpChecksum(ndp_buffer_, message.target, destination)) {
    return;
  }
  const PendingPacket meta{wire::ip_protocol::kIcmpv6, message.target, destination, {}};
  if (EmitIp(mac, meta, ndp_buffer_, kNdpHopLimit).ok()) ++counters_.ndp_out;
}

void NetStack::ApplyEcho(const EchoAction& action) {
  if (!options_.answer_echo) return;
  const bool v4 = action.source.family() == IpFamily::kIpv4;
  icmp_buffer_.assign(action.message.begin(), action.message.end());
  icmp_buffer_[wire::icmp_field::kType] =
      std::byte{v4 ? wire::icmpv4_type::kEchoReply : wire::icmpv6_type::kEchoReply};
  wire::StoreBe16(icmp_buffer_, wire::icmp_field::kChecksum, 0);
  if (!wire::FillIcmpChecksum(icmp_buffer_, action.destination, action.source)) return;
  const uint8_t protocol = v4 ? wire::ip_protocol::kIcmp : wire::ip_protocol::kIcmpv6;
  if (SendIp(action.destination, action.source, protocol, icmp_buffer_).ok()) {
    ++counters_.icmp_out_echo_reps;
  }
}

bool NetStack::WriteQuote(const UdpAction& action, size_t quote_max) {
  const bool v4 = action.facts.source.family() == IpFamily::kIpv4;
  std::span<const std::byte> rest = action.packet;
  if (rest.empty()) {
    // A reassembled datagram: no original header is left to quote, so one
    // is rebuilt from the datagram's facts.
    rest = action.datagram;
    const size_t at = icmp_buffer_.size();
    if (v4) {
      wire::Ipv4Header header;
      header.total_length = static_cast<uint16_t>(
          std::min<size_t>(65535, wire::ipv4_field::kMinHeaderSize + action.datagram.size()));
      header.protocol = wire::ip_protocol::kUdp;
      header.source = action.facts.source;
      header.destination = action.facts.destination;
      icmp_buffer_.resize(at + wire::ipv4_field::kMinHeaderSize);
      if (!header.Emit(
              std::span(icmp_buffer_).subspan(at).first<wire::ipv4_field::kMinHeaderSize>())) {
        return false;
      }
    } else {
      wire::Ipv6Header header;
      header.payload_length =
          static_cast<uint16_t>(std::min<size_t>(65535, action.datagram.size()));
      header.next_header = wire::ip_protocol::kUdp;
      header.source = action.facts.source;
      header.destination = action.facts.destination;
      icmp_buffer_.resize(at + wire::ipv6_field::kHeaderSize);
      if (!header.Emit(
              std::span(icmp_buffer_).subspan(at).first<wire::ipv6_field::kHeaderSize>())) {
        return false;
      }
    }
  }
  const size_t quoted = icmp_buffer_.size() - wire::icmp_field::kHeaderSize;
  rest = rest.first(std::min(rest.size(), quote_max - quoted));
  icmp_buffer_.insert(icmp_buffer_.end(), rest.begin(), rest.end());
  return true;
}

bool NetStack::BeginIcmpError(uint8_t type, uint8_t code) {
  if (!icmp_errors_.Allow(Now())) {
    ++counters_.icmp_rate_limited;
    return false;
  }
  icmp_buffer_.assign(wire::icmp_field::kHeaderSize, std::byte{0});
  icmp_buffer_[wire::icmp_field::kType] = std::byte{type};
  icmp_buffer_[wire::icmp_field::kCode] = std::byte{code};
  return true;
}

void NetStack::FinishIcmpError(const IpAddress& from, const IpAddress& to, uint64_t& sent) {
  if (!wire::FillIcmpChecksum(icmp_buffer_, from, to)) return;
  const uint8_t protocol =
      to.family() == IpFamily::kIpv4 ? wire::ip_protocol::kIcmp : wire::ip_protocol::kIcmpv6;
  if (SendIp(from, to, protocol, icmp_buffer_).ok()) ++sent;
}

void NetStack::SendPortUnreachable(const UdpAction& action) {
  if (!options_.port_unreachable || action.group_destination ||
      action.facts.source.is_unspecified()) {
    return;
  }
  const bool v4 = action.facts.source.family() == IpFamily::kIpv4;
  if (!BeginIcmpError(
          v4 ? wire::icmpv4_type::kDestinationUnreachable
             : wire::icmpv6_type::kDestinationUnreachable,
          v4 ? wire::icmpv4_type::kPortUnreachableCode : wire::icmpv6_type::kPortUnreachableCode) ||
      !WriteQuote(action, v4 ? kIcmpv4QuoteMax : kIcmpv6QuoteMax)) {
    return;
  }
  FinishIcmpError(action.facts.destination, action.facts.source, counters_.icmp_out_unreachs);
}

void NetStack::SendParameterProblem(const ParameterProblemAction& action) {
  // RFC 4443 2.4(e): never about a packet from the unspecified address;
  // RFC 8200 4.2 already chose whether a multicast destination is told.
  if (action.source.is_unspecified() || action.source.is_multicast()) return;
  const std::optional<IpAddress> from = options_.interface.SourceFor(action.source);
  if (!from || !BeginIcmpError(wire::icmpv6_type::kParameterProblem,
                               wire::icmpv6_type::kUnrecognizedOptionCode)) {
    return;
  }
  wire::StoreBe32(icmp_buffer_, wire::icmp_field::kPointer, action.pointer);
  const std::span<const std::byte> quote =
      action.packet.first(std::min(action.packet.size(), kIcmpv6QuoteMax));
  icmp_buffer_.insert(icmp_buffer_.end(), quote.begin(), quote.end());
  FinishIcmpError(*from, action.source, counters_.icmp_out_parm_probs);
}

absl::StatusOr<size_t> NetStack::Poll(size_t budget) {
  // Frames are read in batches smaller than a receive queue, and queued
  // datagrams are handed to receivers after each batch: a burst longer
  // than a connection's queue is then answered as it arrives instead of
  // overflowing the queue while the rest of a large batch is read.
  constexpr size_t kBatch = 16;
  size_t received = 0;
  absl::Status status;
  while (received < budget) {
    const size_t want = std::min(kBatch, budget - received);
    absl::StatusOr<size_t> got = device_.Poll(
        [this](const RxFrame& frame) {
          ReceiveFrame(frame.bytes, FrameFacts{frame.checksum_partial});
        },
        want);
    if (!got.ok()) {
      status = got.status();
      break;
    }
    received += *got;
    udp_->DeliverQueued();
    if (*got < want) break;
  }
  Tick();
  udp_->DeliverQueued();
  if (!status.ok()) return status;
  return received;
}

void NetStack::Tick() {
  const int64_t now = Now();
  counters_.drops.Count(Reason::kFragTimeout, reassembler_.Expire(now));
  NeighborCache::TickResult arp = arp_.Tick(now);
  for (const IpAddress& target : arp.probes) {
    SendArp(wire::arp_field::kRequest, MacAddress::Broadcast(), MacAddress{}, target);
  }
  NeighborCache::TickResult ndp = ndp_.Tick(now);
  for (const IpAddress& target : ndp.probes) SendSolicitation(target);
  counters_.drops.Count(Reason::kNeighUnresolved, arp.dropped_packets + ndp.dropped_packets);
}

void NetStack::SetNeighbor(const IpAddress& address, const MacAddress& mac) {
  NeighborCache& cache = address.family() == IpFamily::kIpv4 ? arp_ : ndp_;
  FlushPending(cache.Learn(address, mac, Now(), /*create=*/true), mac);
}

absl::StatusOr<IpAddress> NetStack::SelectSource(const IpAddress& destination) {
  std::optional<IpAddress> source = options_.interface.SourceFor(destination);
  if (!source) {
    return absl::UnavailableError(absl::StrCat(
        "no ", AbslView(wire::FamilyName(destination.family())), " address on the interface"));
  }
  return *source;
}

absl::Status NetStack::Transmit(udp::IoBuffer packet, const udp::TxFacts& facts) {
  return SendIp(facts.source, facts.destination, facts.protocol, packet.data());
}

size_t NetStack::header_room() const {
  return wire::eth_field::kTaggedHeaderSize + wire::ipv6_field::kHeaderSize +
         wire::ipv6_field::kFragmentHeaderSize;
}

absl::Status NetStack::SendIp(const IpAddress& source, const IpAddress& destination,
                              uint8_t protocol, std::span<const std::byte> transport,
                              uint8_t hop_limit) {
  const InterfaceConfig& config = options_.interface;
  const bool v4 = destination.family() == IpFamily::kIpv4;
  const size_t limit = v4 ? 65535 - wire::ipv4_field::kMinHeaderSize : 65535;
  if (transport.size() > limit) {
    CountDrop(Reason::kTxTooBig);
    return absl::InvalidArgumentError(
        absl::StrCat("packet of ", transport.size(), " bytes exceeds the IP limit"));
  }
  ++counters_.ip_out_requests;
  PendingPacket meta{protocol, source, destination, {}};
  if (addresses_.IsGroupDestination(destination)) {
    const MacAddress mac = v4 ? MacAddress::Broadcast() : Ipv6MulticastMac(destination);
    return EmitIp(mac, meta, transport, hop_limit);
  }
  const std::optional<IpAddress> next_hop = config.NextHop(destination);
  if (!next_hop) {
    CountDrop(Reason::kTxNoRoute);
    return absl::UnavailableError(absl::StrCat("no route to ", destination.ToString()));
  }
  NeighborCache& cache = v4 ? arp_ : ndp_;
  if (const std::optional<MacAddress> mac = cache.Lookup(*next_hop, Now())) {
    return EmitIp(*mac, meta, transport, hop_limit);
  }
  meta.transport.assign(transport.begin(), transport.end());
  const NeighborCache::EnqueueResult queued = cache.Enqueue(*next_hop, std::move(meta), Now());
  if (!queued.queued) {
    CountDrop(queued.reason);
    return absl::UnavailableError(
        absl::StrCat("neighbor ", next_hop->ToString(), ": ", AbslView(ReasonName(queued.reason))));
  }
  if (queued.send_probe) {
    if (v4) {
      SendArp(wire::arp_field::kRequest, MacAddress::Broadcast(), MacAddress{}, *next_hop);
    } else {
      SendSolicitation(*next_hop);
    }
  }
  return absl::OkStatus();
}

absl::Status NetStack::EmitIp(const MacAddress& mac, const PendingPacket& packet,
                              std::span<const std::byte> transport, uint8_t hop_limit) {
  return packet.destination.family() == IpFamily::kIpv4
             ? EmitIpv4(mac, packet, transport, hop_limit)
             : EmitIpv6(mac, packet, transport, hop_limit);
}

absl::Status NetStack::EmitIpv4(const MacAddress& mac, const PendingPacket& packet,
                                std::span<const std::byte> transport, uint8_t hop_limit) {
  constexpr size_t kHeader = wire::ipv4_field::kMinHeaderSize;
  const size_t mtu = options_.interface.mtu;
  const size_t total = transport.size();
  // Every piece but the last carries a multiple of 8 bytes (RFC 791).
  const size_t piece_max = total + kHeader <= mtu ? total : ((mtu - kHeader) / 8) * 8;
  wire::Ipv4Header header;
  header.identification = static_cast<uint16_t>(options_.random->Next());
  header.ttl = hop_limit;
  header.protocol = packet.protocol;
  header.source = packet.source;
  header.destination = packet.destination;
  absl::Status status;
  size_t offset = 0;
  do {
    const size_t piece = std::min(piece_max, total - offset);
    header.total_length = static_cast<uint16_t>(kHeader + piece);
    header.more_fragments = offset + piece < total;
    header.fragment_offset = static_cast<uint32_t>(offset);
    std::span<std::byte> out = BeginFrame(mac, wire::ether_type::kIpv4, kHeader + piece);
    if (!header.Emit(out.first<kHeader>()) ||
        !wire::CopyBytes(out.subspan(kHeader), transport.subspan(offset, piece))) {
      return absl::InvalidArgumentError("cannot emit an IPv4 header for these addresses");
    }
    if (piece != total) ++counters_.ip_frag_creates;
    if (absl::Status sent = SendFrame(); !sent.ok()) status = sent;
    offset += piece;
  } while (offset < total);
  return status;
}

absl::Status NetStack::EmitIpv6(const MacAddress& mac, const PendingPacket& packet,
                                std::span<const std::byte> transport, uint8_t hop_limit) {
  constexpr size_t kHeader = wire::ipv6_field::kHeaderSize;
  constexpr size_t kFragment = wire::ipv6_field::kFragmentHeaderSize;
  const size_t mtu = options_.interface.mtu;
  const size_t total = transport.size();
  wire::Ipv6Header header;
  header.hop_limit = hop_limit;
  header.source = packet.source;
  header.destination = packet.destination;
  if (total + kHeader <= mtu) {
    header.payload_length = static_cast<uint16_t>(total);
    header.next_header = packet.protocol;
    std::span<std::byte> out = BeginFrame(mac, wire::ether_type::kIpv6, kHeader + total);
    if (!header.Emit(out.first<kHeader>()) || !wire::CopyBytes(out.subspan(kHeader), transport)) {
      return absl::InvalidArgumentError("cannot emit an IPv6 header for these addresses");
    }
    return SendFrame();
  }
  // RFC 8200 4.5: fragments of 8-byte multiples behind a fragment header.
  const size_t piece_max = ((mtu - kHeader - kFragment) / 8) * 8;
  wire::Ipv6Fragment fragment;
  fragment.next_header = packet.protocol;
  fragment.identification = options_.random->Next();
  header.next_header = wire::ip_protocol::kFragment;
  absl::Status status;
  for (size_t offset = 0; offset < total; offset += piece_max) {
    const size_t piece = std::min(piece_max, total - offset);
    header.payload_length = static_cast<uint16_t>(kFragment + piece);
    fragment.offset = static_cast<uint32_t>(offset);
    fragment.more = offset + piece < total;
    std::span<std::byte> out =
        BeginFrame(mac, wire::ether_type::kIpv6, kHeader + kFragment + piece);
    if (!header.Emit(out.first<kHeader>())) {
      return absl::InvalidArgumentError("cannot emit an IPv6 header for these addresses");
    }
    fragment.Emit(out.subspan<kHeader, kFragment>());
    if (!wire::CopyBytes(out.subspan(kHeader + kFragment), transport.subspan(offset, piece))) {
      return absl::InternalError("fragment does not fit its frame");
    }
    ++counters_.ip_frag_creates;
    if (absl::Status sent = SendFrame(); !sent.ok()) status = sent;
  }
  return status;
}

void NetStack::SendArp(uint16_t operation, const MacAddress& to_mac, const MacAddress& target_mac,
                       const IpAddress& target_ip) {
  if (!options_.interface.ipv4) return;
  wire::ArpPacket packet;
  packet.operation = operation;
  packet.sender_mac = options_.interface.mac;
  packet.sender_ip = options_.interface.ipv4->address;
  packet.target_mac = target_mac;
  packet.target_ip = target_ip;
  std::span<std::byte> out = BeginFrame(to_mac, wire::ether_type::kArp, wire::arp_field::kSize);
  if (!packet.Emit(out.first<wire::arp_field::kSize>())) return;
  if (SendFrame().ok()) ++counters_.arp_out;
}

void NetStack::SendSolicitation(const IpAddress& target) {
  const std::optional<IpAddress> source = options_.interface.SourceFor(target);
  if (!source) return;
  wire::NdpMessage solicitation;
  solicitation.type = wire::icmpv6_type::kNeighborSolicitation;
  solicitation.target = target;
  solicitation.source_link_layer = options_.interface.mac;
  const IpAddress destination = SolicitedNodeAddress(target);
  ndp_buffer_.resize(solicitation.size());
  if (!solicitation.Emit(ndp_buffer_) ||
      !wire::FillIcmpChecksum(ndp_buffer_, *source, destination)) {
    return;
  }
  const PendingPacket meta{wire::ip_protocol::kIcmpv6, *source, destination, {}};
  if (EmitIp(Ipv6MulticastMac(destination), meta, ndp_buffer_, kNdpHopLimit).ok()) {
    ++counters_.ndp_out;
  }
}

void NetStack::FlushPending(const std::vector<PendingPacket>& packets, const MacAddress& mac) {
  for (const PendingPacket& packet : packets) {
    (void)EmitIp(mac, packet, packet.transport, 64);  // failures are counted in SendFrame
  }
}

std::span<std::byte> NetStack::BeginFrame(const MacAddress& destination, uint16_t ether_type,
                                          size_t payload_size) {
  wire::EthernetHeader header;
  header.destination = destination;
  header.source = options_.interface.mac;
  header.ether_type = ether_type;
  if (options_.interface.vlan) header.vlan = wire::VlanTag{0, false, *options_.interface.vlan};
  const size_t header_size = header.size();
  const size_t used = header_size + payload_size;
  scratch_size_ = std::max(used, wire::eth_field::kMinFrameSize);
  std::span<std::byte> frame = std::span(scratch_).first(scratch_size_);
  // Callers write every payload byte; only the padding to 60 bytes must be
  // cleared of the previous frame.
  std::ranges::fill(frame.subspan(used), std::byte{0});
  (void)header.Emit(frame.first(header_size));  // a configured VLAN id is valid
  return frame.subspan(header_size, payload_size);
}

absl::Status NetStack::SendFrame() {
  absl::Status sent = device_.Transmit(std::span(scratch_).first(scratch_size_));
  if (sent.ok()) {
    ++counters_.frames_out;
  } else {
    CountDrop(Reason::kTxDeviceError);
  }
  return sent;
}

std::string NetStack::CountersJson() const {
  std::string stack = absl::StrFormat(
      "\"FramesIn\":%d,\"FramesOut\":%d,\"IpInDelivers\":%d,\"IpOutRequests\":%d,"
      "\"IpFragCreates\":%d,\"ArpIn\":%d,\"ArpOut\":%d,\"NdpIn\":%d,\"NdpOut\":%d,"
      "\"IcmpInEchos\":%d,\"IcmpOutEchoReps\":%d,\"IcmpInErrors\":%d,\"IcmpOutUnreachs\":%d,"
      "\"IcmpRateLimited\":%d,\"IcmpOutParmProbs\":%d,\"ReasmReqds\":%d,\"ReasmOKs\":%d,"
      "\"ReasmFails\":%d",
      counters_.frames_in, counters_.frames_out, counters_.ip_in_delivers,
      counters_.ip_out_requests, counters_.ip_frag_creates, counters_.arp_in, counters_.arp_out,
      counters_.ndp_in, counters_.ndp_out, counters_.icmp_in_echos, counters_.icmp_out_echo_reps,
      counters_.icmp_in_errors, counters_.icmp_out_unreachs, counters_.icmp_rate_limited,
      counters_.icmp_out_parm_probs, reassembler_.counters().fragments,
      reassembler_.counters().completed, reassembler_.counters().failed);
  for (const ReasonInfo& row : kReasonTable) {
    if (row.layer == Layer::kUdp || row.layer == Layer::kDns) continue;
    absl::StrAppend(&stack, ",\"", AbslView(row.name), "\":", counters_.drops[row.reason]);
  }
  return absl::StrCat("{\"device\":", DeviceCountersJson(device_.counters()), ",\"stack\":{", stack,
                      "},\"udp\":", udp_->counters().ToJson(), "}");
}

}  // namespace rampart::stack
