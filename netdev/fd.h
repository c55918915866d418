// An owned file descriptor (closed once, on destruction).
#ifndef RAMPART_NETDEV_FD_H_
#define RAMPART_NETDEV_FD_H_

#include <unistd.h>

#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"

namespace rampart::netdev {

/// Owns one descriptor. Move-only.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      Reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Reset(); }

  /// @return the descriptor, or -1
  int get() const { return fd_; }
  /// @return true if a descriptor is held
  bool valid() const { return fd_ >= 0; }
  /// Closes the descriptor, if any.
  void Reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

/// @return a status for the current errno: "<what>: <strerror> (<hint>)"
absl::Status ErrnoStatus(std::string_view what, std::string_view hint = {});

}  // namespace rampart::netdev

#endif  // RAMPART_NETDEV_FD_H_
