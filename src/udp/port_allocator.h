// Local port bookkeeping: which ports are bound, and ephemeral selection.
#ifndef RAMPART_UDP_PORT_ALLOCATOR_H_
#define RAMPART_UDP_PORT_ALLOCATOR_H_

#include <cstdint>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "udp/random_source.h"
#include "wire/ip_address.h"

namespace rampart::udp {

/// An inclusive range of ports.
struct PortRange {
  uint16_t first = 0;
  uint16_t last = 0;
  /// @return the number of ports in the range (0 if first > last)
  uint32_t size() const { return first <= last ? uint32_t{last} - first + 1u : 0u; }
};

/// The default ephemeral range (RFC 6335 dynamic ports).
inline constexpr PortRange kDefaultEphemeralRange{49152, 65535};
/// The privileged range, handed out only on request.
inline constexpr PortRange kPrivilegedRange{1, 1023};

/// Tracks how many owners each (family, port) has and picks ephemeral
/// ports with RFC 6056 algorithm 1 (simple random selection): a random
/// start in the range, then the next free port after it, wrapping.
class PortAllocator {
 public:
  /// @param random    the randomness (not owned; must outlive this)
  /// @param ephemeral the range for port 0 binds; must be non-empty and
  ///                  not contain port 0
  PortAllocator(RandomSource& random, PortRange ephemeral);

  /// @return whether the port has at least one owner in the family
  bool InUse(wire::IpFamily family, uint16_t port) const;

  /// Takes a specific port (one more owner). The caller decides first
  /// whether sharing is allowed.
  void Acquire(wire::IpFamily family, uint16_t port);
  /// Gives one ownership back.
  void Release(wire::IpFamily family, uint16_t port);

  /// Picks a free port without taking it.
  /// @param family     the family
  /// @param privileged pick from 1-1023 instead of the ephemeral range
  /// @return the port; ResourceExhausted if every port of the range is used
  absl::StatusOr<uint16_t> PickFree(wire::IpFamily family, bool privileged);

  /// @return the ephemeral range in use
  PortRange ephemeral_range() const { return ephemeral_; }

 private:
  /// @return the map key of a (family, port)
  static uint32_t Key(wire::IpFamily family, uint16_t port) {
    return (static_cast<uint32_t>(family) << 16) | port;
  }

  RandomSource& random_;
  PortRange ephemeral_;
  /// Owner counts of ports with at least one owner.
  absl::flat_hash_map<uint32_t, uint32_t> owners_;
};

/// Checks a configured ephemeral range.
/// @return OK, or InvalidArgument if it is empty or contains port 0
absl::Status ValidatePortRange(PortRange range);

}  // namespace rampart::udp

#endif  // RAMPART_UDP_PORT_ALLOCATOR_H_
