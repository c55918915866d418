// `rampart resolve`: asks the --dns servers for a name through rampart's
// own stack and resolver, prints the answers, exits non-zero with the
// reason when there are none.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "dns/resolver.h"
#include "tools/commands.h"
#include "tools/flags.h"
#include "tools/live.h"
#include "wire/ip_address_text.h"

namespace rampart::tools {
namespace {

constexpr int kUsageError = 2;

/// @return the families --family names, or nullopt for a bad value
std::optional<dns::AddressFamilies> FamiliesFromFlag(const stack::NetStack& net) {
  const std::string family = absl::GetFlag(FLAGS_family);
  if (family == "4") return dns::AddressFamilies::kIpv4;
  if (family == "6") return dns::AddressFamilies::kIpv6;
  if (family == "any") return InterfaceFamilies(net);
  return std::nullopt;
}

}  // namespace

int Resolve(const std::vector<std::string>& args) {
  if (args.size() != 1) {
    std::fprintf(stderr,
                 "usage: rampart resolve --netdev SPEC --mac M --ipv4|--ipv6 A/P "
                 "--dns SERVER[,SERVER] NAME\n");
    return kUsageError;
  }
  if (absl::GetFlag(FLAGS_dns).empty()) {
    std::fprintf(stderr, "rampart resolve: --dns is required\n");
    return kUsageError;
  }
  auto live = OpenLiveStack();
  if (!live.ok()) {
    std::fprintf(stderr, "rampart resolve: %s\n", std::string(live.status().message()).c_str());
    return 1;
  }
  const std::optional<dns::AddressFamilies> families = FamiliesFromFlag(*live->stack);
  if (!families.has_value()) {
    std::fprintf(stderr, "rampart resolve: --family must be 4, 6 or any\n");
    return kUsageError;
  }
  auto resolver = OpenResolver(*live, *families);
  if (!resolver.ok()) {
    std::fprintf(stderr, "rampart resolve: %s\n", std::string(resolver.status().message()).c_str());
    return kUsageError;
  }
  InstallStopHandlers();
  if (absl::Status sandboxed = DropPrivileges("rampart resolve"); !sandboxed.ok()) {
    std::fprintf(stderr, "rampart resolve: %s\n", std::string(sandboxed.message()).c_str());
    return 1;
  }
  auto id = (*resolver)->Start(args[0], *families);
  if (!id.ok()) {
    std::fprintf(stderr, "rampart resolve: %s\n", std::string(id.status().message()).c_str());
    return kUsageError;
  }
  std::optional<absl::StatusOr<dns::DnsAnswer>> result;
  // Bounded by the resolver's own time bound (ResolverOptions).
  while (!(result = (*resolver)->Take(*id)).has_value() && !StopRequested()) {
    if (auto polled = PollOnce(*live, 10); !polled.ok()) {
      std::fprintf(stderr, "rampart resolve: %s\n", std::string(polled.status().message()).c_str());
      return 1;
    }
    (*resolver)->Tick();
  }
  int status = 0;
  if (!result.has_value()) {
    std::fprintf(stderr, "rampart resolve: stopped before an answer\n");
    status = 1;
  } else if (!result->ok()) {
    std::fprintf(stderr, "rampart resolve: %s\n", std::string(result->status().message()).c_str());
    status = 1;
  } else {
    const dns::DnsAnswer& answer = **result;
    if (!(answer.canonical == answer.name)) {
      std::printf("%s CNAME %s\n", answer.name.ToText().c_str(), answer.canonical.ToText().c_str());
    }
    for (const wire::IpAddress& address : answer.addresses) {
      std::printf("%s %s %s\n", answer.canonical.ToText().c_str(),
                  dns::TypeName(answer.type).c_str(), wire::FormatIpAddress(address).c_str());
    }
  }
  if (absl::GetFlag(FLAGS_stats_on_exit)) {
    std::printf("{\"dns\":%s,\"net\":%s}\n", (*resolver)->counters().ToJson().c_str(),
                live->stack->CountersJson().c_str());
  }
  std::fflush(stdout);
  return status;
}

}  // namespace rampart::tools
