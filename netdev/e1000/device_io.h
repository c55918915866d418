// What the e1000 driver needs from the bus: 32-bit register access to
// BAR0, and DMA memory (a CPU view plus the address the device uses).
// VFIO implements it for real hardware; tests and the hostile-device fuzz
// target implement it with fakes.
#ifndef RAMPART_NETDEV_E1000_DEVICE_IO_H_
#define RAMPART_NETDEV_E1000_DEVICE_IO_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "absl/status/statusor.h"

namespace rampart::netdev::e1000 {

/// 32-bit MMIO register access.
class RegisterIo {
 public:
  virtual ~RegisterIo() = default;
  /// @param offset a register offset in BAR0 (a multiple of 4)
  /// @return the register's value (the device decides it: untrusted)
  virtual uint32_t Read32(uint32_t offset) = 0;
  /// Writes a register. Earlier writes to DMA memory are visible to the
  /// device before this write (the implementation issues the barrier).
  virtual void Write32(uint32_t offset, uint32_t value) = 0;
};

/// A DMA-mapped buffer: memory the device reads and writes.
struct DmaRegion {
  std::span<std::byte> bytes;   ///< the CPU's view
  uint64_t device_address = 0;  ///< the IOVA (or physical address) the device uses
};

/// Hands out DMA memory that stays mapped until the allocator is gone.
class DmaAllocator {
 public:
  virtual ~DmaAllocator() = default;
  /// @param size bytes (rounded up to the page size)
  /// @return the region; ResourceExhausted when no address space is left
  virtual absl::StatusOr<DmaRegion> Allocate(size_t size) = 0;
};

}  // namespace rampart::netdev::e1000

#endif  // RAMPART_NETDEV_E1000_DEVICE_IO_H_
