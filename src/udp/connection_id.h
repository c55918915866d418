// A handle naming one UDP connection of one stack.
#ifndef RAMPART_UDP_CONNECTION_ID_H_
#define RAMPART_UDP_CONNECTION_ID_H_

#include <cstdint>

namespace rampart::udp {

/// Identifies a connection. Values are never reused by a stack, so a stale
/// id can never reach a newer connection; 0 is never a valid id.
struct ConnectionId {
  uint64_t value = 0;

  friend bool operator==(const ConnectionId&, const ConnectionId&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const ConnectionId& id) {
    return H::combine(std::move(h), id.value);
  }
};

}  // namespace rampart::udp

#endif  // RAMPART_UDP_CONNECTION_ID_H_
