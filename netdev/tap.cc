#include "netdev/tap.h"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "base/absl_view.h"

namespace rampart::netdev {
namespace {

/// Fills ifr_name; false if the name does not fit.
bool SetInterfaceName(ifreq& request, std::string_view name) {
  if (name.empty() || name.size() >= IFNAMSIZ) return false;
  std::memset(&request, 0, sizeof(request));
  name.copy(&request.ifr_name[0], name.size());
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TapDevice>> TapDevice::Open(std::string_view name,
                                                           wire::MacAddress mac, size_t mtu) {
  ifreq request;
  if (!SetInterfaceName(request, name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("tap: interface name '", AbslView(name), "' must be 1..15 characters"));
  }
  Fd fd(::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) return ErrnoStatus("tap: open /dev/net/tun", "is the tun module loaded?");
  request.ifr_flags = IFF_TAP | IFF_NO_PI;
  if (::ioctl(fd.get(), TUNSETIFF, &request) != 0) {
    return ErrnoStatus(absl::StrCat("tap: TUNSETIFF ", AbslView(name)), "needs CAP_NET_ADMIN");
  }
  // Bring the interface up (the kernel side's addresses are the caller's).
  Fd control(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!control.valid()) return ErrnoStatus("tap: control socket");
  ifreq flags;
  SetInterfaceName(flags, name);
  if (::ioctl(control.get(), SIOCGIFFLAGS, &flags) != 0) return ErrnoStatus("tap: SIOCGIFFLAGS");
  flags.ifr_flags = static_cast<short>(flags.ifr_flags | IFF_UP);
  if (::ioctl(control.get(), SIOCSIFFLAGS, &flags) != 0) return ErrnoStatus("tap: SIOCSIFFLAGS");
  return std::unique_ptr<TapDevice>(new TapDevice(std::move(fd), std::string(name), mac, mtu));
}

TapDevice::TapDevice(Fd fd, std::string name, wire::MacAddress mac, size_t mtu)
    : fd_(std::move(fd)), name_(std::move(name)), mac_(mac), mtu_(mtu), buffer_(65536) {}

absl::Status TapDevice::Transmit(std::span<const std::byte> frame) {
  if (frame.size() > mtu_ + wire::eth_field::kTaggedHeaderSize) {
    ++counters_.tx_errors;
    return absl::InvalidArgumentError(absl::StrCat(name(), ": frame exceeds the mtu"));
  }
  const ssize_t written = ::write(fd_.get(), frame.data(), frame.size());
  if (written != static_cast<ssize_t>(frame.size())) {
    ++counters_.tx_errors;
    return ErrnoStatus(absl::StrCat(name(), ": write"));
  }
  ++counters_.tx_frames;
  counters_.tx_bytes += frame.size();
  return absl::OkStatus();
}

absl::StatusOr<size_t> TapDevice::Poll(const std::function<void(const stack::RxFrame&)>& on_frame,
                                       size_t budget) {
  size_t handed = 0;
  while (handed < budget) {
    const ssize_t got = ::read(fd_.get(), buffer_.data(), buffer_.size());
    if (got < 0) {
      if (errno == EAGAIN || errno == EINTR) break;
      return ErrnoStatus(absl::StrCat(name(), ": read"));
    }
    if (got == 0) break;
    const size_t length = static_cast<size_t>(got);
    ++counters_.rx_frames;
    counters_.rx_bytes += length;
    on_frame(stack::RxFrame{std::span<const std::byte>(buffer_).first(length), false});
    ++handed;
  }
  return handed;
}

absl::StatusOr<stack::LinkState> TapDevice::CheckLink(short revents) {
  if ((revents & (POLLHUP | POLLNVAL)) != 0) ++counters_.hangups;
  if ((revents & POLLERR) != 0) ++counters_.errors;
  if ((revents & (POLLERR | POLLHUP | POLLNVAL)) == 0) return stack::LinkState::kUp;
  return absl::NotFoundError(absl::StrCat(name(), ": the interface is gone (deleted?)"));
}

}  // namespace rampart::netdev
