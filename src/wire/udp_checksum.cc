#include "wire/udp_checksum.h"

#include <algorithm>

#include "wire/bytes.h"
#include "wire/checksum.h"
#include "wire/pseudo_header.h"
#include "wire/udp.h"

namespace rampart::wire {

namespace {

/// The checksum field value for a folded sum: its complement, with a
/// computed 0 sent as 0xFFFF (0 on the wire means "no checksum").
uint16_t FieldValue(uint16_t folded_sum) {
  auto checksum = static_cast<uint16_t>(~folded_sum);
  return checksum == 0 ? uint16_t{0xFFFF} : checksum;
}

}  // namespace

uint16_t UdpFoldedSum(const IpAddress& source, const IpAddress& destination, uint16_t length,
                      std::span<const std::byte> covered) {
  PseudoHeader pseudo{source, destination, udp_field::kProtocolNumber, length};
  return FoldSum(pseudo.Sum() + SumWords(covered));
}

uint16_t UdpChecksum(const IpAddress& source, const IpAddress& destination,
                     std::span<const std::byte> datagram) {
  return FieldValue(
      UdpFoldedSum(source, destination, static_cast<uint16_t>(datagram.size()), datagram));
}

bool FillUdpChecksum(std::span<std::byte> datagram, const IpAddress& source,
                     const IpAddress& destination) {
  bool ok = datagram.size() >= udp_field::kHeaderSize;
  if (ok) {
    size_t covered = std::min<size_t>(LoadBe16(datagram, udp_field::kLength), datagram.size());
    covered = std::max(covered, udp_field::kHeaderSize);
    StoreBe16(datagram, udp_field::kChecksum, 0);
    // The pseudo-header carries the length field itself, which may differ
    // from `covered` when the field lies.
    StoreBe16(datagram, udp_field::kChecksum,
              FieldValue(UdpFoldedSum(source, destination, LoadBe16(datagram, udp_field::kLength),
                                      datagram.first(covered))));
  }
  return ok;
}

}  // namespace rampart::wire
