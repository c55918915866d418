// Fuzz target: VfioDevice's setup, DMA allocation, register access and
// teardown against a hostile kernel (netdev/vfio/kernel.h). The kernel
// fails any one call with any errno, reports any API version, extension,
// group status, IOMMU info block (the capability chain included), device
// descriptor, config and BAR0 region (size, offset, flags), and in
// no-IOMMU mode any pagemap entries.
//
// Input: the mode (no-IOMMU; a malformed PCI address), the sysfs answers
// (device present, driver, IOMMU group), which call fails and with which errno, the values each
// call reports, then operations on an opened device: allocate DMA memory (a size), write and read a
// register (any offset). Oracles:
// - Open fails whenever a call failed, with the status ErrnoStatus maps
//   that errno to (a version or extension check: FailedPrecondition), and
//   whenever a reported value is unusable; it succeeds otherwise.
// - However it ends, every descriptor the kernel handed out is closed
//   exactly once, every mapping unmapped exactly once and whole, every
//   IOVA mapping unmapped with its own IOVA and size; nothing the kernel
//   did not hand out is closed or unmapped.
// - DMA regions: at least the size asked, page-multiple; with an IOMMU,
//   mapped once at a page-aligned IOVA inside the ranges the kernel
//   reported, overlapping no other, for exactly the region's memory;
//   without, at the physical address the pagemap gives, refused when the
//   pages are not contiguous.
// - Register access lands at the offset asked inside BAR0, aligned; any
//   other offset reads 0 and writes nothing.
#include <linux/vfio.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "harness/byte_reader.h"
#include "harness/fuzz_check.h"
#include "netdev/vfio/vfio.h"
#include "wire/bytes.h"

namespace {

using namespace rampart;
using netdev::vfio::IovaRange;

constexpr int kErrnos[] = {EACCES, EPERM, ENOENT, ENODEV, ENXIO, EAGAIN, ENOBUFS, EINVAL, EBUSY};
constexpr uint64_t kPage = 4096;

/// @return the code ErrnoStatus documents for `error`
absl::StatusCode CodeFor(int error) {
  switch (error) {
    case EACCES:
    case EPERM:
      return absl::StatusCode::kPermissionDenied;
    case ENOENT:
    case ENODEV:
    case ENXIO:
      return absl::StatusCode::kNotFound;
    case EAGAIN:
    case ENOBUFS:
      return absl::StatusCode::kUnavailable;
    default:
      return absl::StatusCode::kInternal;
  }
}

/// Writes a native-endian value into a struct the caller passed.
template <typename T>
void Put(std::span<std::byte> out, size_t at, T value) {
  if (at <= out.size() && sizeof(T) <= out.size() - at) {
    std::memcpy(out.subspan(at, sizeof(T)).data(), &value, sizeof(T));
  }
}

template <typename T>
T Get(std::span<const std::byte> in, size_t at) {
  T value{};
  if (at <= in.size() && sizeof(T) <= in.size() - at) {
    std::memcpy(&value, in.subspan(at, sizeof(T)).data(), sizeof(T));
  }
  return value;
}

/// A kernel whose every answer comes from the fuzz input, and which keeps
/// the books: descriptors open, mappings held, IOVAs mapped.
class HostileKernel final : public netdev::vfio::Kernel {
 public:
  explicit HostileKernel(fuzz::ByteReader& in) {
    const uint8_t sysfs = in.Byte();
    device_exists_ = (sysfs & 1) == 0;
    driver_ = (sysfs & 2) == 0 ? "vfio-pci" : ((sysfs & 4) == 0 ? "e1000" : "");
    group_ = (sysfs & 8) == 0 ? "7" : "";
    fail_at_ = in.Byte();  // 255 and anything past the last call: none fails
    error_ = kErrnos[in.Byte() % std::size(kErrnos)];
    const uint8_t reports = in.Byte();
    api_version_ = (reports & 1) == 0 ? VFIO_API_VERSION : VFIO_API_VERSION + 1;
    extension_ = (reports & 2) == 0 ? 1 : 0;
    viable_ = (reports & 4) == 0;
    device_fd_refused_ = (reports & 8) != 0;
    bar_mappable_ = (reports & 16) == 0;
    short_config_read_ = (reports & 32) != 0;
    probe_argsz_ = in.U16();
    const auto info = in.Take(in.Byte());
    info_.assign(info.begin(), info.end());
    const uint8_t bar = in.Byte();
    // BAR0: mostly an e1000's 128 KiB; or too small, or as large as 2 MiB
    bar_size_ = bar < 0xC0 ? 0x20000 : static_cast<uint64_t>(bar & 0x3F) * 0x8000;
    bar_offset_ = uint64_t{in.U16()} << 12;
    config_offset_ = (bar & 1) != 0 ? ~uint64_t{0} - 1 : uint64_t{7} << 40;
    pagemap_stride_ = in.Byte();  // physical frames between pages: 1 is contiguous
  }

