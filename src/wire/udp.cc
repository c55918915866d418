#include "wire/udp.h"

#include "wire/bytes.h"

namespace rampart::wire {

std::optional<UdpHeaderView> UdpHeaderView::Create(std::span<const std::byte> datagram) {
  std::optional<UdpHeaderView> view;
  if (datagram.size() >= udp_field::kHeaderSize) {
    view = UdpHeaderView(datagram.first<udp_field::kHeaderSize>());
  }
  return view;
}

uint16_t UdpHeaderView::source_port() const { return LoadBe16(bytes_, udp_field::kSourcePort); }
uint16_t UdpHeaderView::destination_port() const {
  return LoadBe16(bytes_, udp_field::kDestinationPort);
}
uint16_t UdpHeaderView::length() const { return LoadBe16(bytes_, udp_field::kLength); }
uint16_t UdpHeaderView::checksum() const { return LoadBe16(bytes_, udp_field::kChecksum); }

UdpHeader UdpHeader::FromView(const UdpHeaderView& view) {
  return UdpHeader{view.source_port(), view.destination_port(), view.length(), view.checksum()};
}

void UdpHeader::Emit(std::span<std::byte, udp_field::kHeaderSize> out) const {
  StoreBe16(out, udp_field::kSourcePort, source_port);
  StoreBe16(out, udp_field::kDestinationPort, destination_port);
  StoreBe16(out, udp_field::kLength, length);
  StoreBe16(out, udp_field::kChecksum, checksum);
}

}  // namespace rampart::wire
