#include "stack/net_device.h"

#include "absl/strings/str_format.h"

namespace rampart::stack {

std::string DeviceCountersJson(const DeviceCounters& c) {
  return absl::StrFormat(
      "{\"RxFrames\":%d,\"RxBytes\":%d,\"RxDropped\":%d,\"TxFrames\":%d,\"TxBytes\":%d,"
      "\"TxErrors\":%d,\"Errors\":%d,\"Hangups\":%d,\"LinkDowns\":%d,\"LinkUps\":%d}",
      c.rx_frames, c.rx_bytes, c.rx_dropped, c.tx_frames, c.tx_bytes, c.tx_errors, c.errors,
      c.hangups, c.link_downs, c.link_ups);
}

const char* LinkStateName(LinkState state) { return state == LinkState::kUp ? "up" : "down"; }

}  // namespace rampart::stack