  ~HostileKernel() override = default;

  bool Exists(const std::string&) override { return device_exists_; }
  std::string LinkTarget(const std::string& path) override {
    if (path.ends_with("/driver")) return driver_;
    if (path.ends_with("/iommu_group")) return group_;
    return {};
  }
  int Open(const std::string& path, int) override {
    if (Fails()) return -1;
    if (path == "/proc/self/pagemap") {
      first_page_.reset();  // frames counted from this region's first page
      return NewFd(Kind::kPagemap);
    }
    if (path.starts_with("/dev/vfio/"))
      return NewFd(path == "/dev/vfio/vfio" ? Kind::kContainer : Kind::kGroup);
    errno = ENOENT;
    return -1;
  }
  void Close(int fd) override {
    FUZZ_CHECK(fds_.erase(fd) == 1);  // only what was handed out, once
  }
  int Ioctl(int fd, unsigned long request, void* argument) override {
    FUZZ_CHECK(fds_.contains(fd));
    if (request == VFIO_IOMMU_UNMAP_DMA) {  // teardown: never fails here
      const auto unmap = Struct(argument, sizeof(vfio_iommu_type1_dma_unmap));
      const auto iova = Get<uint64_t>(unmap, offsetof(vfio_iommu_type1_dma_unmap, iova));
      const auto size = Get<uint64_t>(unmap, offsetof(vfio_iommu_type1_dma_unmap, size));
      const auto it = dma_.find(iova);
      FUZZ_CHECK(it != dma_.end() && it->second.size == size);
      dma_.erase(it);
      return 0;
    }
    if (Fails()) return -1;
    switch (request) {
      case VFIO_GROUP_GET_STATUS: {
        const auto status = Struct(argument, sizeof(vfio_group_status));
        Put<uint32_t>(status, offsetof(vfio_group_status, flags),
                      viable_ ? VFIO_GROUP_FLAGS_VIABLE : 0);
        return 0;
      }
      case VFIO_GROUP_SET_CONTAINER:
        FUZZ_CHECK(Get<int>(Struct(argument, sizeof(int)), 0) == FdOf(Kind::kContainer));
        return 0;
      case VFIO_IOMMU_GET_INFO: {
        const uint32_t argsz = Get<uint32_t>(Struct(argument, 4), 0);
        const auto info = Struct(argument, argsz);
        if (info_calls_++ == 0) {  // the probe: how big is it?
          Put<uint32_t>(info, 0, probe_argsz_);
          return 0;
        }
        // The whole block: what the input says, as far as the caller's
        // buffer goes (a kernel never writes past argsz).
        const size_t n = std::min<size_t>(argsz, info_.size());
        for (size_t i = 0; i < n; ++i) info[i] = info_[i];
        delivered_info_.assign(info.begin(), info.end());
        return 0;
      }
      case VFIO_GROUP_GET_DEVICE_FD:
        FUZZ_CHECK(std::string(static_cast<const char*>(argument)) == "0000:00:03.0");
        if (device_fd_refused_) {
          errno = EBUSY;
          return -1;
        }
        return NewFd(Kind::kDevice);
      case VFIO_DEVICE_GET_REGION_INFO: {
        const auto region = Struct(argument, sizeof(vfio_region_info));
        const auto index = Get<uint32_t>(region, offsetof(vfio_region_info, index));
        const bool bar0 = index == VFIO_PCI_BAR0_REGION_INDEX;
        FUZZ_CHECK(bar0 || index == VFIO_PCI_CONFIG_REGION_INDEX);
        Put<uint32_t>(region, offsetof(vfio_region_info, flags),
                      bar0 && bar_mappable_ ? VFIO_REGION_INFO_FLAG_MMAP : 0);
        Put<uint64_t>(region, offsetof(vfio_region_info, size), bar0 ? bar_size_ : 256);
        Put<uint64_t>(region, offsetof(vfio_region_info, offset),
                      bar0 ? bar_offset_ : config_offset_);
        return 0;
      }
      case VFIO_IOMMU_MAP_DMA: {
        const auto map = Struct(argument, sizeof(vfio_iommu_type1_dma_map));
        const Dma dma{Get<uint64_t>(map, offsetof(vfio_iommu_type1_dma_map, vaddr)),
                      Get<uint64_t>(map, offsetof(vfio_iommu_type1_dma_map, size))};
        const auto iova = Get<uint64_t>(map, offsetof(vfio_iommu_type1_dma_map, iova));
        FUZZ_CHECK(dma.size > 0 && iova % kPage == 0);
        // No overlap with any IOVA mapped before.
        for (const auto& [other, held] : dma_) {
          FUZZ_CHECK(iova + dma.size <= other || other + held.size <= iova);
        }
        dma_.emplace(iova, dma);
        return 0;
      }
      default:
        FUZZ_CHECK(false);  // a request this driver never makes
        return -1;
    }
  }
  int IoctlValue(int fd, unsigned long request, unsigned long value) override {
    FUZZ_CHECK(fds_.contains(fd));
    if (Fails()) {
      version_check_failed_ = request != VFIO_SET_IOMMU;
      return -1;
    }
    if (request == VFIO_GET_API_VERSION) return api_version_;
    if (request == VFIO_CHECK_EXTENSION) return extension_;
    FUZZ_CHECK(request == VFIO_SET_IOMMU);
    FUZZ_CHECK(value == VFIO_TYPE1_IOMMU || value == VFIO_NOIOMMU_IOMMU);
    return 0;
  }
  ssize_t Pread(int fd, std::span<std::byte> out, off_t offset) override {
    FUZZ_CHECK(fds_.contains(fd));
    if (Fails()) return -1;
    if (fds_[fd] == Kind::kPagemap) {
      // Entry for virtual page `offset / 8`: present, frame chosen so
      // that pages are `stride` frames apart (contiguous when 1).
      FUZZ_CHECK(out.size() == 8 && offset % 8 == 0);
      const uint64_t page = static_cast<uint64_t>(offset) / 8;
      const uint64_t index = page - first_page_.value_or(page);
      if (!first_page_) first_page_ = page;
      // Stride 255: the page is not present; 254: the frame number is
      // hidden (a process without CAP_SYS_ADMIN reads 0).
      const uint64_t frame = pagemap_stride_ == 254 ? 0 : 0x1000 + index * pagemap_stride_;
      const uint64_t present = pagemap_stride_ == 255 ? 0 : uint64_t{1} << 63;
      Put<uint64_t>(out, 0, present | frame);
      return 8;
    }
    FUZZ_CHECK(static_cast<uint64_t>(offset) == config_offset_ + 4 && out.size() == 2);
    if (short_config_read_) return 1;
    out[0] = std::byte{0x03};
    out[1] = std::byte{0x00};
    return 2;
  }
  ssize_t Pwrite(int fd, std::span<const std::byte> in, off_t offset) override {
    FUZZ_CHECK(fds_.contains(fd) && fds_[fd] == Kind::kDevice);
    if (Fails()) return -1;
    FUZZ_CHECK(static_cast<uint64_t>(offset) == config_offset_ + 4 && in.size() == 2);
    // Bus mastering set, nothing else changed.
    FUZZ_CHECK(in[0] == std::byte{0x07} && in[1] == std::byte{0x00});
    bus_master_ = true;
    return 2;
  }
  std::span<std::byte> MapDevice(int fd, size_t length, off_t offset) override {
    FUZZ_CHECK(fds_.contains(fd) && fds_[fd] == Kind::kDevice);
    FUZZ_CHECK(length == bar_size_ && static_cast<uint64_t>(offset) == bar_offset_);
    if (Fails()) return {};
    bar_ = Hand(length);
    return bar_;
  }
  std::span<std::byte> MapLocked(size_t length) override {
    FUZZ_CHECK(length > 0 && length % kPage == 0);
    if (Fails()) return {};
    return Hand(length);
  }
  void Unmap(std::span<std::byte> mapping) override {
    const auto it = maps_.find(mapping.data());
    FUZZ_CHECK(it != maps_.end() && it->second.length == mapping.size());
    maps_.erase(it);
  }

