// An AF_PACKET socket with memory-mapped receive and transmit rings
// (TPACKET_V2) bound to one Linux interface: rampart owns the link layer
// of that interface alongside (not instead of) the kernel.
#ifndef RAMPART_NETDEV_AF_PACKET_H_
#define RAMPART_NETDEV_AF_PACKET_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "netdev/fd.h"
#include "stack/net_device.h"

namespace rampart::netdev {

/// Ring geometry: 4 MiB each way, in 64 KiB blocks. A frame_size of 0
/// (the default) picks the smallest power of two (at least 2 KiB) that holds
/// an MTU-sized frame and the ring header: 2 KiB slots, 2,048 frames each
/// way, at the usual MTU of 1500, so a burst of back-to-back small datagrams
/// waits in the ring instead of being dropped by the kernel.
struct PacketRingShape {
  uint32_t block_size = 1u << 16;
  uint32_t block_count = 64;
  uint32_t frame_size = 0;
};

class AfPacketDevice final : public stack::NetDevice {
 public:
  /// Opens the rings on `interface` and puts it in promiscuous mode (so
  /// frames for rampart's own MAC arrive); frames this socket sends are
  /// not looped back to it. Frames received with an 802.1Q tag (which
  /// Linux strips and reports beside the frame) are handed up with the tag
  /// rebuilt in place; tagged frames are sent as they are given.
  /// @param interface a Linux interface name, e.g. "veth1"
  /// @param mac       the MAC rampart uses on the link
  /// @param mtu       the largest IP packet
  /// @param shape     ring geometry
  /// @return the device; NotFound for an unknown interface;
  ///         PermissionDenied without CAP_NET_RAW
  static absl::StatusOr<std::unique_ptr<AfPacketDevice>> Open(std::string_view interface,
                                                              wire::MacAddress mac, size_t mtu,
                                                              PacketRingShape shape = {});
  ~AfPacketDevice() override;
  AfPacketDevice(const AfPacketDevice&) = delete;
  AfPacketDevice& operator=(const AfPacketDevice&) = delete;

  absl::Status Transmit(std::span<const std::byte> frame) override;
  absl::StatusOr<size_t> Poll(const std::function<void(const stack::RxFrame&)>& on_frame,
                              size_t budget) override;
  wire::MacAddress mac() const override { return mac_; }
  size_t mtu() const override { return mtu_; }
  bool link_up() const override;
  const stack::DeviceCounters& counters() const override { return counters_; }
  int wait_fd() const override { return fd_.get(); }
  std::string name() const override { return "afpacket:" + interface_; }
  /// Reads and clears the socket's pending error: ENETDOWN means the link
  /// went down (counted once in link_downs; the first frame received or
  /// sent afterwards counts link_ups). An interface index of -1 on the
  /// socket means the interface was deleted: NotFound.
  absl::StatusOr<stack::LinkState> CheckLink(short revents) override;

 private:
  AfPacketDevice(Fd fd, std::string interface, int ifindex, wire::MacAddress mac, size_t mtu,
                 PacketRingShape shape, std::span<std::byte> rings);
  /// Rebuilds a frame the kernel untagged: `frame` with the tag (TPID,
  /// TCI) put back after the MAC addresses, in retagged_.
  /// @return the tagged frame; nullopt if it does not fit or is shorter
  ///         than two MAC addresses
  std::optional<std::span<const std::byte>> Retag(std::span<const std::byte> frame, uint16_t tpid,
                                                  uint16_t tci);
  /// Records that frames flow again after the link was seen down.
  void NoteLinkUp();
  /// @return the ring slot (header and data) of frame `index`
  std::span<std::byte> RxSlot(size_t index) const;
  std::span<std::byte> TxSlot(size_t index) const;

  Fd fd_;
  std::string interface_;
  int ifindex_;
  wire::MacAddress mac_;
  size_t mtu_;
  PacketRingShape shape_;
  std::span<std::byte> rings_;  // the mmap: receive ring, then transmit ring
  size_t frame_count_;
  size_t rx_next_ = 0;
  size_t tx_next_ = 0;
  std::vector<std::byte> retagged_;  // one frame with its tag put back
  stack::LinkState link_state_ = stack::LinkState::kUp;
  stack::DeviceCounters counters_;
};

}  // namespace rampart::netdev

#endif  // RAMPART_NETDEV_AF_PACKET_H_
