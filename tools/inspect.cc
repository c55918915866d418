// `rampart inspect` and `rampart stats`: a capture fed, frame by frame, to
// one stack instance over a device that discards what the stack sends.
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
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

/// What a replay reports besides each frame's outcome.
struct ReplayHooks {
  /// A frame the stack decided on.
  std::function<void(size_t frame, const stack::FrameOutcome&)> each;
  /// A record cut by the capture's snap length (the stack never sees it).
  std::function<void(size_t frame, size_t captured, size_t wire)> truncated;
};

/// The stack after a replay, and what the capture held.
struct ReplayResult {
  std::unique_ptr<stack::NetStack> net;
  size_t records = 0;
  size_t truncated = 0;
};

#ifdef RAMPART_WITH_PCAP
/// Feeds a capture to a fresh stack through `device` (so its receive
/// counters count the frames).
/// @return the stack after the last frame, or why it could not run (an
///         error that names the file)
absl::StatusOr<ReplayResult> Replay(const std::string& path, netdev::MemoryDevice& device,
                                    const ReplayHooks& hooks) {
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
  // --listen: modelled listeners, one wildcard socket per port and family.
  std::vector<udp::UdpSocket> listeners;
  const std::string listen = absl::GetFlag(FLAGS_listen);
  for (absl::string_view text : absl::StrSplit(listen, ',', absl::SkipEmpty())) {
    int port = 0;
    if (!absl::SimpleAtoi(text, &port) || port < 1 || port > 65535) {
      return absl::InvalidArgumentError(
          absl::StrCat("--listen: '", text, "' is not a port (1..65535)"));
    }
    for (const auto family : {wire::IpFamily::kIpv4, wire::IpFamily::kIpv6}) {
      auto opened = (*net)->udp().Open(
          sink, std::nullopt,
          wire::SocketAddress{wire::IpAddress::Unspecified(family), static_cast<uint16_t>(port)});
      if (!opened.ok()) return opened.status();
      listeners.push_back(std::move(opened).value());
    }
  }
  auto reader = netdev::PcapReader::Open(path);
  if (!reader.ok()) return reader.status();
  ReplayResult result;
  for (size_t frame = 1;; ++frame) {
    auto next = (*reader)->Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    ++result.records;
    if ((*reader)->last_truncated()) {
      // Cut by the capture's snap length: not what was on the wire, so the
      // stack never sees it (it would report a length error the sender
      // did not make).
      ++result.truncated;
      if (hooks.truncated) hooks.truncated(frame, (*next)->size(), (*reader)->last_wire_length());
      continue;
    }
    device.Inject(**next);
    stack::FrameOutcome outcome;
    (void)device.Poll([&](const stack::RxFrame& rx) { outcome = (*net)->ReceiveFrame(rx.bytes); },
                      1);
    (*net)->udp().DeliverQueued();
    if (hooks.each) hooks.each(frame, outcome);
  }
  if (promiscuous) promiscuous->Close(absl::OkStatus());
  listeners.clear();
  result.net = std::move(net).value();
  return result;
}
#else
absl::StatusOr<ReplayResult> Replay(const std::string&, netdev::MemoryDevice&, const ReplayHooks&) {
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
  ReplayHooks hooks;
  hooks.each = [&](size_t frame, const stack::FrameOutcome& outcome) {
    std::cout << (format == "jsonl" ? JsonRecord(frame, outcome) : TextRecord(frame, outcome))
              << '\n';
  };
  hooks.truncated = [&](size_t frame, size_t captured, size_t wire) {
    std::cout << (format == "jsonl"
                      ? absl::StrFormat("{\"frame\":%d,\"verdict\":\"truncated\",\"layer\":"
                                        "\"capture\",\"reason\":null,\"captured\":%d,\"wire\":%d}",
                                        frame, captured, wire)
                      : absl::StrFormat("%d truncated capture: %d of %d bytes captured", frame,
                                        captured, wire))
              << '\n';
  };
  auto net = Replay(args[0], *device, hooks);
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
  auto replayed = Replay(args[0], *device, ReplayHooks{});
  if (!replayed.ok()) {
    std::fprintf(stderr, "rampart stats: %s\n", std::string(replayed.status().message()).c_str());
    return 1;
  }
  // The stack's counters, and what the capture held (records cut by the
  // snap length never reach the stack).
  std::string json = replayed->net->CountersJson();
  json.insert(json.size() - 1, absl::StrFormat(",\"capture\":{\"Records\":%d,\"Truncated\":%d}",
                                               replayed->records, replayed->truncated));
  std::printf("%s\n", json.c_str());
  return 0;
}

}  // namespace rampart::tools
