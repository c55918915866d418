// Intel 82540EM (e1000) register offsets in BAR0, bits, and the legacy
// descriptor layouts (from the 8254x developer's manual).
#ifndef RAMPART_NETDEV_E1000_REGISTERS_H_
#define RAMPART_NETDEV_E1000_REGISTERS_H_

#include <cstddef>
#include <cstdint>

namespace rampart::netdev::e1000 {

namespace reg {
inline constexpr uint32_t kCtrl = 0x0000;
inline constexpr uint32_t kStatus = 0x0008;
inline constexpr uint32_t kIcr = 0x00C0;
inline constexpr uint32_t kImc = 0x00D8;
inline constexpr uint32_t kRctl = 0x0100;
inline constexpr uint32_t kTctl = 0x0400;
inline constexpr uint32_t kTipg = 0x0410;
inline constexpr uint32_t kRdbal = 0x2800;
inline constexpr uint32_t kRdbah = 0x2804;
inline constexpr uint32_t kRdlen = 0x2808;
inline constexpr uint32_t kRdh = 0x2810;
inline constexpr uint32_t kRdt = 0x2818;
inline constexpr uint32_t kTdbal = 0x3800;
inline constexpr uint32_t kTdbah = 0x3804;
inline constexpr uint32_t kTdlen = 0x3808;
inline constexpr uint32_t kTdh = 0x3810;
inline constexpr uint32_t kTdt = 0x3818;
inline constexpr uint32_t kMta = 0x5200;  // 128 registers
inline constexpr uint32_t kRal0 = 0x5400;
inline constexpr uint32_t kRah0 = 0x5404;
/// Statistics (clear on read): good packets received / transmitted,
/// missed packets.
inline constexpr uint32_t kMpc = 0x4010;
inline constexpr uint32_t kGprc = 0x4074;
inline constexpr uint32_t kGptc = 0x4080;
}  // namespace reg

namespace ctrl {
inline constexpr uint32_t kLinkReset = 0x8;
inline constexpr uint32_t kAutoSpeed = 0x20;
inline constexpr uint32_t kSetLinkUp = 0x40;
inline constexpr uint32_t kForceSpeed = 0x800;
inline constexpr uint32_t kForceDuplex = 0x1000;
inline constexpr uint32_t kReset = 0x04000000;
}  // namespace ctrl

namespace status {
inline constexpr uint32_t kLinkUp = 0x2;
}

namespace rctl {
inline constexpr uint32_t kEnable = 0x2;
inline constexpr uint32_t kBroadcastAccept = 0x8000;
inline constexpr uint32_t kMulticastPromiscuous = 0x10;
inline constexpr uint32_t kStripCrc = 0x04000000;
// Buffer size 2048: BSIZE = 00 with BSEX = 0.
}  // namespace rctl

namespace tctl {
inline constexpr uint32_t kEnable = 0x2;
inline constexpr uint32_t kPadShort = 0x8;
inline constexpr uint32_t kCollisionThreshold = 0x0F << 4;
inline constexpr uint32_t kCollisionDistanceFull = 0x40 << 12;
}  // namespace tctl

inline constexpr uint32_t kRahAddressValid = 0x80000000;
inline constexpr uint32_t kTipgDefault = 0x00602008;

/// Legacy descriptors: 16 bytes each.
inline constexpr size_t kDescriptorSize = 16;
namespace rx_desc {
inline constexpr size_t kAddress = 0;
inline constexpr size_t kLength = 8;  // little-endian u16
inline constexpr size_t kStatus = 12;
inline constexpr size_t kErrors = 13;
inline constexpr uint8_t kDone = 0x01;
inline constexpr uint8_t kEndOfPacket = 0x02;
}  // namespace rx_desc
namespace tx_desc {
inline constexpr size_t kAddress = 0;
inline constexpr size_t kLength = 8;
inline constexpr size_t kCommand = 11;
inline constexpr size_t kStatus = 12;
inline constexpr uint8_t kCmdEndOfPacket = 0x01;
inline constexpr uint8_t kCmdInsertFcs = 0x02;
inline constexpr uint8_t kCmdReportStatus = 0x08;
inline constexpr uint8_t kDone = 0x01;
}  // namespace tx_desc

}  // namespace rampart::netdev::e1000

#endif  // RAMPART_NETDEV_E1000_REGISTERS_H_
