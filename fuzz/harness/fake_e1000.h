// A fake 82540EM for tests and the hostile-device fuzz target: a register
// file and DMA memory in ordinary vectors. In "honest" use it behaves like
// QEMU's model (DeliverFrame, RDT/TDT doorbells); a fuzz input may instead
// write anything into descriptors and registers.
#ifndef RAMPART_FUZZ_HARNESS_FAKE_E1000_H_
#define RAMPART_FUZZ_HARNESS_FAKE_E1000_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "netdev/e1000/device_io.h"

namespace rampart::fuzz {

class FakeE1000 final : public netdev::e1000::RegisterIo, public netdev::e1000::DmaAllocator {
 public:
  /// Device addresses handed out start here.
  static constexpr uint64_t kDmaBase = 0x40000000;

  FakeE1000();
  ~FakeE1000();
  FakeE1000(const FakeE1000&) = delete;
  FakeE1000& operator=(const FakeE1000&) = delete;

  uint32_t Read32(uint32_t offset) override;
  void Write32(uint32_t offset, uint32_t value) override;
  absl::StatusOr<netdev::e1000::DmaRegion> Allocate(size_t size) override;

  /// Sets a register as the device would (no doorbell side effects).
  void SetRegister(uint32_t offset, uint32_t value);
  /// @return the register's last value
  uint32_t Register(uint32_t offset) const;
  /// Makes every read of `offset` return `value` until cleared (hostile).
  std::function<std::optional<uint32_t>(uint32_t offset)> read_override;

  /// @return the DMA bytes at [device_address, device_address + size), or
  ///         an empty span if that is not inside one allocated region
  std::span<std::byte> Dma(uint64_t device_address, size_t size);

  /// Honest receive: writes `frame` into the buffer of descriptor RDH and
  /// its write-back (DD|EOP, length), then advances RDH, if RDH != RDT.
  /// @return false if the ring had no free descriptor
  bool DeliverFrame(std::span<const std::byte> frame);

  /// Honest transmit happens on each TDT write: descriptors from TDH up to
  /// TDT are sent (their frames collected here) and marked done.
  std::vector<std::vector<std::byte>> transmitted;
  /// Every value written to RDT and TDT, in order.
  std::vector<uint32_t> rdt_writes, tdt_writes;
  /// When false, TDT writes do not process descriptors (a stuck device).
  bool transmit_on_doorbell = true;
  /// When false, allocations fail (DMA exhaustion).
  bool allocations_succeed = true;

 private:
  std::span<std::byte> Descriptor(uint32_t base_low, uint32_t base_high, uint32_t slot);

  /// The BAR is 128 KiB, one word per register, by offset / 4.
  static constexpr uint32_t kRegisterSpace = 0x20000;
  std::vector<uint32_t> registers_;
  /// DMA memory: one arena per fake, handed on to the next fake when this
  /// one ends with the register file (a fuzz input builds one fake;
  /// allocating, filling and faulting in fresh pages for both each time
  /// was two thirds of the e1000 target's time). Regions are
  /// page-aligned slices, each followed by a poisoned page, so ASan still
  /// sees a driver run past a region.
  std::vector<std::byte> arena_;
  size_t arena_used_ = 0;
  std::vector<std::span<std::byte>> regions_;
  std::vector<uint64_t> region_addresses_;
  uint64_t next_address_ = kDmaBase;
};

}  // namespace rampart::fuzz

#endif  // RAMPART_FUZZ_HARNESS_FAKE_E1000_H_
