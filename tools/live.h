// What `rampart echo` and `rampart send` share: opening the device (with
// an optional capture), building the stack, waiting for frames, and a
// clean stop on SIGINT/SIGTERM.
#ifndef RAMPART_TOOLS_LIVE_H_
#define RAMPART_TOOLS_LIVE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "dns/resolver.h"
#include "stack/net_device.h"
#include "stack/net_stack.h"
#include "udp/random_source.h"
#include "wire/ip_address.h"

namespace rampart::tools {

/// A device and the stack on it.
struct LiveStack {
  std::unique_ptr<stack::NetDevice> device;
  std::unique_ptr<stack::NetStack> stack;
  /// Set when the device is a pcap file: true once its input is used up.
  std::function<bool()> input_done;
  /// The device's link as last reported (each change is printed once).
  stack::LinkState link = stack::LinkState::kUp;
  /// The resolver's randomness (IDs), once OpenResolver made one.
  std::unique_ptr<udp::RandomSource> dns_random;
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

/// Makes SIGUSR1 request a counters dump.
void InstallDumpHandler();
/// @return true (once per signal) if SIGUSR1 arrived since the last call
bool TakeDumpRequest();

/// @return one line: frames in and out, UDP deliveries, drops in all and
///         the three most frequent drop reasons, e.g. "stats: frames in 12
///         out 10, delivered 8, dropped 4 (udp_no_listener 3, eth_not_for_us 1)"
std::string StatsSummary(const stack::NetStack& net);

/// Parses --dns: servers separated by commas, each ADDRESS (port 53),
/// IPV4:PORT or [IPV6]:PORT.
/// @return the servers; InvalidArgument naming the bad one
absl::StatusOr<std::vector<wire::SocketAddress>> ParseDnsServers(std::string_view text);

/// @return what a query asks for by default: the families the interface
///         has addresses of, IPv4 first
dns::AddressFamilies InterfaceFamilies(const stack::NetStack& net);

/// The resolver of --dns on the live stack: its clock is the stack's, its
/// IDs come from the kernel's CSPRNG, and Resolve() turns PollOnce.
/// @param families what Resolve() asks for
/// @return the resolver; InvalidArgument for a bad or empty --dns
absl::StatusOr<std::unique_ptr<dns::DnsResolver>> OpenResolver(LiveStack& live,
                                                               dns::AddressFamilies families);

/// Waits up to `timeout_ms` for frames, then polls the stack once. When
/// the device's descriptor reports an error or hang-up, or while its link
/// is down, the device is asked what happened (NetDevice::CheckLink): the
/// error is read and cleared (no spinning), a link going down or coming
/// back is printed once on stderr, and while it is down the wait is at
/// most 250 ms so that a deleted device is noticed.
/// @return the stack's poll result; the device's error (naming it) when it
///         is gone: the caller stops
absl::StatusOr<size_t> PollOnce(LiveStack& live, int timeout_ms);

}  // namespace rampart::tools

#endif  // RAMPART_TOOLS_LIVE_H_
