// `rampart send`: datagrams of the given sizes to a peer, optionally
// checking that each comes back byte-exact (against an echo server).
#include <chrono>
#include <cstdio>
#include <deque>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "tools/commands.h"
#include "tools/flags.h"
#include "tools/live.h"
#include "udp/udp_uri.h"

namespace rampart::tools {
namespace {

/// Keeps what arrives, for the sender to compare.
class Collector final : public udp::DataTransfer {
 public:
  absl::Status Deliver(udp::IoBuffer data, const udp::TransferMetadata&) override {
    const auto bytes = data.data();
    received_.emplace_back(bytes.begin(), bytes.end());
    return absl::OkStatus();
  }
  void Close(absl::Status) override {}
  std::deque<std::vector<std::byte>>& received() { return received_; }

 private:
  std::deque<std::vector<std::byte>> received_;
};

/// The payload of datagram `index` of `size` bytes: a pattern that makes
/// a shifted, truncated or mixed-up echo visible.
std::vector<std::byte> Pattern(size_t size, size_t index) {
  std::vector<std::byte> bytes(size);
  for (size_t i = 0; i < size; ++i)
    bytes[i] = static_cast<std::byte>((i * 7 + size + index) & 0xFF);
  return bytes;
}

/// The transmit-side drops that explain a missing echo.
struct TxTrouble {
  uint64_t unresolved = 0;
  uint64_t queue_full = 0;
  uint64_t device_error = 0;
};

TxTrouble TxTroubleOf(const stack::NetStack& net) {
  const stack::StackCounters& c = net.counters();
  return TxTrouble{c.drop_count(Reason::kNeighUnresolved), c.drop_count(Reason::kNeighQueueFull),
                   c.drop_count(Reason::kTxDeviceError)};
}

/// @return ": <why>" when a transmit-side drop since `before` explains the
///         silence, else ""
std::string WhySilent(const TxTrouble& before, const stack::NetStack& net) {
  const TxTrouble now = TxTroubleOf(net);
  if (now.unresolved > before.unresolved) {
    return ": no neighbor answered ARP/NDP for the next hop (neigh_unresolved)";
  }
  if (now.queue_full > before.queue_full) {
    return ": too many packets were waiting for the next hop's address (neigh_queue_full)";
  }
  if (now.device_error > before.device_error) {
    return ": the device refused a frame (tx_device_error)";
  }
  return "";
}

}  // namespace

int Send(const std::vector<std::string>& args) {
  const std::string to = absl::GetFlag(FLAGS_to);
  auto sizes = SizesFromFlag();
  const int32_t count = absl::GetFlag(FLAGS_count);
  if (!args.empty() || to.empty() || !sizes.ok() || count < 1) {
    std::fprintf(stderr,
                 "usage: rampart send --netdev SPEC --mac M --ipv4|--ipv6 A/P "
                 "--to udp://HOST:PORT [--sizes a,b] [--count N] [--expect_echo]\n");
    if (!sizes.ok()) std::fprintf(stderr, "%s\n", std::string(sizes.status().message()).c_str());
    return 2;
  }
  auto live = OpenLiveStack();
  if (!live.ok()) {
    std::fprintf(stderr, "rampart send: %s\n", std::string(live.status().message()).c_str());
    return 1;
  }
  std::unique_ptr<dns::DnsResolver> resolver;
  if (!absl::GetFlag(FLAGS_dns).empty()) {
    auto opened = OpenResolver(*live, InterfaceFamilies(*live->stack));
    if (!opened.ok()) {
      std::fprintf(stderr, "rampart send: %s\n", std::string(opened.status().message()).c_str());
      return 2;
    }
    resolver = std::move(opened).value();
  }
  InstallStopHandlers();
  // Sandboxed before the name is resolved: the answers are untrusted input.
  if (absl::Status sandboxed = DropPrivileges("rampart send"); !sandboxed.ok()) {
    std::fprintf(stderr, "rampart send: %s\n", std::string(sandboxed.message()).c_str());
    return 1;
  }
  Collector collector;
  auto socket = udp::OpenUdpUri(live->stack->udp(), collector, to, resolver.get());
  if (!socket.ok()) {
    std::fprintf(stderr, "rampart send: %s\n", std::string(socket.status().message()).c_str());
    return 1;
  }
  const bool expect_echo = absl::GetFlag(FLAGS_expect_echo);
  const auto timeout = std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms));
  size_t sent = 0, echoed = 0, mismatched = 0, lost = 0;
  // A device that fails (deleted, closed) ends the run with its message.
  bool device_failed = false;
  const auto poll_device = [&] {
    auto polled = PollOnce(*live, 10);
    if (!polled.ok() && !device_failed) {
      std::fprintf(stderr, "rampart send: %s\n", std::string(polled.status().message()).c_str());
      device_failed = true;
    }
    return polled.ok();
  };
  for (size_t size : *sizes) {
    for (int32_t i = 0; i < count && !StopRequested() && !device_failed; ++i) {
      const std::vector<std::byte> payload = Pattern(size, static_cast<size_t>(i));
      udp::IoBuffer buffer = socket->AllocateBuffer(size);
      const TxTrouble before = TxTroubleOf(*live->stack);
      absl::Status delivered = buffer.Append(payload);
      if (delivered.ok()) delivered = socket->Deliver(std::move(buffer), {});
      if (!delivered.ok()) {
        std::fprintf(stderr, "rampart send: %zu bytes could not be sent: %s\n", size,
                     std::string(delivered.message()).c_str());
        ++lost;
        continue;
      }
      ++sent;
      const auto deadline = std::chrono::steady_clock::now() + timeout;
      while (expect_echo && collector.received().empty() && !StopRequested() &&
             std::chrono::steady_clock::now() < deadline) {
        if (!poll_device()) break;
      }
      if (!expect_echo) continue;
      if (collector.received().empty()) {
        std::fprintf(stderr, "rampart send: no echo of %zu bytes within %d ms%s\n", size,
                     absl::GetFlag(FLAGS_timeout_ms), WhySilent(before, *live->stack).c_str());
        ++lost;
        continue;
      }
      if (collector.received().front() == payload) {
        ++echoed;
      } else {
        std::fprintf(stderr, "rampart send: echo of %zu bytes differs (%zu bytes back)\n", size,
                     collector.received().front().size());
        ++mismatched;
      }
      collector.received().pop_front();
    }
  }
  // Let queued frames (waiting for resolution) leave before exiting.
  const auto drain_until = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
  while (std::chrono::steady_clock::now() < drain_until && !StopRequested() && !device_failed) {
    if (!poll_device()) break;
  }
  std::printf("{\"sent\":%zu,\"echoed\":%zu,\"mismatched\":%zu,\"lost\":%zu}\n", sent, echoed,
              mismatched, lost);
  socket->Close(absl::OkStatus());
  if (absl::GetFlag(FLAGS_stats_on_exit)) {
    std::printf("%s\n", live->stack->CountersJson().c_str());
  }
  const bool ok =
      !device_failed && lost == 0 && mismatched == 0 && (!expect_echo || echoed == sent);
  return ok ? 0 : 1;
}

}  // namespace rampart::tools
