// Opening a device from its command-line spelling.
#ifndef RAMPART_NETDEV_DEVICE_SPEC_H_
#define RAMPART_NETDEV_DEVICE_SPEC_H_

#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "stack/net_device.h"

namespace rampart::netdev {

/// Opens "tap:NAME", "afpacket:IFNAME", "pcap:IN[,OUT]", "vfio:BDF" (the
/// e1000 driver over VFIO), "vfio-noiommu:BDF" or "loopback".
/// @param spec the spelling
/// @param mac  the MAC rampart uses
/// @param mtu  the largest IP packet
/// @return the device; InvalidArgument for an unknown spelling; the
///         backend's error otherwise
absl::StatusOr<std::unique_ptr<stack::NetDevice>> OpenDevice(std::string_view spec,
                                                             wire::MacAddress mac, size_t mtu);

}  // namespace rampart::netdev

#endif  // RAMPART_NETDEV_DEVICE_SPEC_H_
