// `rampart inspect` and `rampart stats`: a capture fed, frame by frame, to
// one stack instance over a device that discards what the stack sends.
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/absl_view.h"
#include "netdev/loopback.h"
#ifdef RAMPART_WITH_PCAP
#include "netdev/pcap.h"
#endif
#include "base/reason.h"
#include "stack/net_stack.h"
#include "tools/commands.h"
#include "tools/flags.h"

namespace rampart::tools {
namespace {

/// Takes every datagram the promiscuous listener is given, and drops it.
class Sink final : public udp::DataTransfer {
 public:
  absl::Status Deliver(udp::IoBuffer, const udp::TransferMetadata&) override {
    return absl::OkStatus();
  }
  void Close(absl::Status) override {}
};

std::string JsonRecord(size_t frame, const stack::FrameOutcome& outcome) {
  std::string record = absl::StrFormat(
      "{\"frame\":%d,\"verdict\":\"%s\",\"layer\":\"%s\",\"reason\":%s", frame,
      AbslView(stack::VerdictName(outcome.verdict)), AbslView(LayerName(outcome.layer)),
      outcome.reason == Reason::kNone
          ? std::string("null")
          : absl::StrCat("\"", AbslView(ReasonName(outcome.reason)), "\""));
  if (outcome.datagram) {
    const udp::DatagramMetadata& m = *outcome.datagram;
    absl::StrAppendFormat(&record,
                          ",\"src\":\"%s\",\"dst\":\"%s\",\"sport\":%d,\"dport\":%d,\"len\":%d",
                          m.source.address.ToString(), m.destination.address.ToString(),
                          m.source.port, m.destination.port, outcome.payload_length);
  }
  return record + "}";
}

std::string TextRecord(size_t frame, const stack::FrameOutcome& outcome) {
  std::string record =
      absl::StrFormat("%d %s %s", frame, AbslView(stack::VerdictName(outcome.verdict)),
                      AbslView(LayerName(outcome.layer)));
  if (outcome.reason != Reason::kNone) {
    absl::StrAppend(&record, " ", AbslView(ReasonName(outcome.reason)));
  }
  if (outcome.datagram) {
    absl::StrAppend(&record, " ", outcome.datagram->source.ToString(), " -> ",
                    outcome.datagram->destination.ToString(), " len ", outcome.payload_length);
  }
  return record;
}

#ifdef RAMPART_WITH_PCAP
/// Feeds a capture to a fresh stack; `each` sees every outcome.
/// @return the stack after the last frame, or why it could not run
absl::StatusOr<std::unique_ptr<stack::NetStack>> Replay(
    const std::string& path, netdev::MemoryDevice& device,
    const std::function<void(size_t, const stack::FrameOutcome&)>& each) {
  auto config = InterfaceFromFlags(/*require_mac=*/false);
  if (!config.ok()) return config.status();
  config->accept_any_address = true;
  stack::NetStackOptions options;
  options.interface = *config;
  // Time stands still in a replay: no timeouts fire between frames.
  options.clock_ms = [] { return int64_t{0}; };
  auto net = stack::NetStack::Create(device, std::move(options));
  if (!net.ok()) return net.status();
  static Sink sink;
  std::optional<udp::UdpSocket> promiscuous;
  if (absl::GetFlag(FLAGS_promisc)) {
    auto opened = (*net)->udp().OpenPromiscuous(sink);
    if (!opened.ok()) return opened.status();
    promiscuous.emplace(std::move(opened).value());
  }
  auto reader = netdev::PcapReader::Open(path);
  if (!reader.ok()) return reader.status();
  for (size_t frame = 1;; ++frame) {
    auto next = (*reader)->Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    const stack::FrameOutcome outcome = (*net)->ReceiveFrame(**next);
    (*net)->udp().DeliverQueued();
    each(frame, outcome);
  }
  if (promiscuous) promiscuous->Close(absl::OkStatus());
  return net;
}

#else
absl::StatusOr<std::unique_ptr<stack::NetStack>> Replay(
    const std::string&, netdev::MemoryDevice&,
    const std::function<void(size_t, const stack::FrameOutcome&)>&) {
  return absl::UnimplementedError("this rampart was built without libpcap");
}
#endif
}  // namespace

int Inspect(const std::vector<std::string>& args) {
  const std::string format = absl::GetFlag(FLAGS_format);
  if (args.size() != 1 || (format != "jsonl" && format != "text")) {
    std::fprintf(stderr, "usage: rampart inspect [flags] [--format jsonl|text] FILE.pcap\n");
    return 2;
  }
  auto device = netdev::MakeDiscard(wire::MacAddress{{0x02, 0, 0, 0, 0, 0x01}});
  auto net = Replay(args[0], *device, [&](size_t frame, const stack::FrameOutcome& outcome) {
    std::cout << (format == "jsonl" ? JsonRecord(frame, outcome) : TextRecord(frame, outcome))
              << '\n';
  });
  std::cout.flush();
  if (!net.ok()) {
    std::fprintf(stderr, "rampart inspect: %s\n", std::string(net.status().message()).c_str());
    return 1;
  }
  return 0;
}

int Stats(const std::vector<std::string>& args) {
  if (absl::GetFlag(FLAGS_list)) {
    // Straight from the reason table: "layer name aggregate", or with
    // --format markdown the README/SECURITY.md rows.
    const bool markdown = absl::GetFlag(FLAGS_format) == "markdown";
    for (const ReasonInfo& row : kReasonTable) {
      const std::string line =
          markdown ? absl::StrFormat("| `%s` | %s | %s |", AbslView(row.name),
                                     AbslView(LayerName(row.layer)), AbslView(row.rule))
                   : absl::StrFormat("%s %s %s", AbslView(LayerName(row.layer)), AbslView(row.name),
                                     AbslView(AggregateName(row.aggregate)));
      std::printf("%s\n", line.c_str());
    }
    return 0;
  }
  if (args.size() != 1) {
    std::fprintf(stderr, "usage: rampart stats [flags] FILE.pcap | rampart stats --list\n");
    return 2;
  }
  auto device = netdev::MakeDiscard(wire::MacAddress{{0x02, 0, 0, 0, 0, 0x01}});
  auto net = Replay(args[0], *device, [](size_t, const stack::FrameOutcome&) {});
  if (!net.ok()) {
    std::fprintf(stderr, "rampart stats: %s\n", std::string(net.status().message()).c_str());
    return 1;
  }
  std::printf("%s\n", (*net)->CountersJson().c_str());
  return 0;
}

}  // namespace rampart::tools
