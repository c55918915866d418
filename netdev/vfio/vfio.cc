#include "netdev/vfio/vfio.h"

#include <fcntl.h>
#include <linux/vfio.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "base/absl_view.h"
#include "base/unsafe_buffers.h"
#include "netdev/fd.h"
#include "wire/bytes.h"

namespace rampart::netdev::vfio {
namespace {

constexpr uint64_t kPageSize = 4096;
/// Where IOVAs start: far above any guest's RAM, as the rig showed works.
constexpr uint64_t kIovaBase = 0x4000000000ull;
/// The largest BAR0 mapped: an e1000's memory BAR is 128 KiB (8254x
/// Developer's Manual, section 4.1: "Memory BAR 128 KB"); allow up to
/// 1 MiB for relatives, refuse anything a hostile kernel could make
/// enormous.
constexpr uint64_t kLargestBar0 = uint64_t{1} << 20;

uint64_t AlignUp(uint64_t value, uint64_t alignment) {
  return (value + alignment - 1) & ~(alignment - 1);
}

/// Reads a native-endian integer of type T at `at` (the kernel's structs).
template <typename T>
std::optional<T> ReadNative(std::span<const std::byte> bytes, size_t at) {
  if (at > bytes.size() || sizeof(T) > bytes.size() - at) return std::nullopt;
  T value{};
  std::memcpy(&value, bytes.subspan(at, sizeof(T)).data(), sizeof(T));
  return value;
}

/// Anonymous, locked, pre-faulted memory from the kernel: unmapped when
/// the object goes, unless Release() handed it on.
class LockedMemory {
 public:
  /// @return `length` bytes (a multiple of the page size), or the error
  static absl::StatusOr<LockedMemory> Map(Kernel& kernel, size_t length) {
    const std::span<std::byte> memory = kernel.MapLocked(length);
    if (memory.size() != length) {
      return ErrnoStatus("vfio: DMA memory", "raise RLIMIT_MEMLOCK (ulimit -l) or run as root");
    }
    return LockedMemory(kernel, memory);
  }
  LockedMemory(LockedMemory&& other) noexcept
      : kernel_(other.kernel_), memory_(std::exchange(other.memory_, {})) {}
  LockedMemory& operator=(LockedMemory&&) = delete;
  LockedMemory(const LockedMemory&) = delete;
  LockedMemory& operator=(const LockedMemory&) = delete;
  ~LockedMemory() {
    if (!memory_.empty()) kernel_.Unmap(memory_);
  }

  std::span<std::byte> bytes() const { return memory_; }
  /// @return the virtual address of the first byte
  uint64_t address() const { return reinterpret_cast<uint64_t>(memory_.data()); }
  /// @return the memory, which the caller now unmaps
  std::span<std::byte> Release() { return std::exchange(memory_, {}); }

