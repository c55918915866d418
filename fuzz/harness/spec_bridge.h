// Converts the core's values into the independent spec's plain ones. Kept
// apart from udp_rx_spec.h so the spec itself never includes src/.
#ifndef RAMPART_FUZZ_HARNESS_SPEC_BRIDGE_H_
#define RAMPART_FUZZ_HARNESS_SPEC_BRIDGE_H_

#include <cstddef>
#include <cstdint>

#include "harness/udp_rx_spec.h"
#include "wire/ip_address.h"

namespace rampart::spec {

/// @return the address as the spec's family and byte array
inline Addr ToSpec(const wire::IpAddress& address) {
  Addr plain;
  plain.family = address.family() == wire::IpFamily::kIpv4 ? 4 : 6;
  for (size_t i = 0; i < address.bytes().size(); ++i) {
    plain.bytes[i] = std::to_integer<uint8_t>(address.bytes()[i]);
  }
  return plain;
}

}  // namespace rampart::spec

#endif  // RAMPART_FUZZ_HARNESS_SPEC_BRIDGE_H_
