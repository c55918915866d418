#include "udp/network_layer.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/absl_view.h"

namespace rampart::udp {

InMemoryNetworkLayer::InMemoryNetworkLayer(std::optional<wire::IpAddress> ipv4_source,
                                           std::optional<wire::IpAddress> ipv6_source)
    : ipv4_source_(ipv4_source), ipv6_source_(ipv6_source) {}

absl::StatusOr<wire::IpAddress> InMemoryNetworkLayer::SelectSource(
    const wire::IpAddress& destination) {
  const std::optional<wire::IpAddress>& source =
      destination.family() == wire::IpFamily::kIpv4 ? ipv4_source_ : ipv6_source_;
  return source.has_value() ? absl::StatusOr<wire::IpAddress>(*source)
                            : absl::StatusOr<wire::IpAddress>(absl::UnavailableError(absl::StrCat(
                                  "no ", AbslView(wire::FamilyName(destination.family())),
                                  " source address configured for ", destination.ToString())));
}

absl::Status InMemoryNetworkLayer::Transmit(IoBuffer packet, const TxFacts& facts) {
  absl::Status status = fail_with_;
  if (status.ok()) {
    sent_.push_back(Sent{std::move(packet), facts});
  }
  return status;
}

std::vector<InMemoryNetworkLayer::Sent> InMemoryNetworkLayer::TakeSent() {
  return std::exchange(sent_, {});
}

}  // namespace rampart::udp
