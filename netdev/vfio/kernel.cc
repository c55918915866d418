#include "netdev/vfio/kernel.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <filesystem>

#include "base/unsafe_buffers.h"

namespace rampart::netdev::vfio {
namespace {

/// Linux itself: each call is the system call of the same name.
class LinuxKernel final : public Kernel {
 public:
  bool Exists(const std::string& path) override {
    std::error_code error;
    return std::filesystem::exists(path, error);
  }
  std::string LinkTarget(const std::string& path) override {
    std::error_code error;
    const auto target = std::filesystem::read_symlink(path, error);
    return error ? std::string() : target.filename().string();
  }
  int Open(const std::string& path, int flags) override {
    return ::open(path.c_str(), flags | O_CLOEXEC);
  }
  void Close(int fd) override { ::close(fd); }
  int Ioctl(int fd, unsigned long request, void* argument) override {
    return ::ioctl(fd, request, argument);
  }
  int IoctlValue(int fd, unsigned long request, unsigned long value) override {
    return ::ioctl(fd, request, value);
  }
  ssize_t Pread(int fd, std::span<std::byte> out, off_t offset) override {
    return ::pread(fd, out.data(), out.size(), offset);
  }
  ssize_t Pwrite(int fd, std::span<const std::byte> in, off_t offset) override {
    return ::pwrite(fd, in.data(), in.size(), offset);
  }
  std::span<std::byte> MapDevice(int fd, size_t length, off_t offset) override {
    return Span(::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset), length);
  }
  std::span<std::byte> MapLocked(size_t length) override {
    return Span(::mmap(nullptr, length, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE | MAP_LOCKED, -1, 0),
                length);
  }
  void Unmap(std::span<std::byte> mapping) override { ::munmap(mapping.data(), mapping.size()); }

 private:
  /// @return the mapping mmap returned as a span; empty for MAP_FAILED
  static std::span<std::byte> Span(void* map, size_t length) {
    if (map == MAP_FAILED) return {};
    RAMPART_UNSAFE_BUFFERS_BEGIN  // mmap mapped exactly `length` bytes at `map`
        return std::span<std::byte>(static_cast<std::byte*>(map), length);
    RAMPART_UNSAFE_BUFFERS_END
  }
};

}  // namespace

Kernel& SystemKernel() {
  static LinuxKernel kernel;
  return kernel;
}

}  // namespace rampart::netdev::vfio
