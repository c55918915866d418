// `rampart echo`: every datagram goes back to its source, from the port it
// arrived on.
#include <array>
#include <chrono>
#include <cstdio>
#ifdef RAMPART_TEST_HOOKS
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#endif
#include <optional>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "tools/commands.h"
#include "tools/flags.h"
#include "tools/live.h"

namespace rampart::tools {
namespace {

/// Sends each received datagram back through `socket`.
class EchoReceiver final : public udp::DataTransfer {
 public:
  absl::Status Deliver(udp::IoBuffer data, const udp::TransferMetadata& metadata) override {
    if (socket_ == nullptr || !metadata.source) return absl::OkStatus();
    udp::TransferMetadata reply;
    reply.destination = metadata.source;
    // A reply that cannot go (source port 0, no route, ...) is counted, not
    // lost without a trace.
    ++(socket_->Deliver(std::move(data), reply).ok() ? echoed_ : unsent_);
    return absl::OkStatus();
  }
  void Close(absl::Status) override { socket_ = nullptr; }
  void set_socket(udp::UdpSocket* socket) { socket_ = socket; }
  uint64_t echoed() const { return echoed_; }
  uint64_t unsent() const { return unsent_; }

 private:
  udp::UdpSocket* socket_ = nullptr;
  uint64_t echoed_ = 0;
  uint64_t unsent_ = 0;
};

/// Any datagram makes it request a stop (--stop_port).
class StopReceiver final : public udp::DataTransfer {
 public:
  absl::Status Deliver(udp::IoBuffer, const udp::TransferMetadata&) override {
    stop_ = true;
    return absl::OkStatus();
  }
  void Close(absl::Status) override {}
  bool stop() const { return stop_; }

