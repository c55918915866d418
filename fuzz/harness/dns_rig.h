// A resolver on a UDP stack over an in-memory network layer, with a hand
// on the wire: tests and the dns_resolver fuzz target read the queries it
// sends and inject any datagram as if it came from the network.
#ifndef RAMPART_FUZZ_HARNESS_DNS_RIG_H_
#define RAMPART_FUZZ_HARNESS_DNS_RIG_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "dns/message.h"
#include "dns/resolver.h"
#include "udp/network_layer.h"
#include "udp/random_source.h"
#include "udp/udp_stack.h"
#include "wire/ip_address.h"

namespace rampart::fuzzing {

/// One query datagram the resolver sent.
struct SentQuery {
  wire::SocketAddress from;  ///< the resolver's address and source port
  wire::SocketAddress to;    ///< the server
  std::vector<std::byte> message;
};

/// A random source that counts (deterministic, every value different).
class CountingRandom final : public udp::RandomSource {
 public:
  explicit CountingRandom(uint32_t seed) : next_(seed) {}
  uint32_t Next() override {
    // In 64 bits: no unsigned wrap for UBSan's unsigned-overflow check.
    next_ = static_cast<uint32_t>((uint64_t{next_} * 1664525u + 1013904223u) & 0xFFFFFFFFu);
    return next_;
  }

 private:
  uint32_t next_;
};

/// The resolver, its stack and a clock the caller moves.
class DnsRig {
 public:
  /// The local addresses (192.0.2.2 and 2001:db8::2).
  static wire::IpAddress LocalV4();
  static wire::IpAddress LocalV6();

  /// @param options resolver settings (servers required; the clock is
  ///                the rig's and is filled in)
  /// @param seed    for the IDs and ports
  DnsRig(dns::ResolverOptions options, uint32_t seed);

  /// @return the queries sent since the last call, oldest first
  std::vector<SentQuery> TakeQueries();

  /// Hands a datagram to the stack as if received, then delivers queued
  /// datagrams (the resolver sees it now).
  /// @param from    source address and port
  /// @param to_port the destination port (the destination address is the
  ///                local one of from's family)
  /// @param payload the UDP payload
  void Inject(const wire::SocketAddress& from, uint16_t to_port,
              std::span<const std::byte> payload);

  /// Moves the clock (forwards or backwards) and ticks the resolver.
  void Advance(int64_t ms);

  dns::DnsResolver& resolver() { return *resolver_; }
  udp::UdpStack& udp() { return *udp_; }
  int64_t now() const { return now_; }

 private:
  int64_t now_ = 1'000'000;
  udp::InMemoryNetworkLayer network_;
  CountingRandom random_;
  std::unique_ptr<udp::UdpStack> udp_;
  std::unique_ptr<dns::DnsResolver> resolver_;
};

/// A resource record to put in a built response.
struct RecordSpec {
  std::vector<std::byte> owner;  ///< wire form (may be a pointer: {0xC0, 0x0C})
  uint16_t type = dns::dns_type::kA;
  uint16_t klass = dns::kClassIn;
  uint32_t ttl = 60;
  std::vector<std::byte> rdata;
};

/// Builds a response to `query` (its ID and question echoed, QR and RA
/// set) with `flags_extra` ORed into the flags (e.g. an rcode or TC) and
/// the records in the answer section.
std::vector<std::byte> BuildResponse(std::span<const std::byte> query, uint16_t flags_extra,
                                     const std::vector<RecordSpec>& answers);

/// @return the wire form of a dotted name ("a.example" -> 1 a 7 example 0)
std::vector<std::byte> WireName(std::string_view dotted);

}  // namespace rampart::fuzzing

#endif  // RAMPART_FUZZ_HARNESS_DNS_RIG_H_