 private:
  LockedMemory(Kernel& kernel, std::span<std::byte> memory) : kernel_(kernel), memory_(memory) {}
  Kernel& kernel_;
  std::span<std::byte> memory_;
};

}  // namespace

IovaAllocator::IovaAllocator(std::vector<IovaRange> ranges, uint64_t base)
    : ranges_(std::move(ranges)), next_(base) {
  if (ranges_.empty()) ranges_.push_back({kPageSize, ~uint64_t{0}});
}

absl::StatusOr<uint64_t> IovaAllocator::Allocate(uint64_t size, uint64_t alignment) {
  if (size == 0 || alignment == 0 || (alignment & (alignment - 1)) != 0) {
    return absl::InvalidArgumentError("iova: size must be non-zero, alignment a power of two");
  }
  for (const IovaRange& range : ranges_) {
    const uint64_t start = AlignUp(std::max(next_, range.first), alignment);
    if (start < range.first || start > range.last) continue;
    if (size - 1 > range.last - start) continue;  // [start, start + size) must fit
    next_ = start + size;
    return start;
  }
  return absl::ResourceExhaustedError(
      absl::StrCat("iova: no room for ", size, " bytes in the IOMMU's address ranges"));
}

absl::StatusOr<std::vector<IovaRange>> ParseIovaRanges(std::span<const std::byte> info) {
  std::vector<IovaRange> ranges;
  const auto flags = ReadNative<uint32_t>(info, offsetof(vfio_iommu_type1_info, flags));
  if (!flags || (*flags & VFIO_IOMMU_INFO_CAPS) == 0) return ranges;
  auto offset = ReadNative<uint32_t>(info, offsetof(vfio_iommu_type1_info, cap_offset));
  if (!offset) return ranges;
  // Each capability header: id (u16), version (u16), next (u32). Offsets
  // must move forward, so a chain cannot loop.
  uint32_t previous = 0;
  while (*offset != 0) {
    if (*offset <= previous) return absl::DataLossError("vfio: capability chain does not advance");
    const auto id = ReadNative<uint16_t>(info, *offset);
    const auto next = ReadNative<uint32_t>(info, *offset + 4);
    if (!id || !next) return absl::DataLossError("vfio: capability outside the info block");
    if (*id == VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE) {
      const size_t count_at = *offset + offsetof(vfio_iommu_type1_info_cap_iova_range, nr_iovas);
      const auto count = ReadNative<uint32_t>(info, count_at);
      if (!count) return absl::DataLossError("vfio: IOVA range capability truncated");
      const size_t first_at = *offset + offsetof(vfio_iommu_type1_info_cap_iova_range, iova_ranges);
      for (uint32_t i = 0; i < *count; ++i) {
        const size_t at = first_at + size_t{i} * sizeof(vfio_iova_range);
        const auto start = ReadNative<uint64_t>(info, at);
        const auto end = ReadNative<uint64_t>(info, at + 8);
        if (!start || !end) return absl::DataLossError("vfio: IOVA range outside the info block");
        if (*start <= *end) ranges.push_back({*start, *end});
      }
    }
    previous = *offset;
    offset = next;
  }
  return ranges;
}

absl::StatusOr<uint64_t> PhysicalFromPagemap(uint64_t entry, uint64_t virtual_address,
                                             uint64_t page_size) {
  if ((entry >> 63) == 0) {
    return absl::FailedPreconditionError("pagemap: page not present (lock the memory first)");
  }
  const uint64_t frame = entry & ((uint64_t{1} << 55) - 1);
  if (frame == 0) {
    return absl::PermissionDeniedError(
        "pagemap: frame numbers are hidden; no-IOMMU mode needs CAP_SYS_ADMIN");
  }
  return frame * page_size + virtual_address % page_size;
}

bool IsPciAddress(std::string_view bdf) {
  if (bdf.size() != 12 || bdf[4] != ':' || bdf[7] != ':' || bdf[10] != '.') return false;
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (!std::isxdigit(static_cast<unsigned char>(bdf[i]))) return false;
  }
  const int device = std::stoi(std::string(bdf.substr(8, 2)), nullptr, 16);
  return device <= 0x1F && bdf[11] >= '0' && bdf[11] <= '7';
}

absl::StatusOr<std::unique_ptr<VfioDevice>> VfioDevice::Open(std::string_view bdf, bool no_iommu,
                                                             Kernel& kernel) {
  if (!IsPciAddress(bdf)) {
    return absl::InvalidArgumentError(
        absl::StrCat("vfio: '", AbslView(bdf), "' is not a PCI address like 0000:00:01.0"));
  }
  std::unique_ptr<VfioDevice> device(new VfioDevice(std::string(bdf), no_iommu, kernel));
  if (absl::Status status = device->Setup(); !status.ok()) return status;
  return device;
}

VfioDevice::VfioDevice(std::string bdf, bool no_iommu, Kernel& kernel)
    : bdf_(std::move(bdf)), no_iommu_(no_iommu), kernel_(kernel) {}

