// In-memory devices: a loopback (what it sends, it receives), a linked
// pair (two ends of one cable, for wiring two stacks together in tests),
// and a discard device (sends go nowhere; for offline inspection).
#ifndef RAMPART_NETDEV_LOOPBACK_H_
#define RAMPART_NETDEV_LOOPBACK_H_

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "stack/net_device.h"

namespace rampart::netdev {

/// A device whose frames live in a bounded in-memory queue. What it
/// transmits goes to its peer's queue: itself (loopback), another
/// MemoryDevice (a linked pair), or nowhere (discard).
class MemoryDevice final : public stack::NetDevice {
 public:
  /// Most frames a queue holds; more are dropped and counted (rx_dropped
  /// of the receiving end).
  static constexpr size_t kQueueLimit = 4096;

  /// @param name shown by name()
  /// @param mac  the device's MAC
  /// @param mtu  the largest IP packet (Transmit refuses bigger frames)
  MemoryDevice(std::string name, wire::MacAddress mac, size_t mtu);

  absl::Status Transmit(std::span<const std::byte> frame) override;
  absl::StatusOr<size_t> Poll(const std::function<void(const stack::RxFrame&)>& on_frame,
                              size_t budget) override;
  wire::MacAddress mac() const override { return mac_; }
  size_t mtu() const override { return mtu_; }
  bool link_up() const override { return true; }
  const stack::DeviceCounters& counters() const override { return counters_; }
  std::string name() const override { return name_; }

  /// Puts a frame in this device's receive queue (as if it arrived).
  void Inject(std::span<const std::byte> frame);
  /// @return frames waiting to be polled
  size_t queued() const { return queue_.size(); }
  /// Where transmitted frames go (nullptr: discarded).
  void set_peer(MemoryDevice* peer) { peer_ = peer; }

 private:
  std::string name_;
  wire::MacAddress mac_;
  size_t mtu_;
  MemoryDevice* peer_ = nullptr;
  std::deque<std::vector<std::byte>> queue_;
  stack::DeviceCounters counters_;
};

/// @return a loopback device (transmit feeds its own receive queue)
std::unique_ptr<MemoryDevice> MakeLoopback(wire::MacAddress mac, size_t mtu = 1500);

/// @return two devices joined like the ends of one cable
std::pair<std::unique_ptr<MemoryDevice>, std::unique_ptr<MemoryDevice>> MakeLinkedPair(
    wire::MacAddress mac_a, wire::MacAddress mac_b, size_t mtu = 1500);

/// @return a device that receives nothing and counts what it discards
std::unique_ptr<MemoryDevice> MakeDiscard(wire::MacAddress mac, size_t mtu = 1500);

}  // namespace rampart::netdev

#endif  // RAMPART_NETDEV_LOOPBACK_H_