 private:
  bool stop_ = false;
};

#ifdef RAMPART_TEST_HOOKS
/// Test builds: makes a syscall the sandbox forbids, so a test can see the
/// process killed by SIGSYS. Returns only if the sandbox let it through.
void AttemptForbiddenSyscall(const std::string& which) {
  if (which == "execve") {
    char* const argv[] = {nullptr};
    ::execve("/bin/true", argv, argv);
  } else if (which == "open") {
    ::open("/tmp/rampart-sandbox-escape", O_WRONLY | O_CREAT, 0600);
  } else if (which == "socket") {
    ::socket(AF_INET, SOCK_DGRAM, 0);
  } else {
    return;
  }
  std::fprintf(stderr, "rampart echo: the sandbox let %s through\n", which.c_str());
}
#endif

/// What `rampart echo` runs for one address family: the echo socket with
/// its receiver, and the stop socket when --stop_port is given.
struct FamilyService {
  EchoReceiver echo;
  std::optional<udp::UdpSocket> socket;
  std::optional<udp::UdpSocket> stop_socket;
};

/// Opens the wildcard address of `family` on `port` for `receiver`.
absl::StatusOr<udp::UdpSocket> OpenWildcard(udp::UdpStack& udp, wire::IpFamily family,
                                            uint16_t port, udp::DataTransfer& receiver) {
  return udp.Open(receiver, std::nullopt,
                  wire::SocketAddress{wire::IpAddress::Unspecified(family), port});
}

}  // namespace

int Echo(const std::vector<std::string>& args) {
  if (!args.empty()) {
    std::fprintf(stderr, "rampart echo: unexpected argument '%s'\n", args[0].c_str());
    return 2;
  }
  const int32_t port = absl::GetFlag(FLAGS_port);
  if (port < 1 || port > 65535) {
    std::fprintf(stderr, "rampart echo: --port must be 1..65535\n");
    return 2;
  }
  const int32_t stop_port = absl::GetFlag(FLAGS_stop_port);
  if (stop_port < 0 || stop_port > 65535 || stop_port == port) {
    std::fprintf(stderr, "rampart echo: --stop_port must be 1..65535 and not --port\n");
    return 2;
  }
  auto live = OpenLiveStack();
  if (!live.ok()) {
    std::fprintf(stderr, "rampart echo: %s\n", std::string(live.status().message()).c_str());
    return 1;
  }
  const stack::InterfaceConfig& config = live->stack->interface();
  StopReceiver stop;
  // One service per configured family; the receivers' addresses must stay
  // put while sockets point at them, hence the fixed array.
  std::array<FamilyService, 2> services;
  size_t opened = 0;
  for (const auto& prefix : {config.ipv4, config.ipv6}) {
    if (!prefix) continue;
    FamilyService& service = services[opened];
    const wire::IpFamily family = prefix->address.family();
    auto socket =
        OpenWildcard(live->stack->udp(), family, static_cast<uint16_t>(port), service.echo);
    if (socket.ok() && stop_port != 0) {
      auto stopper =
          OpenWildcard(live->stack->udp(), family, static_cast<uint16_t>(stop_port), stop);
      if (stopper.ok()) {
        service.stop_socket.emplace(std::move(stopper).value());
      } else {
        socket = stopper.status();
      }
    }
    if (!socket.ok()) {
      std::fprintf(stderr, "rampart echo: %s\n", std::string(socket.status().message()).c_str());
      return 1;
    }
    service.socket.emplace(std::move(socket).value());
    service.echo.set_socket(&*service.socket);
    ++opened;
  }
  if (opened == 0) {
    std::fprintf(stderr, "rampart echo: give --ipv4 and/or --ipv6\n");
    return 2;
  }
  InstallStopHandlers();
  InstallDumpHandler();
  const int32_t stats_interval = absl::GetFlag(FLAGS_stats_interval);
  if (stats_interval < 0) {
    std::fprintf(stderr, "rampart echo: --stats_interval must be 0 or more seconds\n");
    return 2;
  }
  // The device and every socket are open: nothing from here on needs a
  // privilege, so none is kept (and the filter forbids what was not needed).
  if (absl::Status sandboxed = DropPrivileges("rampart echo"); !sandboxed.ok()) {
    std::fprintf(stderr, "rampart echo: %s\n", std::string(sandboxed.message()).c_str());
    return 1;
  }
  std::printf("ready netdev=%s mac=%s ipv4=%s ipv6=%s port=%d\n", live->device->name().c_str(),
              config.mac.ToString().c_str(), config.ipv4 ? config.ipv4->ToString().c_str() : "-",
              config.ipv6 ? config.ipv6->ToString().c_str() : "-", port);
  std::fflush(stdout);
  int status = 0;
#ifdef RAMPART_TEST_HOOKS
  AttemptForbiddenSyscall(absl::GetFlag(FLAGS_sandbox_test_violation));
#endif
  auto next_summary = std::chrono::steady_clock::now() + std::chrono::seconds(stats_interval);
  while (!StopRequested() && !stop.stop()) {
    if (TakeDumpRequest()) {
      std::printf("%s\n", live->stack->CountersJson().c_str());
      std::fflush(stdout);
    }
    if (stats_interval > 0 && std::chrono::steady_clock::now() >= next_summary) {
      std::printf("%s\n", StatsSummary(*live->stack).c_str());
      std::fflush(stdout);
      next_summary += std::chrono::seconds(stats_interval);
    }
    auto polled = PollOnce(*live, 20);
    if (!polled.ok()) {
      std::fprintf(stderr, "rampart echo: %s\n", std::string(polled.status().message()).c_str());
      status = 1;
      break;
    }
    if (live->input_done && live->input_done()) break;
  }
  uint64_t echoed = 0;
  uint64_t unsent = 0;
  for (size_t i = 0; i < opened; ++i) {
    services[i].socket->Close(absl::OkStatus());
    if (services[i].stop_socket) services[i].stop_socket->Close(absl::OkStatus());
    echoed += services[i].echo.echoed();
    unsent += services[i].echo.unsent();
  }
  if (absl::GetFlag(FLAGS_stats_on_exit)) {
    // One JSON object: the stack's counters and the echo service's.
    std::string json = live->stack->CountersJson();
    json.insert(json.size() - 1,
                absl::StrCat(",\"echo\":{\"Echoed\":", echoed, ",\"Unsent\":", unsent, "}"));
    std::printf("%s\n", json.c_str());
  }
  std::fflush(stdout);
  return status;
}

}  // namespace rampart::tools
