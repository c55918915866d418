// The udp://host:port URI: parsing (untrusted text; fuzzed by udp_uri) and
// the opener that turns one into a socket.
#ifndef RAMPART_UDP_UDP_URI_H_
#define RAMPART_UDP_UDP_URI_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "udp/data_transfer.h"
#include "udp/udp_stack.h"
#include "wire/ip_address.h"

namespace rampart::udp {

/// A parsed udp:// URI.
struct UdpUri {
  /// The host as written (without brackets for IPv6).
  std::string host;
  /// The address, when the host is a numeric IPv4 or bracketed IPv6 literal.
  std::optional<wire::IpAddress> literal;
  /// The port, 1-65535.
  uint16_t port = 0;
};

/// Parses `udp://HOST:PORT[/]`. The scheme is case-insensitive. HOST is a
/// dotted-decimal IPv4 literal, a bracketed IPv6 literal, or a DNS name
/// (letters, digits, '-' and '.', labels of 1-63 characters, 253 at most).
/// Refused, each with an InvalidArgument naming the problem: another
/// scheme, user info, an empty host, a malformed literal (including all-
/// numeric names that are not valid IPv4), IPv6 zone identifiers, a missing
/// or out-of-range port, a path other than "/", a query or a fragment.
/// @param text the URI
/// @return the parts, or InvalidArgument
absl::StatusOr<UdpUri> ParseUdpUri(std::string_view text);

/// Turns host names into addresses.
class Resolver {
 public:
  virtual ~Resolver() = default;
  /// @param name a DNS name
  /// @return an address; NotFound or Unavailable on failure
  virtual absl::StatusOr<wire::IpAddress> Resolve(std::string_view name) = 0;
};

/// Opens a socket to the URI's host and port (iPXE's UDP URI opener).
/// @param stack    the stack
/// @param receiver receives datagrams and the close
/// @param uri      the URI text
/// @param resolver used for names; may be null
/// @return the socket; InvalidArgument for a malformed URI;
///         FailedPrecondition for a name when no resolver is configured;
///         the resolver's or the opener's errors
absl::StatusOr<UdpSocket> OpenUdpUri(UdpStack& stack, DataTransfer& receiver, std::string_view uri,
                                     Resolver* resolver);

}  // namespace rampart::udp

#endif  // RAMPART_UDP_UDP_URI_H_
