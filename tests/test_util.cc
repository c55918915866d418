#include "test_util.h"

#include <arpa/inet.h>

#include <cstdlib>

namespace rampart::testing {

std::vector<std::byte> Bytes(std::initializer_list<int> values) {
  std::vector<std::byte> out;
  for (int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

std::vector<std::byte> BytesOf(std::string_view text) {
  std::vector<std::byte> out;
  for (char c : text) out.push_back(static_cast<std::byte>(c));
  return out;
}

uint16_t ReferenceChecksum(const std::vector<std::vector<std::byte>>& pieces) {
  std::vector<uint8_t> all;
  for (const auto& piece : pieces)
    for (std::byte b : piece) all.push_back(static_cast<uint8_t>(b));
  if (all.size() % 2 != 0) all.push_back(0);
  uint32_t sum = 0;
  for (size_t i = 0; i < all.size(); i += 2) {
    sum += static_cast<uint32_t>(all[i] << 8 | all[i + 1]);
    sum = (sum & 0xFFFF) + (sum >> 16);
  }
  return static_cast<uint16_t>(~sum & 0xFFFF);
}

std::vector<std::byte> ReferencePseudoHeader(const wire::IpAddress& source,
                                             const wire::IpAddress& destination,
                                             uint32_t udp_length) {
  std::vector<std::byte> out(source.bytes().begin(), source.bytes().end());
  out.insert(out.end(), destination.bytes().begin(), destination.bytes().end());
  if (source.family() == wire::IpFamily::kIpv4) {
    out.push_back(std::byte{0});
    out.push_back(std::byte{17});
    out.push_back(static_cast<std::byte>(udp_length >> 8));
    out.push_back(static_cast<std::byte>(udp_length));
  } else {
    for (int shift = 24; shift >= 0; shift -= 8)
      out.push_back(static_cast<std::byte>(udp_length >> shift));
    out.push_back(std::byte{0});
    out.push_back(std::byte{0});
    out.push_back(std::byte{0});
    out.push_back(std::byte{17});
  }
  return out;
}

std::vector<std::byte> BuildDatagram(const wire::IpAddress& source,
                                     const wire::IpAddress& destination, const DatagramSpec& spec) {
  uint16_t length = spec.length_field.value_or(static_cast<uint16_t>(8 + spec.payload.size()));
  auto be16 = [](std::vector<std::byte>& v, uint16_t x) {
    v.push_back(static_cast<std::byte>(x >> 8));
    v.push_back(static_cast<std::byte>(x & 0xFF));
  };
  std::vector<std::byte> d;
  be16(d, spec.source_port);
  be16(d, spec.destination_port);
  be16(d, length);
  be16(d, 0);
  d.insert(d.end(), spec.payload.begin(), spec.payload.end());
  uint16_t checksum;
  if (spec.checksum_field.has_value()) {
    checksum = *spec.checksum_field;
  } else {
    std::vector<std::byte> covered(d.begin(), d.begin() + std::min<size_t>(length, d.size()));
    checksum = ReferenceChecksum({ReferencePseudoHeader(source, destination, length), covered});
    if (checksum == 0) checksum = 0xFFFF;
  }
  d[6] = static_cast<std::byte>(checksum >> 8);
  d[7] = static_cast<std::byte>(checksum & 0xFF);
  d.insert(d.end(), spec.trailer.begin(), spec.trailer.end());
  return d;
}

wire::IpAddress V4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  return wire::IpAddress::V4(std::array<uint8_t, 4>{a, b, c, d});
}

wire::IpAddress V6(std::string_view text) {
  std::array<uint8_t, 16> octets{};
  std::string copy(text);
  if (inet_pton(AF_INET6, copy.c_str(), octets.data()) != 1) std::abort();
  return wire::IpAddress::V6(octets);
}

absl::Status RecordingReceiver::Deliver(udp::IoBuffer data, const udp::TransferMetadata& metadata) {
  received.push_back(
      Datagram{std::vector<std::byte>(data.data().begin(), data.data().end()), metadata});
  return absl::OkStatus();
}

void RecordingReceiver::Close(absl::Status reason) { closes.push_back(std::move(reason)); }

uint32_t FixedRandom::Next() {
  uint32_t value = values_.empty() ? 0 : values_[std::min(next_, values_.size() - 1)];
  ++next_;
  return value;
}

}  // namespace rampart::testing
