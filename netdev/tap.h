// A TAP device (/dev/net/tun): frames written here enter the kernel as if
// received on the tap interface; frames the kernel sends there are read.
#ifndef RAMPART_NETDEV_TAP_H_
#define RAMPART_NETDEV_TAP_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "netdev/fd.h"
#include "stack/net_device.h"

namespace rampart::netdev {

/// A TAP interface opened without packet information headers.
class TapDevice final : public stack::NetDevice {
 public:
  /// Attaches to (or creates) the tap interface `name` and brings it up.
  /// @param name the interface name (at most 15 characters)
  /// @param mac  the MAC rampart uses on the link (not the kernel's)
  /// @param mtu  the largest IP packet
  /// @return the device; NotFound without /dev/net/tun; PermissionDenied
  ///         without CAP_NET_ADMIN; InvalidArgument for a bad name
  static absl::StatusOr<std::unique_ptr<TapDevice>> Open(std::string_view name,
                                                         wire::MacAddress mac, size_t mtu);

  absl::Status Transmit(std::span<const std::byte> frame) override;
  absl::StatusOr<size_t> Poll(const std::function<void(const stack::RxFrame&)>& on_frame,
                              size_t budget) override;
  wire::MacAddress mac() const override { return mac_; }
  size_t mtu() const override { return mtu_; }
  bool link_up() const override { return true; }
  const stack::DeviceCounters& counters() const override { return counters_; }
  int wait_fd() const override { return fd_.get(); }
  std::string name() const override { return "tap:" + name_; }
  /// A tap's descriptor reports an error only once its interface is gone
  /// (deleted, or its namespace removed): NotFound then.
  absl::StatusOr<stack::LinkState> CheckLink(short revents) override;

 private:
  TapDevice(Fd fd, std::string name, wire::MacAddress mac, size_t mtu);

  Fd fd_;
  std::string name_;
  wire::MacAddress mac_;
  size_t mtu_;
  std::vector<std::byte> buffer_;
  stack::DeviceCounters counters_;
};

}  // namespace rampart::netdev

#endif  // RAMPART_NETDEV_TAP_H_