  /// @return true if a call failed (then every later one did not happen
  ///         or does not matter)
  bool failed() const { return failed_; }
  int error() const { return error_; }
  bool version_check_failed() const { return version_check_failed_; }
  /// @return true if nothing the kernel handed out is still held
  bool all_released() const { return fds_.empty() && maps_.empty() && dma_.empty(); }
  /// @return true if every reported value is one the driver can use
  bool reports_usable(bool no_iommu) const {
    if (!device_exists_ || driver_ != "vfio-pci" || group_.empty()) return false;
    if (api_version_ != VFIO_API_VERSION || extension_ != 1 || !viable_) return false;
    if (!no_iommu && !netdev::vfio::ParseIovaRanges(Info()).ok()) return false;
    if (device_fd_refused_ || (config_offset_ >> 62) != 0 || short_config_read_) return false;
    return bar_mappable_ && bar_size_ >= 0x6000 && bar_size_ <= (uint64_t{1} << 20);
  }
  /// @return the IOVA ranges the kernel's info block gave, as the driver
  ///         reads them (the parser has its own target: vfio_info)
  std::vector<IovaRange> Ranges() const {
    auto ranges = netdev::vfio::ParseIovaRanges(Info());
    FUZZ_CHECK(ranges.ok());
    if (ranges->empty()) ranges->push_back({kPage, ~uint64_t{0}});
    return *ranges;
  }
  /// @return the IOVA `memory` was mapped at, if it was
  std::optional<uint64_t> IovaOf(std::span<const std::byte> memory) const {
    for (const auto& [iova, dma] : dma_) {
      if (dma.vaddr == reinterpret_cast<uint64_t>(memory.data()) && dma.size == memory.size()) {
        return iova;
      }
    }
    return std::nullopt;
  }
  /// @return the BAR0 memory handed out, while it is mapped
  std::span<std::byte> Bar0() const {
    return maps_.contains(bar_.data()) ? bar_ : std::span<std::byte>();
  }
  size_t dma_count() const { return dma_.size(); }
  uint64_t pagemap_stride() const { return pagemap_stride_; }
  bool bus_master() const { return bus_master_; }

