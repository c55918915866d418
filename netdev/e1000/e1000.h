// A userspace driver for the Intel 82540EM (e1000): init, one receive and
// one transmit ring of legacy descriptors, polling, link state, MAC from
// RAL/RAH. It reaches the hardware only through RegisterIo and
// DmaAllocator, so it runs on VFIO and on fakes alike. Driver metadata
// (ownership, ring positions) lives in ordinary memory, never in DMA
// pages; everything read from the device is copied once and checked.
#ifndef RAMPART_NETDEV_E1000_E1000_H_
#define RAMPART_NETDEV_E1000_E1000_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "netdev/e1000/device_io.h"
#include "netdev/e1000/rx_ring.h"
#include "stack/net_device.h"

namespace rampart::netdev::e1000 {

/// Settings.
struct E1000Options {
  uint32_t rx_ring_size = 256;  ///< multiple of 8 (RDLEN is a multiple of 128)
  uint32_t tx_ring_size = 256;
  size_t poll_budget = 64;  ///< most frames per Poll()
  size_t mtu = 1500;
  /// Use this MAC instead of the one in RAL0/RAH0 (programmed into RAL0).
  std::optional<wire::MacAddress> mac;
  /// How long init waits for the link (it continues without it).
  int link_wait_ms = 2000;
  /// Sleeps (tests pass a no-op).
  std::function<void(int milliseconds)> sleep_ms;
  /// A name for messages, e.g. "vfio:0000:00:01.0".
  std::string name = "e1000";
};

/// Counters beyond the generic ones.
struct E1000Counters {
  RxRingCounts rx;            ///< totals of every receive decision
  uint64_t tx_ring_full = 0;  ///< transmits refused because no slot was free
  uint64_t tx_reclaimed = 0;  ///< transmit slots the device reported done
};

class E1000Device final : public stack::NetDevice {
 public:
  /// Resets and initializes the device, allocates and posts the rings.
  /// @param io  register access (not owned; must outlive the device)
  /// @param dma DMA memory (not owned; must outlive the device)
  /// @return the device; InvalidArgument for bad ring sizes; the
  ///         allocator's error if DMA memory runs out
  static absl::StatusOr<std::unique_ptr<E1000Device>> Create(RegisterIo& io, DmaAllocator& dma,
                                                             E1000Options options);
  /// Disables receive and transmit.
  ~E1000Device() override;

  absl::Status Transmit(std::span<const std::byte> frame) override;
  absl::StatusOr<size_t> Poll(const std::function<void(const stack::RxFrame&)>& on_frame,
                              size_t budget) override;
  wire::MacAddress mac() const override { return mac_; }
  size_t mtu() const override { return options_.mtu; }
  bool link_up() const override;
  const stack::DeviceCounters& counters() const override { return counters_; }
  std::string name() const override { return options_.name; }

  /// @return the driver's own counters
  const E1000Counters& driver_counters() const { return driver_counters_; }
  /// @return which receive slots software has posted (for tests)
  const std::vector<uint8_t>& rx_posted() const { return rx_posted_; }

  static constexpr uint16_t kBufferSize = 2048;

 private:
  E1000Device(RegisterIo& io, E1000Options options);
  absl::Status Init(DmaAllocator& dma);
  void Reclaim();

  RegisterIo& io_;
  E1000Options options_;
  wire::MacAddress mac_;
  DmaRegion rx_descriptors_, rx_buffers_, tx_descriptors_, tx_buffers_;
  std::vector<uint8_t> rx_posted_;  // by slot, non-zero: the device may fill it
  uint32_t rx_tail_ = 0;            // the RDT value last written
  RxRingState rx_state_;
  std::vector<uint8_t> tx_in_flight_;
  uint32_t tx_next_ = 0;   // the next slot to fill
  uint32_t tx_clean_ = 0;  // the oldest slot in flight
  std::vector<RxWriteBack> write_backs_;
  std::vector<RxSlotAction> actions_;
  std::vector<std::byte> frame_copy_;
  stack::DeviceCounters counters_;
  E1000Counters driver_counters_;
};

}  // namespace rampart::netdev::e1000

#endif  // RAMPART_NETDEV_E1000_E1000_H_
