// Socket openers: open a UDP socket of a given family (iPXE's IPv4 and
// IPv6 socket openers), found by family like iPXE's opener table.
#ifndef RAMPART_UDP_SOCKET_OPENERS_H_
#define RAMPART_UDP_SOCKET_OPENERS_H_

#include <optional>
#include <span>
#include <string_view>

#include "absl/status/statusor.h"
#include "udp/data_transfer.h"
#include "udp/udp_stack.h"
#include "wire/ip_address.h"

namespace rampart::udp {

/// An opener of datagram sockets for one address family.
struct SocketOpener {
  std::string_view name;
  wire::IpFamily family;
  /// Opens a socket to `peer`, optionally bound to `local`.
  /// @return the socket; InvalidArgument if an address is of another
  ///         family than the opener's; otherwise UdpStack::Open's errors
  absl::StatusOr<UdpSocket> (*open)(UdpStack& stack, DataTransfer& receiver,
                                    const wire::SocketAddress& peer,
                                    std::optional<wire::SocketAddress> local);
};

/// @return the IPv4 and IPv6 openers
std::span<const SocketOpener> SocketOpeners();

/// Opens a datagram socket with the opener of the peer's family.
/// @return the socket, or the opener's error
absl::StatusOr<UdpSocket> OpenDatagramSocket(UdpStack& stack, DataTransfer& receiver,
                                             const wire::SocketAddress& peer,
                                             std::optional<wire::SocketAddress> local);

}  // namespace rampart::udp

#endif  // RAMPART_UDP_SOCKET_OPENERS_H_
