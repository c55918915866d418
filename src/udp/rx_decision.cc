#include "udp/rx_decision.h"

#include "wire/udp.h"
#include "wire/udp_checksum.h"

namespace rampart::udp {
namespace {

/// @return true if the datagram (header and payload, length bytes)
///         verifies against its pseudo-header
bool ChecksumVerifies(const wire::UdpView& view, const RxFacts& facts) {
  return wire::UdpFoldedSum(facts.source, facts.destination, view.length(), view.datagram()) ==
         0xFFFF;
}

}  // namespace

RxDecision DecideRx(std::span<const std::byte> datagram, const RxFacts& facts,
                    ChecksumPolicy policy, const DemuxTable& table) noexcept {
  const wire::IpFamily family = facts.destination.family();
  if (facts.source.family() != family) return DropVerdict{Reason::kUdpAddressFamilyMismatch};
  const auto view = wire::UdpView::Create(datagram, family);
  if (!view.ok()) return DropVerdict{view.error()};
  if (facts.source.is_multicast() || facts.source.is_limited_broadcast()) {
    return DropVerdict{Reason::kUdpSourceNotUnicast};
  }
  if (view->destination_port() == 0) return DropVerdict{Reason::kUdpDestinationPortZero};
  const bool has_checksum = view->checksum() != 0;
  if (has_checksum && policy == ChecksumPolicy::kVerify && !ChecksumVerifies(view.value(), facts)) {
    return DropVerdict{Reason::kUdpChecksumMismatch};
  }
  const DatagramMetadata metadata{wire::SocketAddress{facts.source, view->source_port()},
                                  wire::SocketAddress{facts.destination, view->destination_port()}};
  const DemuxMatch match = table.Lookup(metadata.destination, metadata.source);
  if (!has_checksum && family == wire::IpFamily::kIpv6 &&
      (match.entry == nullptr || !match.entry->accept_ipv6_zero_checksum)) {
    return DropVerdict{Reason::kUdpIpv6ZeroChecksum};
  }
  if (match.entry == nullptr) {
    return DropVerdict{match.refused_by_peer_filter ? Reason::kUdpPeerMismatch
                                                    : Reason::kUdpNoListener};
  }
  return DeliverVerdict{match.entry->connection, wire::udp_field::kHeaderSize,
                        view->payload().size(), metadata,
                        has_checksum && policy == ChecksumPolicy::kUnverifiablePartial};
}

}  // namespace rampart::udp
