// The one interface between the stack and a network device. Every
// backend in netdev/ implements it; the stack knows nothing else of them.
#ifndef RAMPART_STACK_NET_DEVICE_H_
#define RAMPART_STACK_NET_DEVICE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "wire/ethernet.h"

namespace rampart::stack {

/// A device's counters (all since it was opened).
struct DeviceCounters {
  uint64_t rx_frames = 0;
  uint64_t rx_bytes = 0;
  uint64_t rx_dropped = 0;  ///< frames the device could not hand up (too long, ring trouble)
  uint64_t tx_frames = 0;
  uint64_t tx_bytes = 0;
  uint64_t tx_errors = 0;   ///< frames the device refused or failed to send
  uint64_t errors = 0;      ///< errors its descriptor reported (POLLERR, SO_ERROR)
  uint64_t hangups = 0;     ///< hang-ups its descriptor reported (POLLHUP, POLLNVAL)
  uint64_t link_downs = 0;  ///< times the link was seen going down
  uint64_t link_ups = 0;    ///< times the link was seen coming back
};

/// Whether a device's link carries frames now.
enum class LinkState {
  kUp,    ///< frames flow
  kDown,  ///< the link is down; the device still exists and may come back
};

/// @return "up" or "down"
const char* LinkStateName(LinkState state);

/// One received frame, valid only during the callback that gets it.
struct RxFrame {
  /// The frame from the destination MAC on, without FCS.
  std::span<const std::byte> bytes;
  /// The transport checksum is not filled in yet (the sending kernel
  /// offloaded it, as Linux does across veth): it cannot be verified.
  bool checksum_partial = false;
};

/// A network device: sends and receives Ethernet frames.
class NetDevice {
 public:
  virtual ~NetDevice() = default;

  /// Sends one frame.
  /// @param frame the whole frame without FCS (at most mtu() + 18 bytes)
  /// @return OK; InvalidArgument for a bad size; Unavailable when the
  ///         device cannot take it now; Internal for an I/O error
  virtual absl::Status Transmit(std::span<const std::byte> frame) = 0;

  /// Hands received frames to `on_frame`, at most `budget` of them, without
  /// waiting.
  /// @return how many were handed up; an error if the device failed
  virtual absl::StatusOr<size_t> Poll(const std::function<void(const RxFrame&)>& on_frame,
                                      size_t budget) = 0;

  /// @return the device's MAC address
  virtual wire::MacAddress mac() const = 0;
  /// @return the largest IP packet it carries (Ethernet payload)
  virtual size_t mtu() const = 0;
  /// @return true if the link is up
  virtual bool link_up() const = 0;
  /// @return the counters
  virtual const DeviceCounters& counters() const = 0;
  /// @return a descriptor that becomes readable when frames arrive (for
  ///         poll(2)); -1 if the caller must poll on a timer
  virtual int wait_fd() const { return -1; }
  /// @return a short name, e.g. "tap:rp0"
  virtual std::string name() const = 0;

  /// Reads and clears what the device's descriptor reported besides input:
  /// a pending error (SO_ERROR), a hang-up, a closed descriptor, and
  /// whether the device still exists. Call it when poll(2) reports POLLERR,
  /// POLLHUP or POLLNVAL on wait_fd(), and every few hundred milliseconds
  /// while the link is down (a device deleted while down says nothing).
  /// Every error and hang-up seen is counted in counters().
  /// @param revents what poll(2) reported for wait_fd(); 0 for a timed check
  /// @return the link state now; NotFound when the device is gone for good
  ///         (deleted), Internal when its descriptor no longer works: the
  ///         caller stops and reports the message, which names the device
  virtual absl::StatusOr<LinkState> CheckLink(short revents) {
    (void)revents;
    return LinkState::kUp;
  }
};

/// @return the counters as a JSON object
std::string DeviceCountersJson(const DeviceCounters& counters);

}  // namespace rampart::stack

#endif  // RAMPART_STACK_NET_DEVICE_H_