absl::Status VfioDevice::Setup() {
  const std::filesystem::path sysfs = std::filesystem::path("/sys/bus/pci/devices") / bdf_;
  if (!kernel_.Exists(sysfs.string())) {
    return absl::NotFoundError(absl::StrCat("vfio: no PCI device ", bdf_, " (see lspci -D)"));
  }
  const std::string driver = kernel_.LinkTarget((sysfs / "driver").string());
  if (driver != "vfio-pci") {
    return absl::FailedPreconditionError(absl::StrCat(
        "vfio: ", bdf_, " is bound to ", driver.empty() ? "no driver" : driver,
        ", not vfio-pci: echo vfio-pci > ", (sysfs / "driver_override").string(), "; echo ", bdf_,
        " > /sys/bus/pci/drivers_probe (unbind the old driver first)"));
  }
  const std::string group = kernel_.LinkTarget((sysfs / "iommu_group").string());
  if (group.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("vfio: ", bdf_,
                     " has no IOMMU group: boot with intel_iommu=on (or amd_iommu=on), "
                     "or load vfio with enable_unsafe_noiommu_mode=1 and use no-IOMMU mode"));
  }
  container_ = KernelFd(kernel_, kernel_.Open("/dev/vfio/vfio", O_RDWR));
  if (!container_.valid()) {
    return ErrnoStatus("vfio: open /dev/vfio/vfio", "load the vfio-pci module");
  }
  if (kernel_.IoctlValue(container_.get(), VFIO_GET_API_VERSION, 0) != VFIO_API_VERSION) {
    return absl::FailedPreconditionError("vfio: the kernel's VFIO API version is not supported");
  }
  const unsigned long type = no_iommu_ ? VFIO_NOIOMMU_IOMMU : VFIO_TYPE1_IOMMU;
  if (kernel_.IoctlValue(container_.get(), VFIO_CHECK_EXTENSION, type) != 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("vfio: the kernel lacks ",
                     no_iommu_ ? "no-IOMMU mode (CONFIG_VFIO_NOIOMMU)" : "type 1 IOMMU support"));
  }
  const std::string group_path = absl::StrCat("/dev/vfio/", no_iommu_ ? "noiommu-" : "", group);
  group_ = KernelFd(kernel_, kernel_.Open(group_path, O_RDWR));
  if (!group_.valid()) {
    return ErrnoStatus(absl::StrCat("vfio: open ", group_path),
                       "needs root, or ownership of the group's device node");
  }
  vfio_group_status status{};
  status.argsz = sizeof(status);
  if (kernel_.Ioctl(group_.get(), VFIO_GROUP_GET_STATUS, &status) != 0) {
    return ErrnoStatus("vfio: VFIO_GROUP_GET_STATUS");
  }
  if ((status.flags & VFIO_GROUP_FLAGS_VIABLE) == 0) {
    return absl::FailedPreconditionError(absl::StrCat("vfio: IOMMU group ", group,
                                                      " is not viable: bind every device in "
                                                      "/sys/kernel/iommu_groups/",
                                                      group, "/devices to vfio-pci"));
  }
  int container_fd = container_.get();
  if (kernel_.Ioctl(group_.get(), VFIO_GROUP_SET_CONTAINER, &container_fd) != 0) {
    return ErrnoStatus("vfio: VFIO_GROUP_SET_CONTAINER");
  }
  if (kernel_.IoctlValue(container_.get(), VFIO_SET_IOMMU, type) != 0) {
    return ErrnoStatus("vfio: VFIO_SET_IOMMU",
                       "an emulated IOMMU needs interrupt remapping (intremap=on)");
  }
  std::vector<IovaRange> ranges;
  if (!no_iommu_) {
    // First ask how big the info is, then read it with its capabilities.
    vfio_iommu_type1_info probe{};
    probe.argsz = sizeof(probe);
    if (kernel_.Ioctl(container_.get(), VFIO_IOMMU_GET_INFO, &probe) != 0) {
      return ErrnoStatus("vfio: VFIO_IOMMU_GET_INFO");
    }
    std::vector<std::byte> info(std::max<size_t>(probe.argsz, sizeof(probe)));
    vfio_iommu_type1_info head{};
    head.argsz = static_cast<uint32_t>(info.size());
    std::memcpy(info.data(), &head, sizeof(head));
    if (kernel_.Ioctl(container_.get(), VFIO_IOMMU_GET_INFO, info.data()) != 0) {
      return ErrnoStatus("vfio: VFIO_IOMMU_GET_INFO");
    }
    auto parsed = ParseIovaRanges(info);
    if (!parsed.ok()) return parsed.status();
    ranges = std::move(parsed).value();
  }
  iovas_.emplace(std::move(ranges), kIovaBase);
  device_ = KernelFd(kernel_, kernel_.Ioctl(group_.get(), VFIO_GROUP_GET_DEVICE_FD, bdf_.data()));
  if (!device_.valid()) return ErrnoStatus(absl::StrCat("vfio: get device ", bdf_));
  if (absl::Status bus = EnableBusMastering(); !bus.ok()) return bus;
  return MapBar0();
}

