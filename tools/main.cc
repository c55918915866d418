// `rampart`: inspect captures, run an echo server or a sender on a real
// device, print counters. Flags are Abseil flags; see --help.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "tools/commands.h"

namespace {

constexpr char kUsage[] =
    "rampart COMMAND [flags] [args]\n"
    "  inspect [--mac M] [--ipv4 A/P] [--ipv6 A/P] [--promisc] [--format jsonl|text] FILE.pcap\n"
    "  echo --netdev tap:NAME|afpacket:IFNAME|pcap:IN[,OUT] --mac M --ipv4 A/P [--ipv6 A/P]\n"
    "       [--gateway G] [--port N] [--port_unreachable] [--capture F] [--stats-on-exit]\n"
    "  send --netdev SPEC --mac M --ipv4 A/P|--ipv6 A/P --to udp://HOST:PORT [--sizes a,b]\n"
    "       [--count N] [--expect_echo] [--timeout_ms T] [--stats-on-exit]\n"
    "  stats [--mac ... as inspect] FILE.pcap | stats --list";

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  // Abseil spells flags with underscores; accept the dashed spelling the
  // documentation uses too (--stats-on-exit).
  std::vector<std::string> storage(argv, argv + argc);
  for (std::string& arg : storage) {
    if (arg.rfind("--", 0) != 0) continue;
    const size_t end = arg.find('=') == std::string::npos ? arg.size() : arg.find('=');
    for (size_t i = 2; i < end; ++i) {
      if (arg[i] == '-') arg[i] = '_';
    }
  }
  std::vector<char*> pointers;
  for (std::string& arg : storage) pointers.push_back(arg.data());
  const std::vector<char*> positional =
      absl::ParseCommandLine(static_cast<int>(pointers.size()), pointers.data());
  if (positional.size() < 2) {
    std::fprintf(stderr, "%s\n", kUsage);
    return 2;
  }
  const std::string_view command = positional[1];
  const std::vector<std::string> args(positional.begin() + 2, positional.end());
  if (command == "inspect") return rampart::tools::Inspect(args);
  if (command == "echo") return rampart::tools::Echo(args);
  if (command == "send") return rampart::tools::Send(args);
  if (command == "stats") return rampart::tools::Stats(args);
  std::fprintf(stderr, "rampart: unknown command '%s'\n%s\n", positional[1], kUsage);
  return 2;
}
