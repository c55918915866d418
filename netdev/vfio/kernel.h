// The system calls VfioDevice makes, behind one interface: production
// passes them straight to Linux (SystemKernel), the vfio_device fuzz
// target plays a kernel that fails any call and reports any size, flag or
// capability chain. What the kernel reports is input like a frame off the
// wire: VfioDevice checks it before it trusts it.
#ifndef RAMPART_NETDEV_VFIO_KERNEL_H_
#define RAMPART_NETDEV_VFIO_KERNEL_H_

#include <sys/types.h>

#include <cstddef>
#include <span>
#include <string>
#include <utility>

namespace rampart::netdev::vfio {

/// One process's view of the kernel, as VfioDevice uses it. Every call
/// reports failure the system call's way (-1 or an empty span, errno set).
class Kernel {
 public:
  virtual ~Kernel() = default;

  /// @return true if `path` exists (sysfs)
  virtual bool Exists(const std::string& path) = 0;
  /// @return the last component of the target of symlink `path`; empty if
  ///         it is not a symlink
  virtual std::string LinkTarget(const std::string& path) = 0;
  /// open(2) with O_CLOEXEC added. @return a descriptor, or -1
  virtual int Open(const std::string& path, int flags) = 0;
  /// close(2).
  virtual void Close(int fd) = 0;
  /// ioctl(2) whose argument is a pointer to a struct (or a string) the
  /// kernel reads and may write. @return the call's result, or -1
  virtual int Ioctl(int fd, unsigned long request, void* argument) = 0;
  /// ioctl(2) whose argument is a plain number. @return the result, or -1
  virtual int IoctlValue(int fd, unsigned long request, unsigned long value) = 0;
  /// pread(2) into `out`. @return bytes read, or -1
  virtual ssize_t Pread(int fd, std::span<std::byte> out, off_t offset) = 0;
  /// pwrite(2) of `in`. @return bytes written, or -1
  virtual ssize_t Pwrite(int fd, std::span<const std::byte> in, off_t offset) = 0;
  /// mmap(2) of `length` bytes of a device region, shared, read-write.
  /// @return the mapping, or an empty span
  virtual std::span<std::byte> MapDevice(int fd, size_t length, off_t offset) = 0;
  /// mmap(2) of `length` bytes of anonymous memory, locked and faulted in.
  /// @return the mapping, or an empty span
  virtual std::span<std::byte> MapLocked(size_t length) = 0;
  /// munmap(2) of a mapping either Map call returned, whole.
  virtual void Unmap(std::span<std::byte> mapping) = 0;
};

/// @return the kernel this process runs on (the calls themselves)
Kernel& SystemKernel();

/// A descriptor from a Kernel, closed through it once, on destruction.
/// Move-only.
class KernelFd {
 public:
  KernelFd() = default;
  /// @param kernel the kernel that opened `fd` (outlives this object)
  /// @param fd     the descriptor, or -1 for none
  KernelFd(Kernel& kernel, int fd) : kernel_(&kernel), fd_(fd) {}
  KernelFd(KernelFd&& other) noexcept : kernel_(other.kernel_), fd_(std::exchange(other.fd_, -1)) {}
  KernelFd& operator=(KernelFd&& other) noexcept {
    if (this != &other) {
      Reset();
      kernel_ = other.kernel_;
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  KernelFd(const KernelFd&) = delete;
  KernelFd& operator=(const KernelFd&) = delete;
  ~KernelFd() { Reset(); }

  /// @return the descriptor, or -1
  int get() const { return fd_; }
  /// @return true if a descriptor is held
  bool valid() const { return fd_ >= 0; }
  /// Closes the descriptor, if any.
  void Reset() {
    if (fd_ >= 0) kernel_->Close(fd_);
    fd_ = -1;
  }

 private:
  Kernel* kernel_ = nullptr;
  int fd_ = -1;
};

}  // namespace rampart::netdev::vfio

#endif  // RAMPART_NETDEV_VFIO_KERNEL_H_