absl::Status VfioDevice::EnableBusMastering() {
  vfio_region_info region{};
  region.argsz = sizeof(region);
  region.index = VFIO_PCI_CONFIG_REGION_INDEX;
  if (kernel_.Ioctl(device_.get(), VFIO_DEVICE_GET_REGION_INFO, &region) != 0) {
    return ErrnoStatus("vfio: config region");
  }
  // The command register (config offset 4, little-endian); bit 2 is bus
  // mastering (PCI Local Bus Specification 3.0, section 6.2.2).
  constexpr uint64_t kCommand = 4;
  constexpr std::byte kBusMaster{0x4};
  if (region.offset > static_cast<uint64_t>(INT64_MAX) - kCommand) {
    return absl::DataLossError("vfio: the config region's offset is out of range");
  }
  const auto at = static_cast<off_t>(region.offset + kCommand);
  std::array<std::byte, 2> command{};
  if (kernel_.Pread(device_.get(), command, at) != 2) {
    return ErrnoStatus("vfio: read PCI command");
  }
  command[0] |= kBusMaster;
  if (kernel_.Pwrite(device_.get(), command, at) != 2) {
    return ErrnoStatus("vfio: write PCI command");
  }
  return absl::OkStatus();
}

absl::Status VfioDevice::MapBar0() {
  vfio_region_info region{};
  region.argsz = sizeof(region);
  region.index = VFIO_PCI_BAR0_REGION_INDEX;
  if (kernel_.Ioctl(device_.get(), VFIO_DEVICE_GET_REGION_INFO, &region) != 0) {
    return ErrnoStatus("vfio: BAR0 region");
  }
  if ((region.flags & VFIO_REGION_INFO_FLAG_MMAP) == 0 || region.size < 0x6000) {
    return absl::FailedPreconditionError(
        absl::StrCat("vfio: ", bdf_, " BAR0 is missing, too small or cannot be mapped"));
  }
  if (region.size > kLargestBar0 || region.offset > static_cast<uint64_t>(INT64_MAX)) {
    return absl::FailedPreconditionError(
        absl::StrCat("vfio: ", bdf_, " BAR0 reports ", region.size, " bytes at offset ",
                     region.offset, ": not an e1000's (at most ", kLargestBar0, " bytes)"));
  }
  const std::span<std::byte> map = kernel_.MapDevice(
      device_.get(), static_cast<size_t>(region.size), static_cast<off_t>(region.offset));
  if (map.size() != region.size) return ErrnoStatus("vfio: mmap BAR0");
  bar0_ = map;
  return absl::OkStatus();
}

VfioDevice::~VfioDevice() {
  for (const Mapping& mapping : mappings_) {
    if (mapping.dma_mapped) {
      vfio_iommu_type1_dma_unmap unmap{};
      unmap.argsz = sizeof(unmap);
      unmap.iova = mapping.iova;
      unmap.size = mapping.memory.size();
      (void)kernel_.Ioctl(container_.get(), VFIO_IOMMU_UNMAP_DMA, &unmap);
    }
    kernel_.Unmap(mapping.memory);
  }
  if (!bar0_.empty()) kernel_.Unmap(bar0_);
}

