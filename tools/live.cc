#include "tools/live.h"

#include <poll.h>
#include <signal.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/absl_view.h"
#include "base/reason.h"
#include "netdev/device_spec.h"
#ifdef RAMPART_WITH_PCAP
#include "netdev/pcap.h"
#endif
#include "absl/strings/str_split.h"
#include "tools/flags.h"
#include "tools/sandbox.h"
#include "wire/ip_address_text.h"

namespace rampart::tools {
namespace {

std::atomic<bool> stop_requested{false};
std::atomic<bool> dump_requested{false};

void OnStopSignal(int) { stop_requested.store(true); }
void OnDumpSignal(int) { dump_requested.store(true); }

}  // namespace

absl::StatusOr<LiveStack> OpenLiveStack() {
  auto config = InterfaceFromFlags(/*require_mac=*/true);
  if (!config.ok()) return config.status();
  const std::string spec = absl::GetFlag(FLAGS_netdev);
  if (spec.empty()) return absl::InvalidArgumentError("--netdev is required");
  auto device = netdev::OpenDevice(spec, config->mac, config->mtu);
  if (!device.ok()) return device.status();
  LiveStack live;
  live.device = std::move(device).value();
#ifdef RAMPART_WITH_PCAP
  if (auto* pcap = dynamic_cast<netdev::PcapDevice*>(live.device.get())) {
    live.input_done = [pcap] { return pcap->input_done(); };
  }
  const std::string capture = absl::GetFlag(FLAGS_capture);
  if (!capture.empty()) {
    auto writer = netdev::PcapWriter::Open(capture);
    if (!writer.ok()) return writer.status();
    live.device = std::make_unique<netdev::CapturingDevice>(std::move(live.device),
                                                            std::move(writer).value());
  }
#else
  if (!absl::GetFlag(FLAGS_capture).empty()) {
    return absl::UnimplementedError("--capture: this rampart was built without libpcap");
  }
#endif
  stack::NetStackOptions options;
  options.interface = *config;
  options.port_unreachable = absl::GetFlag(FLAGS_port_unreachable);
  auto net = stack::NetStack::Create(*live.device, std::move(options));
  if (!net.ok()) return net.status();
  live.stack = std::move(net).value();
  return live;
}

absl::Status DropPrivileges(const char* who) {
  // stdout gets its buffer now: glibc would otherwise allocate it at the
  // first printf and ask isatty (an ioctl the filter forbids) when stdout
  // is a terminal or a serial console, as in the rig's guest.
  static char stdout_buffer[8192];
  std::setvbuf(stdout, stdout_buffer, _IOLBF, sizeof stdout_buffer);
  SandboxOptions options;
  options.enabled = !absl::GetFlag(FLAGS_no_sandbox);
  options.user = absl::GetFlag(FLAGS_user);
  options.who = who;
  options.vfio = absl::GetFlag(FLAGS_netdev).rfind("vfio:", 0) == 0;
  return EnterSandbox(options);
}

void InstallStopHandlers() {
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool StopRequested() { return stop_requested.load(); }

void InstallDumpHandler() {
  struct sigaction action {};
  action.sa_handler = OnDumpSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &action, nullptr);
}

bool TakeDumpRequest() { return dump_requested.exchange(false); }

std::string StatsSummary(const stack::NetStack& net) {
  // Every reason's count, from whichever layer keeps it.
  std::vector<std::pair<uint64_t, std::string_view>> drops;
  uint64_t dropped = 0;
  for (const ReasonInfo& row : kReasonTable) {
    const uint64_t count = net.DropCount(row.reason);
    if (count == 0) continue;
    dropped += count;
    drops.emplace_back(count, row.name);
  }
  std::sort(drops.begin(), drops.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string top;
  for (size_t i = 0; i < drops.size() && i < 3; ++i) {
    absl::StrAppend(&top, i == 0 ? " (" : ", ", AbslView(drops[i].second), " ", drops[i].first);
  }
  if (!top.empty()) top += ")";
  return absl::StrCat("stats: frames in ", net.counters().frames_in, " out ",
                      net.counters().frames_out, ", delivered ", net.udp().counters().in_datagrams,
                      ", dropped ", dropped, top);
}

absl::StatusOr<std::vector<wire::SocketAddress>> ParseDnsServers(std::string_view text) {
  std::vector<wire::SocketAddress> servers;
  for (const absl::string_view piece : absl::StrSplit(AbslView(text), ',', absl::SkipEmpty())) {
    const std::string item(piece);
    const auto bad = [&] {
      return absl::InvalidArgumentError(
          absl::StrCat("--dns: '", item, "' is not ADDRESS, IPV4:PORT or [IPV6]:PORT"));
    };
    std::string host = item;
    uint16_t port = 53;
    const size_t colon = item.rfind(':');
    const bool bracketed = !item.empty() && item.front() == '[';
    if (bracketed || (colon != std::string::npos && item.find(':') == colon)) {
      // [v6]:port, [v6], or v4:port
      const size_t close = bracketed ? item.find(']') : colon;
      if (close == std::string::npos) return bad();
      host = item.substr(bracketed ? 1 : 0, bracketed ? close - 1 : close);
      const std::string rest = item.substr(close + (bracketed ? 1 : 0));
      if (!rest.empty()) {
        int value = 0;
        if (rest.front() != ':' || !absl::SimpleAtoi(rest.substr(1), &value) || value < 1 ||
            value > 65535) {
          return bad();
        }
        port = static_cast<uint16_t>(value);
      }
    }
    std::optional<wire::IpAddress> address = wire::ParseIpv4(host);
    if (!address.has_value()) address = wire::ParseIpv6(host);
    if (!address.has_value()) return bad();
    servers.push_back(wire::SocketAddress{*address, port});
  }
  if (servers.empty()) return absl::InvalidArgumentError("--dns: no server given");
  return servers;
}

dns::AddressFamilies InterfaceFamilies(const stack::NetStack& net) {
  const bool v4 = net.interface().ipv4.has_value();
  const bool v6 = net.interface().ipv6.has_value();
  if (v4 && !v6) return dns::AddressFamilies::kIpv4;
  if (v6 && !v4) return dns::AddressFamilies::kIpv6;
  return dns::AddressFamilies::kIpv4ThenIpv6;
}

absl::StatusOr<std::unique_ptr<dns::DnsResolver>> OpenResolver(LiveStack& live,
                                                               dns::AddressFamilies families) {
  auto servers = ParseDnsServers(absl::GetFlag(FLAGS_dns));
  if (!servers.ok()) return servers.status();
  dns::ResolverOptions options;
  options.servers = *std::move(servers);
  options.families = families;
  stack::NetStack* net = live.stack.get();
  options.clock_ms = [net] { return net->Now(); };
  options.pump = [&live]() -> absl::Status {
    auto polled = PollOnce(live, 10);
    return polled.ok() ? absl::OkStatus() : polled.status();
  };
  live.dns_random = udp::MakeSystemRandomSource();
  return dns::DnsResolver::Create(live.stack->udp(), *live.dns_random, std::move(options));
}

namespace {

/// Asks the device what its descriptor reported; prints a change of link
/// state once.
absl::Status CheckDevice(LiveStack& live, short revents) {
  auto state = live.device->CheckLink(revents);
  if (!state.ok()) return state.status();
  if (*state != live.link) {
    live.link = *state;
    std::fprintf(stderr, "rampart: %s: link %s%s\n", live.device->name().c_str(),
                 stack::LinkStateName(*state),
                 *state == stack::LinkState::kDown ? " (waiting for it to return)" : "");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<size_t> PollOnce(LiveStack& live, int timeout_ms) {
  // While the link is down nothing announces that the device was deleted:
  // it is asked again at least this often.
  constexpr int kDownCheckMs = 250;
  const int fd = live.device->wait_fd();
  if (fd >= 0) {
    const bool down = live.link == stack::LinkState::kDown;
    pollfd wait{fd, POLLIN, 0};
    // EINTR (a stop signal) just ends the wait.
    const int ready = ::poll(&wait, 1, down ? std::min(timeout_ms, kDownCheckMs) : timeout_ms);
    const short trouble =
        ready > 0 ? static_cast<short>(wait.revents & (POLLERR | POLLHUP | POLLNVAL)) : 0;
    if (trouble != 0 || down) {
      if (absl::Status checked = CheckDevice(live, trouble); !checked.ok()) return checked;
    }
  } else if (!live.input_done) {
    const timespec pause{0, 1'000'000};  // 1 ms: devices without a descriptor
    ::nanosleep(&pause, nullptr);
  }
  auto polled = live.stack->Poll(256);
  // A frame received may have shown that the link is back.
  if (polled.ok() && *polled > 0 && live.link == stack::LinkState::kDown) {
    if (absl::Status checked = CheckDevice(live, 0); !checked.ok()) return checked;
  }
  return polled;
}

}  // namespace rampart::tools
