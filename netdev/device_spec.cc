#include "netdev/device_spec.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "base/absl_view.h"
#include "netdev/af_packet.h"
#include "netdev/loopback.h"
#include "netdev/pcap.h"
#include "netdev/tap.h"

namespace rampart::netdev {
namespace {

/// Upcasts a backend's StatusOr<unique_ptr<T>>.
template <typename T>
absl::StatusOr<std::unique_ptr<stack::NetDevice>> Upcast(absl::StatusOr<std::unique_ptr<T>> opened) {
  if (!opened.ok()) return opened.status();
  return std::unique_ptr<stack::NetDevice>(std::move(opened).value());
}

}  // namespace

absl::StatusOr<std::unique_ptr<stack::NetDevice>> OpenDevice(std::string_view spec,
                                                             wire::MacAddress mac, size_t mtu) {
  const size_t colon = spec.find(':');
  const std::string_view kind = spec.substr(0, colon);
  const std::string_view rest = colon == std::string_view::npos ? "" : spec.substr(colon + 1);
  if (kind == "loopback" && rest.empty()) {
    return std::unique_ptr<stack::NetDevice>(MakeLoopback(mac, mtu));
  }
  if (kind == "tap" && !rest.empty()) return Upcast(TapDevice::Open(rest, mac, mtu));
  if (kind == "afpacket" && !rest.empty()) return Upcast(AfPacketDevice::Open(rest, mac, mtu));
  if (kind == "pcap" && !rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string input(rest.substr(0, comma));
    const std::string output(comma == std::string_view::npos ? "" : rest.substr(comma + 1));
    return Upcast(PcapDevice::Open(input, output, mac, mtu));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown device '", AbslView(spec),
                   "': expected tap:NAME, afpacket:IFNAME, pcap:IN[,OUT] or loopback"));
}

}  // namespace rampart::netdev
