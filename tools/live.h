// What `rampart echo` and `rampart send` share: opening the device (with
// an optional capture), building the stack, waiting for frames, and a
// clean stop on SIGINT/SIGTERM.
#ifndef RAMPART_TOOLS_LIVE_H_
#define RAMPART_TOOLS_LIVE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "stack/net_device.h"
#include "stack/net_stack.h"

namespace rampart::tools {

/// A device and the stack on it.
struct LiveStack {
  std::unique_ptr<stack::NetDevice> device;
  std::unique_ptr<stack::NetStack> stack;
  /// Set when the device is a pcap file: true once its input is used up.
  std::function<bool()> input_done;
};

/// Opens --netdev (wrapped by --capture) and a stack configured by the
/// interface flags and --port_unreachable.
/// @return the pair, or the first error (naming the flag or the device)
absl::StatusOr<LiveStack> OpenLiveStack();

/// Enters the sandbox (tools/sandbox.h) as --user and --no-sandbox say.
/// Call once the device is open, before the first frame is read.
/// @param who the command, for messages ("rampart echo")
/// @return OK, or why the sandbox could not be entered (the caller stops)
absl::Status DropPrivileges(const char* who);

/// Makes SIGINT and SIGTERM request a stop instead of killing the process.
void InstallStopHandlers();
/// @return true once SIGINT or SIGTERM arrived
bool StopRequested();

/// Waits up to `timeout_ms` for frames, then polls the stack once.
/// @return the stack's poll result
absl::StatusOr<size_t> PollOnce(LiveStack& live, int timeout_ms);

}  // namespace rampart::tools

#endif  // RAMPART_TOOLS_LIVE_H_