 private:
  enum class Kind : uint8_t { kContainer, kGroup, kDevice, kPagemap };
  struct Dma {
    uint64_t vaddr = 0;
    uint64_t size = 0;
  };

  bool Fails() {
    if (calls_++ != fail_at_) return false;
    failed_ = true;
    errno = error_;
    return true;
  }
  int NewFd(Kind kind) {
    const int fd = next_fd_++;
    fds_[fd] = kind;
    return fd;
  }
  int FdOf(Kind kind) const {
    for (const auto& [fd, k] : fds_) {
      if (k == kind) return fd;
    }
    return -1;
  }
  static std::span<std::byte> Struct(void* argument, size_t size) {
    return std::span<std::byte>(static_cast<std::byte*>(argument), size);
  }
  std::span<const std::byte> Info() const { return delivered_info_; }
  /// @return `length` bytes of fresh page-aligned memory, as mmap gives
  std::span<std::byte> Hand(size_t length) {
    auto memory = std::make_unique<std::vector<std::byte>>(length + kPage);
    const auto address = reinterpret_cast<uintptr_t>(memory->data());
    const size_t skip = (kPage - address % kPage) % kPage;
    const std::span<std::byte> view = std::span(*memory).subspan(skip, length);
    maps_.emplace(view.data(), Mapping{std::move(memory), length});
    return view;
  }

