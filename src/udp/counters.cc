#include "udp/counters.h"

#include "absl/strings/str_cat.h"
#include "base/absl_view.h"

namespace rampart::udp {

void UdpCounters::CountDrop(DropReason reason) {
  ++drops[static_cast<size_t>(reason)];
  switch (reason) {
    case DropReason::kNoListener:
    case DropReason::kPeerMismatch:
      ++no_ports;
      break;
    case DropReason::kChecksumMismatch:
    case DropReason::kIpv6ZeroChecksum:
      ++in_csum_errors;
      ++in_errors;
      break;
    case DropReason::kReceiveQueueFull:
      ++rcvbuf_errors;
      ++in_errors;
      break;
    case DropReason::kConnectionClosed:
      break;
    default:
      ++in_errors;
      break;
  }
}

void UdpCounters::ForEach(const std::function<void(std::string_view, uint64_t)>& visit) const {
  visit("InDatagrams", in_datagrams);
  visit("NoPorts", no_ports);
  visit("InErrors", in_errors);
  visit("InCsumErrors", in_csum_errors);
  visit("RcvbufErrors", rcvbuf_errors);
  visit("OutDatagrams", out_datagrams);
  visit("OutErrors", out_errors);
  for (DropReason reason : AllDropReasons()) {
    visit(DropReasonName(reason), drop_count(reason));
  }
}

std::string UdpCounters::ToJson() const {
  std::string json = "{";
  ForEach([&json](std::string_view name, uint64_t value) {
    absl::StrAppend(&json, json.size() > 1 ? "," : "", "\"", AbslView(name), "\":", value);
  });
  json += "}";
  return json;
}

}  // namespace rampart::udp
