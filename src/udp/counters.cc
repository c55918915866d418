#include "udp/counters.h"

#include "absl/strings/str_cat.h"
#include "base/absl_view.h"

namespace rampart::udp {

void UdpCounters::ForEach(const std::function<void(std::string_view, uint64_t)>& visit) const {
  visit("InDatagrams", in_datagrams);
  visit("InCsumUnverified", in_csum_unverified);
  visit("NoPorts", no_ports());
  visit("InErrors", in_errors());
  visit("InCsumErrors", in_csum_errors());
  visit("RcvbufErrors", rcvbuf_errors());
  visit("OutDatagrams", out_datagrams);
  visit("OutErrors", out_errors);
  for (const ReasonInfo& row : kReasonTable) {
    if (row.layer == Layer::kUdp) visit(row.name, drops[row.reason]);
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
