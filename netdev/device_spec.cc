#include "netdev/device_spec.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "base/absl_view.h"
#include "netdev/af_packet.h"
#include "netdev/e1000/e1000.h"
#include "netdev/loopback.h"
#include "netdev/vfio/vfio.h"
#ifdef RAMPART_WITH_PCAP
#include "netdev/pcap.h"
#endif
#include "netdev/tap.h"

namespace rampart::netdev {
namespace {

/// Upcasts a backend's StatusOr<unique_ptr<T>>.
template <typename T>
absl::StatusOr<std::unique_ptr<stack::NetDevice>> Upcast(
    absl::StatusOr<std::unique_ptr<T>> opened) {
  if (!opened.ok()) return opened.status();
  return std::unique_ptr<stack::NetDevice>(std::move(opened).value());
}

/// The e1000 driver together with the VFIO device it runs on (the driver
/// is destroyed first: it still writes registers on the way out).
class VfioE1000 final : public stack::NetDevice {
 public:
  VfioE1000(std::unique_ptr<vfio::VfioDevice> bus, std::unique_ptr<e1000::E1000Device> nic)
      : bus_(std::move(bus)), nic_(std::move(nic)) {}
  ~VfioE1000() override { nic_.reset(); }
  absl::Status Transmit(std::span<const std::byte> frame) override { return nic_->Transmit(frame); }
  absl::StatusOr<size_t> Poll(const std::function<void(const stack::RxFrame&)>& on_frame,
                              size_t budget) override {
    return nic_->Poll(on_frame, budget);
  }
  wire::MacAddress mac() const override { return nic_->mac(); }
  size_t mtu() const override { return nic_->mtu(); }
  bool link_up() const override { return nic_->link_up(); }
  const stack::DeviceCounters& counters() const override { return nic_->counters(); }
  std::string name() const override { return nic_->name(); }

 private:
  std::unique_ptr<vfio::VfioDevice> bus_;
  std::unique_ptr<e1000::E1000Device> nic_;
};

absl::StatusOr<std::unique_ptr<stack::NetDevice>> OpenVfioE1000(std::string_view bdf,
                                                                wire::MacAddress mac, size_t mtu,
                                                                bool no_iommu) {
  auto bus = vfio::VfioDevice::Open(bdf, no_iommu);
  if (!bus.ok()) return bus.status();
  e1000::E1000Options options;
  options.mac = mac;
  options.mtu = mtu;
  options.name = absl::StrCat(no_iommu ? "vfio-noiommu:" : "vfio:", AbslView(bdf));
  auto nic = e1000::E1000Device::Create(**bus, **bus, std::move(options));
  if (!nic.ok()) return nic.status();
  return std::unique_ptr<stack::NetDevice>(
      new VfioE1000(std::move(bus).value(), std::move(nic).value()));
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
  if (kind == "vfio" && !rest.empty()) return OpenVfioE1000(rest, mac, mtu, false);
  if (kind == "vfio-noiommu" && !rest.empty()) return OpenVfioE1000(rest, mac, mtu, true);
#ifdef RAMPART_WITH_PCAP
  if (kind == "pcap" && !rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string input(rest.substr(0, comma));
    const std::string output(comma == std::string_view::npos ? "" : rest.substr(comma + 1));
    return Upcast(PcapDevice::Open(input, output, mac, mtu));
  }
#endif
  return absl::InvalidArgumentError(
      absl::StrCat("unknown device '", AbslView(spec),
                   "': expected tap:NAME, afpacket:IFNAME, pcap:IN[,OUT], vfio:BDF, "
                   "vfio-noiommu:BDF or loopback"));
}

}  // namespace rampart::netdev
