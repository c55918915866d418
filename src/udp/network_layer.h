// What the UDP layer needs from the network layer beneath it on transmit.
#ifndef RAMPART_UDP_NETWORK_LAYER_H_
#define RAMPART_UDP_NETWORK_LAYER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "udp/io_buffer.h"
#include "wire/ip_address.h"

namespace rampart::udp {

/// The addresses and protocol a transport hands down with a packet.
struct TxFacts {
  wire::IpAddress source;
  wire::IpAddress destination;
  uint8_t protocol = 0;
};

/// The network layer as the UDP layer sees it (IPv4 and IPv6 together).
class NetworkLayer {
 public:
  virtual ~NetworkLayer() = default;

  /// Chooses the source address for packets to `destination` (used when a
  /// connection is bound to the wildcard address, before the checksum is
  /// computed, since the pseudo-header covers the source).
  /// @return the address; Unavailable if there is no route or address
  virtual absl::StatusOr<wire::IpAddress> SelectSource(const wire::IpAddress& destination) = 0;

  /// Sends one transport packet. Takes ownership of it.
  /// @param packet the transport header and payload, with headroom
  /// @param facts  source, destination and protocol
  /// @return OK, or why it could not be sent
  virtual absl::Status Transmit(IoBuffer packet, const TxFacts& facts) = 0;

  /// @return the bytes of link and network headers to reserve in front of
  ///         a transport header
  virtual size_t header_room() const = 0;
};

/// A network layer that keeps what it is given, for tests, fuzz targets
/// and for wiring two stacks together in memory.
class InMemoryNetworkLayer final : public NetworkLayer {
 public:
  /// One packet handed down.
  struct Sent {
    IoBuffer packet;
    TxFacts facts;
  };

  /// @param ipv4_source the source chosen for IPv4 destinations, if any
  /// @param ipv6_source the source chosen for IPv6 destinations, if any
  InMemoryNetworkLayer(std::optional<wire::IpAddress> ipv4_source,
                       std::optional<wire::IpAddress> ipv6_source);

  absl::StatusOr<wire::IpAddress> SelectSource(const wire::IpAddress& destination) override;
  absl::Status Transmit(IoBuffer packet, const TxFacts& facts) override;
  size_t header_room() const override { return kHeaderRoom; }

  /// Makes every later Transmit fail with `status` (OK restores).
  void FailTransmitWith(absl::Status status) { fail_with_ = std::move(status); }

  /// @return the packets sent so far, oldest first; taken out of the layer
  std::vector<Sent> TakeSent();

  /// Room reserved: Ethernet with a VLAN tag (18) plus an IPv6 header (40).
  static constexpr size_t kHeaderRoom = 58;

 private:
  std::optional<wire::IpAddress> ipv4_source_;
  std::optional<wire::IpAddress> ipv6_source_;
  absl::Status fail_with_;
  std::vector<Sent> sent_;
};

}  // namespace rampart::udp

#endif  // RAMPART_UDP_NETWORK_LAYER_H_
