#include "udp/rx_decision.h"

#include <optional>

#include "wire/udp.h"
#include "wire/udp_checksum.h"

namespace rampart::udp {
namespace {

using wire::udp_field::kHeaderSize;

/// The length checks (steps 2 and 3). On success, `length` is the UDP
/// length field, which lies in [8, datagram.size()].
std::optional<DropReason> CheckLengths(std::span<const std::byte> datagram, wire::IpFamily family,
                                       const wire::UdpHeaderView& header) {
  std::optional<DropReason> reason;
  size_t length = header.length();
  if (length == 0 && family == wire::IpFamily::kIpv6) {
    reason = DropReason::kIpv6Jumbogram;
  } else if (length < kHeaderSize) {
    reason = DropReason::kLengthBelowHeader;
  } else if (length > datagram.size()) {
    reason = DropReason::kLengthExceedsPacket;
  }
  return reason;
}

/// @return true if the datagram (first `length` bytes) verifies against
///         its pseudo-header
bool ChecksumVerifies(std::span<const std::byte> datagram, const RxFacts& facts, uint16_t length) {
  return wire::UdpFoldedSum(facts.source, facts.destination, length, datagram.first(length)) ==
         0xFFFF;
}

}  // namespace

RxDecision DecideRx(std::span<const std::byte> datagram, const RxFacts& facts,
                    ChecksumPolicy policy, const DemuxTable& table) noexcept {
  RxDecision decision = Drop{DropReason::kTruncatedHeader};
  std::optional<wire::UdpHeaderView> header = wire::UdpHeaderView::Create(datagram);
  wire::IpFamily family = facts.destination.family();
  std::optional<DropReason> reason;
  if (facts.source.family() != family) {
    reason = DropReason::kAddressFamilyMismatch;
  } else if (!header.has_value()) {
    reason = DropReason::kTruncatedHeader;
  } else {
    reason = CheckLengths(datagram, family, *header);
  }
  if (!reason.has_value() && (facts.source.is_multicast() || facts.source.is_limited_broadcast())) {
    reason = DropReason::kSourceNotUnicast;
  }
  if (!reason.has_value() && header->destination_port() == 0) {
    reason = DropReason::kDestinationPortZero;
  }
  DemuxMatch match;
  DatagramMetadata metadata;
  if (!reason.has_value()) {
    metadata.source = wire::SocketAddress{facts.source, header->source_port()};
    metadata.destination = wire::SocketAddress{facts.destination, header->destination_port()};
    match = table.Lookup(metadata.destination, metadata.source);
    uint16_t checksum = header->checksum();
    if (checksum != 0) {
      if (policy == ChecksumPolicy::kVerify &&
          !ChecksumVerifies(datagram, facts, header->length())) {
        reason = DropReason::kChecksumMismatch;
      }
    } else if (family == wire::IpFamily::kIpv6 &&
               (match.entry == nullptr || !match.entry->accept_ipv6_zero_checksum)) {
      reason = DropReason::kIpv6ZeroChecksum;
    }
  }
  if (!reason.has_value() && match.entry == nullptr) {
    reason = match.refused_by_peer_filter ? DropReason::kPeerMismatch : DropReason::kNoListener;
  }
  if (reason.has_value()) {
    decision = Drop{*reason};
  } else {
    decision = Deliver{match.entry->connection, kHeaderSize,
                       static_cast<size_t>(header->length()) - kHeaderSize, metadata};
  }
  return decision;
}

}  // namespace rampart::udp
