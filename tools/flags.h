// The `rampart` command's flags (one set; each subcommand reads the ones
// it documents) and how they become stack settings.
#ifndef RAMPART_TOOLS_FLAGS_H_
#define RAMPART_TOOLS_FLAGS_H_

#include <cstdint>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "stack/net_stack.h"

ABSL_DECLARE_FLAG(std::string, mac);
ABSL_DECLARE_FLAG(std::string, ipv4);
ABSL_DECLARE_FLAG(std::string, ipv6);
ABSL_DECLARE_FLAG(std::string, gateway);
ABSL_DECLARE_FLAG(int32_t, mtu);
ABSL_DECLARE_FLAG(int32_t, vlan);
ABSL_DECLARE_FLAG(bool, promisc);
ABSL_DECLARE_FLAG(std::string, listen);
ABSL_DECLARE_FLAG(std::string, format);
ABSL_DECLARE_FLAG(std::string, netdev);
ABSL_DECLARE_FLAG(int32_t, port);
ABSL_DECLARE_FLAG(bool, stats_on_exit);
ABSL_DECLARE_FLAG(bool, port_unreachable);
ABSL_DECLARE_FLAG(std::string, capture);
ABSL_DECLARE_FLAG(std::string, to);
ABSL_DECLARE_FLAG(std::string, sizes);
ABSL_DECLARE_FLAG(int32_t, count);
ABSL_DECLARE_FLAG(int32_t, timeout_ms);
ABSL_DECLARE_FLAG(bool, expect_echo);
ABSL_DECLARE_FLAG(bool, list);
ABSL_DECLARE_FLAG(std::string, dns);
ABSL_DECLARE_FLAG(std::string, family);
ABSL_DECLARE_FLAG(int32_t, stop_port);
ABSL_DECLARE_FLAG(int32_t, stats_interval);
ABSL_DECLARE_FLAG(std::string, user);
ABSL_DECLARE_FLAG(bool, no_sandbox);
#ifdef RAMPART_TEST_HOOKS
ABSL_DECLARE_FLAG(std::string, sandbox_test_violation);
#endif

namespace rampart::tools {

/// The interface settings from --mac, --ipv4, --ipv6, --gateway, --mtu,
/// --vlan.
/// @param require_mac refuse a missing --mac (live devices need one)
/// @return the settings; InvalidArgument naming the bad flag
absl::StatusOr<stack::InterfaceConfig> InterfaceFromFlags(bool require_mac);

/// @return the sizes in --sizes ("0,1,7,100"); InvalidArgument for a
///         size that is not a number in 0..65535
absl::StatusOr<std::vector<size_t>> SizesFromFlag();

}  // namespace rampart::tools

#endif  // RAMPART_TOOLS_FLAGS_H_
