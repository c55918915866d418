#include "tools/help.h"

#include <array>
#include <initializer_list>

#include "absl/flags/reflection.h"
#include "absl/strings/str_cat.h"
#include "base/absl_view.h"
#include "base/version.h"

namespace rampart::tools {
namespace {

/// One command: what it is called, how it is invoked, what it does, and the
/// flags it reads (tests/tools/help_lists_every_flag.sh checks the lists
/// against the flags each command's source reads).
struct Command {
  std::string_view name;
  std::string_view synopsis;
  std::string_view about;
  std::initializer_list<std::string_view> flags;
};

const std::array<Command, 5>& Commands() {
  static const std::array<Command, 5> commands = {{
      {"inspect",
       "rampart inspect [flags] FILE.pcap",
       "Feeds a capture's frames, in order, to one stack (time stands still) and prints one "
       "record per frame: verdict, layer, reason, and for a delivered datagram its addresses.\n"
       "Without --mac any destination MAC is accepted; a family without an address accepts any "
       "destination of it. Without --promisc or --listen nobody listens, so every good UDP "
       "datagram reads udp_no_listener. Captures taken on veth with checksum offload on show "
       "partial UDP checksums (udp_checksum_mismatch here) for datagrams a live stack accepted.",
       {"mac", "ipv4", "ipv6", "gateway", "mtu", "vlan", "promisc", "listen", "format"}},
      {"echo",
       "rampart echo --netdev SPEC --mac M --ipv4 A/P [--ipv6 A/P] [flags]",
       "A UDP echo server on every configured family: prints 'ready ...' when it can receive, "
       "sends each datagram back from the port it arrived on, stops on SIGINT/SIGTERM (or at "
       "the end of a pcap input). Once the device is open it drops every privilege "
       "(--user, --no-sandbox).",
       {"netdev", "mac", "ipv4", "ipv6", "gateway", "mtu", "vlan", "port", "stop_port",
        "port_unreachable", "capture", "stats_on_exit", "stats_interval", "user", "no_sandbox"}},
      {"send",
       "rampart send --netdev SPEC --mac M --ipv4|--ipv6 A/P --to udp://HOST:PORT [flags]",
       "Sends datagrams of each size through the udp:// opener; with --expect_echo waits for "
       "each to come back byte-exact. Prints a JSON summary; exits 1 on loss. A HOST that is "
       "a name is resolved through --dns (after the sandbox is entered).",
       {"netdev", "mac", "ipv4", "ipv6", "gateway", "mtu", "vlan", "to", "dns", "sizes", "count",
        "timeout_ms", "expect_echo", "port_unreachable", "capture", "stats_on_exit", "user",
        "no_sandbox"}},
      {"resolve",
       "rampart resolve --netdev SPEC --mac M --ipv4|--ipv6 A/P --dns SERVER[,SERVER] NAME",
       "Asks the --dns servers for NAME's addresses through rampart's own stack and resolver "
       "(random ID and port per try, 2 tries of 1 s per server, 5 s in all, CNAMEs followed up "
       "to 8) and prints one line per address, 'NAME A|AAAA ADDRESS' (after 'NAME CNAME "
       "TARGET' when there was a chain). Exits 1 with the reason (NXDOMAIN, NODATA, timeout, "
       "truncated answer, server error) when there is none.",
       {"netdev", "mac", "ipv4", "ipv6", "gateway", "mtu", "vlan", "dns", "family", "capture",
        "stats_on_exit", "user", "no_sandbox"}},
      {"stats",
       "rampart stats [flags] FILE.pcap | rampart stats --list [--format markdown]",
       "Replays a capture through one stack, as inspect does, and prints every counter (device, "
       "stack, every drop reason, UDP) as JSON. --list prints every drop reason of the reason "
       "table with its layer and MIB aggregate (--format markdown: the docs' table rows).",
       {"mac", "ipv4", "ipv6", "gateway", "mtu", "vlan", "promisc", "listen", "list", "format"}},
  }};
  return commands;
}

const Command* Find(std::string_view name) {
  for (const Command& command : Commands()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

}  // namespace

std::string OverviewHelp() {
  std::string text =
      absl::StrCat(VersionText(), ": a fuzzing-first, hardened UDP/IP stack.\n\nCommands:\n");
  for (const Command& command : Commands())
    absl::StrAppend(&text, "  ", AbslView(command.synopsis), "\n");
  absl::StrAppend(&text,
                  "\n'rampart help COMMAND' or 'rampart COMMAND --help' lists a command's flags "
                  "with their defaults.\nDevices (--netdev): tap:NAME, afpacket:IFNAME, "
                  "pcap:IN[,OUT], loopback, vfio:DDDD:BB:DD.F.\n"
                  "Exit status: 0 success, 1 runtime failure, 2 usage error.\n");
  return text;
}

std::string CommandHelp(std::string_view name) {
  const Command* command = Find(name);
  if (command == nullptr) return "";
  std::string text = absl::StrCat("usage: ", AbslView(command->synopsis), "\n\n",
                                  AbslView(command->about), "\n\nFlags:\n");
  for (std::string_view flag_name : command->flags) {
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(AbslView(flag_name));
    if (flag == nullptr) continue;  // a flag compiled out of this build
    // Strings quoted, as Abseil's --helpfull shows them.
    const std::string value = flag->IsOfType<std::string>()
                                  ? absl::StrCat("\"", flag->DefaultValue(), "\"")
                                  : flag->DefaultValue();
    absl::StrAppend(&text, "  --", AbslView(flag_name), "=", value, "\n      ", flag->Help(), "\n");
  }
  return text;
}

std::string VersionText() { return absl::StrCat("rampart ", AbslView(kVersion)); }

}  // namespace rampart::tools
