// VFIO: a PCI device owned by userspace. Container, group and device
// descriptors; bus mastering through the config region; BAR0 mapped; DMA
// memory mapped at IOVAs chosen inside the IOMMU's reported ranges (or,
// in no-IOMMU mode on machines that need it, at physical addresses read
// from /proc/self/pagemap). Implements the e1000 driver's RegisterIo and
// DmaAllocator.
#ifndef RAMPART_NETDEV_VFIO_VFIO_H_
#define RAMPART_NETDEV_VFIO_VFIO_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "netdev/e1000/device_io.h"
#include "netdev/vfio/kernel.h"

namespace rampart::netdev::vfio {

/// An inclusive range of I/O virtual addresses the IOMMU accepts.
struct IovaRange {
  uint64_t first = 0;
  uint64_t last = 0;
};

/// Hands out IOVAs from the IOMMU's ranges, lowest first, above a base.
/// Pure: no system calls.
class IovaAllocator {
 public:
  /// @param ranges usable ranges (from VFIO_IOMMU_GET_INFO); empty means
  ///               the whole 64-bit space minus page 0
  /// @param base   lowest IOVA to hand out
  IovaAllocator(std::vector<IovaRange> ranges, uint64_t base);
  /// @param size      bytes (non-zero)
  /// @param alignment a power of two
  /// @return an IOVA with [iova, iova + size) inside one range and above
  ///         everything handed out before; ResourceExhausted otherwise
  absl::StatusOr<uint64_t> Allocate(uint64_t size, uint64_t alignment);

 private:
  std::vector<IovaRange> ranges_;
  uint64_t next_;
};

/// Reads the IOVA ranges from the capability chain of a
/// vfio_iommu_type1_info the kernel returned (`info` holds argsz bytes).
/// @return the ranges (empty if the capability is absent); DataLoss for
///         a chain that points outside `info` or loops
absl::StatusOr<std::vector<IovaRange>> ParseIovaRanges(std::span<const std::byte> info);

/// Turns a /proc/self/pagemap entry into a physical address.
/// @param entry           the 64-bit entry for the page
/// @param virtual_address the address looked up
/// @param page_size       the page size
/// @return the physical address; FailedPrecondition if the page is not
///         present; PermissionDenied if the frame number reads 0 (the
///         kernel hides it from processes without CAP_SYS_ADMIN)
absl::StatusOr<uint64_t> PhysicalFromPagemap(uint64_t entry, uint64_t virtual_address,
                                             uint64_t page_size);

/// @return true for "DDDD:BB:DD.F" (hex domain, bus, device 00-1f,
///         function 0-7)
bool IsPciAddress(std::string_view bdf);

/// A PCI device opened through VFIO.
class VfioDevice final : public e1000::RegisterIo, public e1000::DmaAllocator {
 public:
  /// Opens the device (it must be bound to vfio-pci), enables bus
  /// mastering and maps BAR0.
  /// @param bdf      the PCI address, e.g. "0000:00:01.0"
  /// @param no_iommu use VFIO's no-IOMMU mode (physical addresses; root)
  /// @param kernel   the system calls (a test's or fuzzer's kernel; it
  ///                 outlives the device)
  /// @return the device, or an error that names the device and the fix;
  ///         on error everything opened or mapped so far is released
  static absl::StatusOr<std::unique_ptr<VfioDevice>> Open(std::string_view bdf, bool no_iommu,
                                                          Kernel& kernel = SystemKernel());
  /// Unmaps every DMA region and BAR0, then closes the descriptors.
  ~VfioDevice() override;
  VfioDevice(const VfioDevice&) = delete;
  VfioDevice& operator=(const VfioDevice&) = delete;

  uint32_t Read32(uint32_t offset) override;
  void Write32(uint32_t offset, uint32_t value) override;
  absl::StatusOr<e1000::DmaRegion> Allocate(size_t size) override;

  /// @return the PCI address
  const std::string& bdf() const { return bdf_; }

 private:
  struct Mapping {
    std::span<std::byte> memory;
    uint64_t iova = 0;
    bool dma_mapped = false;
  };
  VfioDevice(std::string bdf, bool no_iommu, Kernel& kernel);
  absl::Status Setup();
  absl::Status EnableBusMastering();
  absl::Status MapBar0();
  /// @return the physical address of a region that must be contiguous
  ///         (no-IOMMU mode)
  absl::StatusOr<uint64_t> ContiguousPhysicalAddress(uint64_t virtual_address, size_t length);
  /// @return the IOVA the region was mapped at (type 1 IOMMU)
  absl::StatusOr<uint64_t> MapForDma(uint64_t virtual_address, size_t length);

  std::string bdf_;
  bool no_iommu_;
  Kernel& kernel_;
  KernelFd container_, group_, device_;
  std::span<std::byte> bar0_;
  std::optional<IovaAllocator> iovas_;
  std::vector<Mapping> mappings_;
};

}  // namespace rampart::netdev::vfio

#endif  // RAMPART_NETDEV_VFIO_VFIO_H_