uint32_t VfioDevice::Read32(uint32_t offset) {
  if (offset > bar0_.size() - 4 || offset % 4 != 0) return 0;
  RAMPART_UNSAFE_BUFFERS_BEGIN  // MMIO: one aligned, bounds-checked 32-bit load
      const auto* word =
          reinterpret_cast<const volatile uint32_t*>(bar0_.subspan(offset, 4).data());
  return *word;
  RAMPART_UNSAFE_BUFFERS_END
}

void VfioDevice::Write32(uint32_t offset, uint32_t value) {
  if (offset > bar0_.size() - 4 || offset % 4 != 0) return;
  // Descriptors written to DMA memory must be visible before the doorbell.
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  RAMPART_UNSAFE_BUFFERS_BEGIN  // MMIO: one aligned, bounds-checked 32-bit store
      auto* word = reinterpret_cast<volatile uint32_t*>(bar0_.subspan(offset, 4).data());
  *word = value;
  RAMPART_UNSAFE_BUFFERS_END
}

absl::StatusOr<e1000::DmaRegion> VfioDevice::Allocate(size_t size) {
  absl::StatusOr<LockedMemory> memory =
      LockedMemory::Map(kernel_, AlignUp(std::max<size_t>(size, 1), kPageSize));
  if (!memory.ok()) return memory.status();
  // On any error below, `memory` is unmapped as it goes out of scope.
  absl::StatusOr<uint64_t> iova =
      no_iommu_ ? ContiguousPhysicalAddress(memory->address(), memory->bytes().size())
                : MapForDma(memory->address(), memory->bytes().size());
  if (!iova.ok()) return iova.status();
  const Mapping mapping{memory->Release(), *iova, !no_iommu_};
  mappings_.push_back(mapping);
  return e1000::DmaRegion{mapping.memory, mapping.iova};
}

absl::StatusOr<uint64_t> VfioDevice::ContiguousPhysicalAddress(uint64_t virtual_address,
                                                               size_t length) {
  // No IOMMU: the device sees physical addresses, read page by page from
  // /proc/self/pagemap; the region must be physically contiguous.
  KernelFd pagemap(kernel_, kernel_.Open("/proc/self/pagemap", O_RDONLY));
  if (!pagemap.valid()) return ErrnoStatus("vfio: open /proc/self/pagemap");
  uint64_t first = 0;
  for (uint64_t page = 0; page < length / kPageSize; ++page) {
    std::array<std::byte, 8> raw{};
    const uint64_t address = virtual_address + page * kPageSize;
    if (kernel_.Pread(pagemap.get(), raw, static_cast<off_t>(address / kPageSize * raw.size())) !=
        8) {
      return ErrnoStatus("vfio: read /proc/self/pagemap");
    }
    const uint64_t entry = *ReadNative<uint64_t>(raw, 0);
    absl::StatusOr<uint64_t> physical = PhysicalFromPagemap(entry, address, kPageSize);
    if (!physical.ok()) return physical.status();
    if (page == 0) {
      first = *physical;
    } else if (*physical != first + page * kPageSize) {
      return absl::ResourceExhaustedError(
          "vfio: no-IOMMU DMA memory is not physically contiguous; use regions of one page "
          "or hugepages");
    }
  }
  return first;
}

absl::StatusOr<uint64_t> VfioDevice::MapForDma(uint64_t virtual_address, size_t length) {
  // Type 1 IOMMU: an IOVA inside the ranges the IOMMU reports, then
  // VFIO_IOMMU_MAP_DMA for device reads and writes.
  absl::StatusOr<uint64_t> iova = iovas_->Allocate(length, kPageSize);
  if (!iova.ok()) return iova.status();
  vfio_iommu_type1_dma_map dma{};
  dma.argsz = sizeof(dma);
  dma.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
  dma.vaddr = virtual_address;
  dma.iova = *iova;
  dma.size = length;
  if (kernel_.Ioctl(container_.get(), VFIO_IOMMU_MAP_DMA, &dma) != 0) {
    return ErrnoStatus("vfio: VFIO_IOMMU_MAP_DMA");
  }
  return *iova;
}

}  // namespace rampart::netdev::vfio
