#include "wire/udp_checksum.h"

#include <algorithm>

#include "wire/bytes.h"
#include "wire/checksum.h"
#include "wire/pseudo_header.h"
#include "wire/udp.h"

namespace rampart::wire {

uint16_t UdpChecksum(const IpAddress& source, const IpAddress& destination,
                     std::span<const std::byte> datagram) {
  PseudoHeader pseudo{source, destination, udp_field::kProtocolNumber,
                      static_cast<uint32_t>(datagram.size())};
  auto checksum = static_cast<uint16_t>(~FoldSum(pseudo.Sum() + SumWords(datagram)));
  return checksum == 0 ? uint16_t{0xFFFF} : checksum;
}

bool FillUdpChecksum(std::span<std::byte> datagram, const IpAddress& source,
                     const IpAddress& destination) {
  bool ok = datagram.size() >= udp_field::kHeaderSize;
  if (ok) {
    size_t covered = std::min<size_t>(LoadBe16(datagram, udp_field::kLength), datagram.size());
    covered = std::max(covered, udp_field::kHeaderSize);
    StoreBe16(datagram, udp_field::kChecksum, 0);
    // The pseudo-header carries the length field itself, which may differ
    // from `covered` when the field lies; sum it separately.
    PseudoHeader pseudo{source, destination, udp_field::kProtocolNumber,
                        LoadBe16(datagram, udp_field::kLength)};
    auto checksum = static_cast<uint16_t>(
        ~FoldSum(pseudo.Sum() + SumWords(datagram.first(covered))));
    StoreBe16(datagram, udp_field::kChecksum, checksum == 0 ? uint16_t{0xFFFF} : checksum);
  }
  return ok;
}

}  // namespace rampart::wire
