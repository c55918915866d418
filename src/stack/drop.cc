#include "stack/drop.h"

#include <array>

#include "udp/drop_reason.h"
#include "wire/arp.h"
#include "wire/ethernet.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"
#include "wire/ipv6.h"
#include "wire/ndp.h"

namespace rampart::stack {
namespace {

struct StackDropInfo {
  std::string_view name;
  Layer layer;
};

// In enum order; the static_assert catches a reason added without a name.
constexpr std::array<StackDropInfo, kStackDropCount> kStackDrops = {{
    {"eth_not_for_us", Layer::kEth},
    {"eth_source_multicast", Layer::kEth},
    {"eth_vlan_not_configured", Layer::kEth},
    {"eth_vlan_mismatch", Layer::kEth},
    {"eth_unsupported_type", Layer::kEth},
    {"arp_not_for_us", Layer::kArp},
    {"arp_bad_sender", Layer::kArp},
    {"arp_not_configured", Layer::kArp},
    {"ipv4_bad_checksum", Layer::kIpv4},
    {"ipv4_reserved_flag", Layer::kIpv4},
    {"ipv4_source_invalid", Layer::kIpv4},
    {"ipv4_not_for_us", Layer::kIpv4},
    {"ipv4_unsupported_protocol", Layer::kIpv4},
    {"ipv6_source_invalid", Layer::kIpv6},
    {"ipv6_not_for_us", Layer::kIpv6},
    {"ipv6_unsupported_protocol", Layer::kIpv6},
    {"frag_overlap", Layer::kFrag},
    {"frag_too_large", Layer::kFrag},
    {"frag_bad_length", Layer::kFrag},
    {"frag_empty", Layer::kFrag},
    {"frag_inconsistent_end", Layer::kFrag},
    {"frag_too_many_fragments", Layer::kFrag},
    {"frag_memory_limit", Layer::kFrag},
    {"frag_timeout", Layer::kFrag},
    {"frag_nested", Layer::kFrag},
    {"icmp_bad_checksum", Layer::kIcmp},
    {"icmp_unsupported_type", Layer::kIcmp},
    {"icmp_echo_not_unicast", Layer::kIcmp},
    {"ndp_bad_hop_limit", Layer::kIcmp},
    {"ndp_not_for_us", Layer::kIcmp},
    {"ndp_bad_source", Layer::kIcmp},
    {"neigh_queue_full", Layer::kNeigh},
    {"neigh_cache_full", Layer::kNeigh},
    {"neigh_unresolved", Layer::kNeigh},
    {"tx_no_route", Layer::kTx},
    {"tx_too_big", Layer::kTx},
    {"tx_device_error", Layer::kTx},
}};
static_assert(kStackDrops.size() == kStackDropCount);

/// Appends the names of wire error values 1..last (0 is "no error").
template <typename Error, typename NameOf>
void AddWireErrors(std::vector<NamedReason>& out, Layer layer, Error last, NameOf name_of) {
  for (size_t i = 1; i <= static_cast<size_t>(last); ++i) {
    out.push_back({layer, name_of(static_cast<Error>(i))});
  }
}

void AddStackDrops(std::vector<NamedReason>& out, Layer layer) {
  for (const StackDropInfo& info : kStackDrops) {
    if (info.layer == layer) out.push_back({layer, info.name});
  }
}

std::vector<NamedReason> BuildAllReasonNames() {
  std::vector<NamedReason> out;
  AddWireErrors(out, Layer::kEth, wire::EthernetError::kTruncatedVlanTag, wire::EthernetErrorName);
  AddStackDrops(out, Layer::kEth);
  AddWireErrors(out, Layer::kArp, wire::ArpError::kUnknownOperation, wire::ArpErrorName);
  AddStackDrops(out, Layer::kArp);
  AddWireErrors(out, Layer::kIpv4, wire::Ipv4Error::kTotalLengthExceedsPacket, wire::Ipv4ErrorName);
  AddStackDrops(out, Layer::kIpv4);
  AddWireErrors(out, Layer::kIpv6, wire::Ipv6Error::kPayloadLengthExceedsPacket,
                wire::Ipv6ErrorName);
  AddWireErrors(out, Layer::kIpv6, wire::Ipv6ChainError::kTooManyExtensions,
                wire::Ipv6ChainErrorName);
  AddStackDrops(out, Layer::kIpv6);
  AddStackDrops(out, Layer::kFrag);
  AddWireErrors(out, Layer::kIcmp, wire::IcmpError::kQuotedHeaderLength, wire::IcmpErrorName);
  AddWireErrors(out, Layer::kIcmp, wire::NdpError::kMulticastTarget, wire::NdpErrorName);
  AddStackDrops(out, Layer::kIcmp);
  for (udp::DropReason reason : udp::AllDropReasons()) {
    out.push_back({Layer::kUdp, udp::DropReasonName(reason)});
  }
  AddStackDrops(out, Layer::kNeigh);
  AddStackDrops(out, Layer::kTx);
  return out;
}

}  // namespace

std::string_view LayerName(Layer layer) {
  static constexpr std::array<std::string_view, 9> kNames = {"eth",  "arp", "ipv4", "ipv6", "frag",
                                                             "icmp", "udp", "tx",   "neigh"};
  static_assert(static_cast<size_t>(Layer::kNeigh) + 1 == kNames.size());
  return kNames[static_cast<size_t>(layer)];
}

std::string_view StackDropName(StackDrop reason) {
  return kStackDrops[static_cast<size_t>(reason)].name;
}

Layer StackDropLayer(StackDrop reason) { return kStackDrops[static_cast<size_t>(reason)].layer; }

const std::vector<NamedReason>& AllReasonNames() {
  static const std::vector<NamedReason> names = BuildAllReasonNames();
  return names;
}

}  // namespace rampart::stack
