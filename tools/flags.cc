#include "tools/flags.h"

#include <charconv>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "wire/ip_address_text.h"

ABSL_FLAG(std::string, mac, "",
          "all: the stack's MAC address, e.g. 02:00:00:00:00:02 (echo and send need it)");
ABSL_FLAG(std::string, ipv4, "", "all: the interface's IPv4 address and prefix, e.g. 192.0.2.2/24");
ABSL_FLAG(std::string, ipv6, "",
          "all: the interface's IPv6 address and prefix, e.g. 2001:db8::2/64");
ABSL_FLAG(std::string, gateway, "", "all: default gateway(s), IPv4 and/or IPv6, comma-separated");
ABSL_FLAG(int32_t, mtu, 1500, "all: largest IP packet on the link");
ABSL_FLAG(int32_t, vlan, 0, "all: accept and send only 802.1Q frames of this VLAN id (0: none)");
ABSL_FLAG(
    bool, promisc, false,
    "inspect/stats: open a promiscuous UDP listener (it takes every datagram no one else does)");
ABSL_FLAG(std::string, listen, "",
          "inspect/stats: UDP ports to model listeners on, PORT[,PORT] (both families, any "
          "address); without it or --promisc every good datagram reads udp_no_listener");
ABSL_FLAG(std::string, format, "jsonl",
          "inspect/stats: inspect prints jsonl or text; stats --list prints text or markdown (the "
          "docs table rows)");
ABSL_FLAG(std::string, netdev, "",
          "echo/send: the device: tap:NAME, afpacket:IFNAME, pcap:IN[,OUT], loopback or "
          "vfio:DDDD:BB:DD.F");
ABSL_FLAG(int32_t, port, 7, "echo: the UDP port to serve");
ABSL_FLAG(bool, stats_on_exit, false, "echo/send: print every counter as JSON at exit");
ABSL_FLAG(bool, port_unreachable, false,
          "echo/send: answer unicast datagrams to closed ports with ICMP port unreachable "
          "(rate-limited)");
ABSL_FLAG(std::string, capture, "", "echo/send: record every frame in this pcap file");
ABSL_FLAG(
    std::string, to, "",
    "send: the destination as a URI, udp://HOST:PORT (HOST an IPv4 literal or [IPv6 literal])");
ABSL_FLAG(std::string, sizes, "0,1,100,1472", "send: payload sizes, comma-separated");
ABSL_FLAG(int32_t, count, 1, "send: datagrams per size");
ABSL_FLAG(int32_t, timeout_ms, 3000, "send: how long to wait for each echo");
ABSL_FLAG(bool, expect_echo, false, "send: wait for each datagram to come back byte-exact");
ABSL_FLAG(int32_t, stats_interval, 0,
          "echo: print a one-line summary (frames, deliveries, drops and the top drop reasons) "
          "every this many seconds (0: never); SIGUSR1 prints every counter at any time");
ABSL_FLAG(int32_t, stop_port, 0,
          "echo: a datagram to this UDP port makes echo exit cleanly (0: none)");
ABSL_FLAG(std::string, dns, "",
          "send/resolve: DNS servers for names, comma-separated: ADDRESS, ADDRESS:PORT or "
          "[IPV6]:PORT (port 53 by default)");
ABSL_FLAG(std::string, family, "any",
          "resolve: 4 (A), 6 (AAAA) or any (the families the interface has, IPv4 first)");
ABSL_FLAG(bool, list, false, "stats: list every counter and drop reason with its layer");
ABSL_FLAG(std::string, user, "nobody",
          "echo/send: the unprivileged user (NAME, or UID[:GID]) to become once the device is "
          "open, when started as root");
ABSL_FLAG(bool, no_sandbox, false,
          "echo/send: keep every privilege (no capability drop, user switch or seccomp filter); "
          "for debugging only");
#ifdef RAMPART_TEST_HOOKS
// Test builds only: make the sandboxed echo attempt a forbidden syscall.
ABSL_FLAG(std::string, sandbox_test_violation, "",
          "test: echo, after ready, attempts execve, open or socket (test builds only)");
#endif

namespace rampart::tools {

absl::StatusOr<stack::InterfaceConfig> InterfaceFromFlags(bool require_mac) {
  stack::InterfaceConfig config;
  const std::string mac = absl::GetFlag(FLAGS_mac);
  if (mac.empty()) {
    if (require_mac) return absl::InvalidArgumentError("--mac is required");
    config.mac = wire::MacAddress{{0x02, 0, 0, 0, 0, 0x01}};
    config.accept_any_mac = true;
  } else {
    const auto parsed = wire::MacAddress::Parse(mac);
    if (!parsed) return absl::InvalidArgumentError(absl::StrCat("--mac: bad address '", mac, "'"));
    config.mac = *parsed;
  }
  for (const auto& [flag, name, family] :
       {std::tuple{absl::GetFlag(FLAGS_ipv4), "--ipv4", wire::IpFamily::kIpv4},
        std::tuple{absl::GetFlag(FLAGS_ipv6), "--ipv6", wire::IpFamily::kIpv6}}) {
    if (flag.empty()) continue;
    const auto prefix = stack::IpPrefixAddress::Parse(flag);
    if (!prefix || prefix->address.family() != family) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": expected ADDRESS/PREFIX, got '", flag, "'"));
    }
    (family == wire::IpFamily::kIpv4 ? config.ipv4 : config.ipv6) = *prefix;
  }
  const std::string gateways = absl::GetFlag(FLAGS_gateway);
  if (!gateways.empty()) {
    for (absl::string_view text : absl::StrSplit(gateways, ',')) {
      const std::string_view view(text.data(), text.size());
      if (auto v4 = wire::ParseIpv4(view)) {
        config.ipv4_gateway = *v4;
      } else if (auto v6 = wire::ParseIpv6(view)) {
        config.ipv6_gateway = *v6;
      } else {
        return absl::InvalidArgumentError(absl::StrCat("--gateway: bad address '", text, "'"));
      }
    }
  }
  const int32_t mtu = absl::GetFlag(FLAGS_mtu);
  if (mtu <= 0) return absl::InvalidArgumentError("--mtu must be positive");
  config.mtu = static_cast<size_t>(mtu);
  const int32_t vlan = absl::GetFlag(FLAGS_vlan);
  if (vlan < 0 || vlan > 4094) return absl::InvalidArgumentError("--vlan must be 0..4094");
  if (vlan != 0) config.vlan = static_cast<uint16_t>(vlan);
  if (absl::Status valid = config.Validate(); !valid.ok()) return valid;
  return config;
}

absl::StatusOr<std::vector<size_t>> SizesFromFlag() {
  std::vector<size_t> sizes;
  for (absl::string_view text : absl::StrSplit(absl::GetFlag(FLAGS_sizes), ',')) {
    size_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value > 65535) {
      return absl::InvalidArgumentError(absl::StrCat("--sizes: bad size '", text, "'"));
    }
    sizes.push_back(value);
  }
  return sizes;
}

}  // namespace rampart::tools