  bool device_exists_ = true;
  std::string driver_, group_;
  unsigned fail_at_ = 255;
  unsigned calls_ = 0;
  int error_ = EINVAL;
  bool failed_ = false;
  bool version_check_failed_ = false;
  int api_version_ = VFIO_API_VERSION;
  int extension_ = 1;
  bool viable_ = true;
  bool device_fd_refused_ = false;
  bool bar_mappable_ = true;
  bool short_config_read_ = false;
  bool bus_master_ = false;
  unsigned info_calls_ = 0;
  uint32_t probe_argsz_ = 0;
  std::vector<std::byte> info_;
  std::vector<std::byte> delivered_info_;
  uint64_t bar_size_ = 0, bar_offset_ = 0, config_offset_ = 0;
  uint64_t pagemap_stride_ = 1;
  std::optional<uint64_t> first_page_;
  int next_fd_ = 1000;  // never a real descriptor
  std::map<int, Kind> fds_;
  struct Mapping {
    std::unique_ptr<std::vector<std::byte>> memory;
    size_t length = 0;
  };
  std::map<std::byte*, Mapping> maps_;
  std::span<std::byte> bar_;
  std::map<uint64_t, Dma> dma_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::ByteReader in(wire::AsBytes(std::span<const uint8_t>(data, size)));
  const uint8_t mode = in.Byte();
  const bool no_iommu = (mode & 1) != 0;
  // Bit 1: a malformed PCI address (device 20 is past 1f), refused before
  // any call reaches the kernel.
  const bool bad_address = (mode & 2) != 0;
  HostileKernel kernel(in);
  {
    auto opened = netdev::vfio::VfioDevice::Open(bad_address ? "0000:00:20.0" : "0000:00:03.0",
                                                 no_iommu, kernel);
    if (bad_address) {
      FUZZ_CHECK(opened.status().code() == absl::StatusCode::kInvalidArgument);
      FUZZ_CHECK(kernel.all_released() && !kernel.failed());
      return 0;
    }
    if (kernel.failed()) {
      FUZZ_CHECK(!opened.ok());
      const absl::StatusCode want = kernel.version_check_failed()
                                        ? absl::StatusCode::kFailedPrecondition
                                        : CodeFor(kernel.error());
      FUZZ_CHECK(opened.status().code() == want);
    } else {
      FUZZ_CHECK(opened.ok() == kernel.reports_usable(no_iommu));
    }
    if (!opened.ok()) {
      FUZZ_CHECK(kernel.all_released());
      return 0;
    }
    netdev::vfio::VfioDevice& device = **opened;
    FUZZ_CHECK(kernel.bus_master());
    const std::span<std::byte> bar = kernel.Bar0();
    FUZZ_CHECK(!bar.empty());
    const std::vector<IovaRange> ranges = no_iommu ? std::vector<IovaRange>{} : kernel.Ranges();
    for (int op = 0; op < 8 && !in.Rest().empty(); ++op) {
      const uint8_t kind = in.Byte();
      if ((kind & 1) == 0) {  // allocate DMA memory
        const size_t want = size_t{in.U16()} % 40'000;
        const size_t mapped_before = kernel.dma_count();
        const bool failed_before = kernel.failed();
        auto region = device.Allocate(want);
        if (!region.ok()) {
          // Refused only for a reason: a failed call, no room left in the
          // IOMMU's ranges, or (no IOMMU) pages not contiguous.
          const absl::StatusCode code = region.status().code();
          const bool pagemap_refused =
              no_iommu &&
              ((kernel.pagemap_stride() == 255 && code == absl::StatusCode::kFailedPrecondition) ||
               (kernel.pagemap_stride() == 254 && code == absl::StatusCode::kPermissionDenied));
          FUZZ_CHECK(kernel.failed() != failed_before || pagemap_refused ||
                     code == absl::StatusCode::kResourceExhausted);
          FUZZ_CHECK(kernel.dma_count() == mapped_before);
          continue;
        }
        FUZZ_CHECK(region->bytes.size() >= want && region->bytes.size() % kPage == 0);
        if (no_iommu) {
          FUZZ_CHECK(kernel.pagemap_stride() < 254);
          FUZZ_CHECK(region->bytes.size() == kPage || kernel.pagemap_stride() == 1);
          FUZZ_CHECK(region->device_address % kPage == 0);
          continue;
        }
        const std::optional<uint64_t> iova = kernel.IovaOf(region->bytes);
        FUZZ_CHECK(iova.has_value() && *iova == region->device_address);
        const uint64_t last = *iova + region->bytes.size() - 1;
        FUZZ_CHECK(std::any_of(ranges.begin(), ranges.end(), [&](const IovaRange& r) {
          return r.first <= *iova && last <= r.last && *iova <= last;
        }));
      } else {  // a register write then read, at any offset
        const uint32_t offset = static_cast<uint32_t>(in.U16() << 4 | (kind >> 4));
        const uint32_t value = 0xA5000000u | offset;
        const bool inside = offset % 4 == 0 && offset <= bar.size() - 4;
        // What lies at the offset (aligned down, inside BAR0) before.
        const size_t near = std::min<size_t>(offset & ~3u, bar.size() - 8);
        std::array<std::byte, 8> before{};
        std::copy_n(bar.subspan(near, 8).begin(), 8, before.begin());
        device.Write32(offset, value);
        if (!inside) {
          FUZZ_CHECK(fuzz::SameBytes(before, bar.subspan(near, 8)));
          FUZZ_CHECK(device.Read32(offset) == 0);
          continue;
        }
        FUZZ_CHECK(Get<uint32_t>(bar, offset) == value);
        FUZZ_CHECK(device.Read32(offset) == value);
      }
    }
  }
  // The device is gone: everything it held went back.
  FUZZ_CHECK(kernel.all_released());
  return 0;
}
