#include "udp/drop_reason.h"

namespace rampart::udp {

std::string_view DropReasonName(DropReason reason) {
  std::string_view name = "udp_unknown";
  switch (reason) {
    case DropReason::kTruncatedHeader:
      name = "udp_truncated_header";
      break;
    case DropReason::kLengthBelowHeader:
      name = "udp_length_below_header";
      break;
    case DropReason::kIpv6Jumbogram:
      name = "udp_ipv6_jumbogram";
      break;
    case DropReason::kLengthExceedsPacket:
      name = "udp_length_exceeds_packet";
      break;
    case DropReason::kAddressFamilyMismatch:
      name = "udp_address_family_mismatch";
      break;
    case DropReason::kSourceNotUnicast:
      name = "udp_source_not_unicast";
      break;
    case DropReason::kDestinationPortZero:
      name = "udp_destination_port_zero";
      break;
    case DropReason::kChecksumMismatch:
      name = "udp_checksum_mismatch";
      break;
    case DropReason::kIpv6ZeroChecksum:
      name = "udp_ipv6_zero_checksum";
      break;
    case DropReason::kNoListener:
      name = "udp_no_listener";
      break;
    case DropReason::kPeerMismatch:
      name = "udp_peer_mismatch";
      break;
    case DropReason::kReceiveQueueFull:
      name = "udp_receive_queue_full";
      break;
    case DropReason::kConnectionClosed:
      name = "udp_connection_closed";
      break;
  }
  return name;
}

std::array<DropReason, kDropReasonCount> AllDropReasons() {
  std::array<DropReason, kDropReasonCount> all{};
  for (size_t i = 0; i < kDropReasonCount; ++i) {
    all[i] = static_cast<DropReason>(i);
  }
  return all;
}

}  // namespace rampart::udp
