#include "udp/socket_openers.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "base/absl_view.h"

namespace rampart::udp {
namespace {

template <wire::IpFamily kFamily>
absl::StatusOr<UdpSocket> OpenFamily(UdpStack& stack, DataTransfer& receiver,
                                     const wire::SocketAddress& peer,
                                     std::optional<wire::SocketAddress> local) {
  bool fits = peer.family() == kFamily && (!local.has_value() || local->family() == kFamily);
  return fits ? stack.Open(receiver, peer, local)
              : absl::StatusOr<UdpSocket>(absl::InvalidArgumentError(absl::StrCat(
                    "the ", AbslView(wire::FamilyName(kFamily)), " UDP opener cannot open peer ",
                    peer.ToString(),
                    local.has_value() ? absl::StrCat(" from ", local->ToString()) : "")));
}

constexpr std::array<SocketOpener, 2> kOpeners = {{
    {"udp-ipv4", wire::IpFamily::kIpv4, &OpenFamily<wire::IpFamily::kIpv4>},
    {"udp-ipv6", wire::IpFamily::kIpv6, &OpenFamily<wire::IpFamily::kIpv6>},
}};

}  // namespace

std::span<const SocketOpener> SocketOpeners() { return kOpeners; }

absl::StatusOr<UdpSocket> OpenDatagramSocket(UdpStack& stack, DataTransfer& receiver,
                                             const wire::SocketAddress& peer,
                                             std::optional<wire::SocketAddress> local) {
  const SocketOpener* chosen = nullptr;
  for (const SocketOpener& opener : SocketOpeners()) {
    chosen = opener.family == peer.family() ? &opener : chosen;
  }
  return chosen != nullptr ? chosen->open(stack, receiver, peer, local)
                           : absl::StatusOr<UdpSocket>(absl::UnimplementedError(absl::StrCat(
                                 "no UDP opener for ", AbslView(wire::FamilyName(peer.family())))));
}

}  // namespace rampart::udp
