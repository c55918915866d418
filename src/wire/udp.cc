#include "wire/udp.h"

#include "wire/bytes.h"

namespace rampart::wire {

Parsed<UdpView> UdpView::Create(std::span<const std::byte> datagram, IpFamily family) {
  if (datagram.size() < udp_field::kHeaderSize)
    return Parsed<UdpView>::Fail(Reason::kUdpTruncatedHeader);
  const uint16_t length = LoadBe16(datagram, udp_field::kLength);
  if (length == 0 && family == IpFamily::kIpv6) {
    return Parsed<UdpView>::Fail(Reason::kUdpIpv6Jumbogram);
  }
  if (length < udp_field::kHeaderSize) return Parsed<UdpView>::Fail(Reason::kUdpLengthBelowHeader);
  if (length > datagram.size()) return Parsed<UdpView>::Fail(Reason::kUdpLengthExceedsPacket);
  return Parsed<UdpView>::Ok(UdpView(datagram.first(length)));
}

uint16_t UdpView::source_port() const { return LoadBe16(datagram_, udp_field::kSourcePort); }
uint16_t UdpView::destination_port() const {
  return LoadBe16(datagram_, udp_field::kDestinationPort);
}
uint16_t UdpView::checksum() const { return LoadBe16(datagram_, udp_field::kChecksum); }

UdpHeader UdpHeader::FromView(const UdpView& view) {
  return UdpHeader{view.source_port(), view.destination_port(), view.length(), view.checksum()};
}

void UdpHeader::Emit(std::span<std::byte, udp_field::kHeaderSize> out) const {
  StoreBe16(out, udp_field::kSourcePort, source_port);
  StoreBe16(out, udp_field::kDestinationPort, destination_port);
  StoreBe16(out, udp_field::kLength, length);
  StoreBe16(out, udp_field::kChecksum, checksum);
}

}  // namespace rampart::wire
