#include "stack/frames.h"

#include "test_util.h"

namespace rampart::testing {
namespace {

void Put16(std::vector<std::byte>& out, size_t at, uint32_t value) {
  out[at] = static_cast<std::byte>((value >> 8) & 0xFF);
  out[at + 1] = static_cast<std::byte>(value & 0xFF);
}

void Append(std::vector<std::byte>& out, std::span<const std::byte> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

void AppendMac(std::vector<std::byte>& out, const wire::MacAddress& mac) {
  for (uint8_t octet : mac.octets) out.push_back(static_cast<std::byte>(octet));
}

std::vector<std::byte> Icmpv6PseudoHeader(const wire::IpAddress& source,
                                          const wire::IpAddress& destination, size_t length) {
  std::vector<std::byte> pseudo;
  Append(pseudo, source.bytes());
  Append(pseudo, destination.bytes());
  pseudo.resize(pseudo.size() + 8);
  Put16(pseudo, 34, static_cast<uint32_t>(length));
  pseudo[39] = std::byte{58};
  return pseudo;
}

}  // namespace

std::vector<std::byte> EthFrame(const wire::MacAddress& destination, const wire::MacAddress& source,
                                uint16_t type, const std::vector<std::byte>& payload, int vlan) {
  std::vector<std::byte> frame;
  AppendMac(frame, destination);
  AppendMac(frame, source);
  if (vlan >= 0) {
    frame.resize(frame.size() + 4);
    Put16(frame, 12, 0x8100);
    Put16(frame, 14, static_cast<uint32_t>(vlan));
  }
  frame.resize(frame.size() + 2);
  Put16(frame, frame.size() - 2, type);
  Append(frame, payload);
  return frame;
}

std::vector<std::byte> Ipv4Packet(const wire::IpAddress& source, const wire::IpAddress& destination,
                                  uint8_t protocol, const std::vector<std::byte>& payload,
                                  V4Fields fields) {
  std::vector<std::byte> header(20);
  header[0] = std::byte{0x45};
  Put16(header, 2, static_cast<uint32_t>(20 + payload.size()));
  Put16(header, 4, fields.identification);
  Put16(header, 6,
        (fields.reserved_flag ? 0x8000u : 0u) | (fields.more ? 0x2000u : 0u) | (fields.offset / 8));
  header[8] = std::byte{fields.ttl};
  header[9] = std::byte{protocol};
  for (size_t i = 0; i < 4; ++i) {
    header[12 + i] = source.bytes()[i];
    header[16 + i] = destination.bytes()[i];
  }
  uint16_t checksum = ReferenceChecksum({header});
  if (fields.corrupt_checksum) checksum ^= 0x0101;
  Put16(header, 10, checksum);
  Append(header, payload);
  return header;
}

std::vector<std::byte> Ipv6Packet(const wire::IpAddress& source, const wire::IpAddress& destination,
                                  uint8_t next_header, const std::vector<std::byte>& payload,
                                  uint8_t hop_limit) {
  std::vector<std::byte> packet(8);
  packet[0] = std::byte{0x60};
  Put16(packet, 4, static_cast<uint32_t>(payload.size()));
  packet[6] = std::byte{next_header};
  packet[7] = std::byte{hop_limit};
  Append(packet, source.bytes());
  Append(packet, destination.bytes());
  Append(packet, payload);
  return packet;
}

std::vector<std::byte> Ipv6FragmentHeader(uint8_t next_header, uint32_t offset, bool more,
                                          uint32_t identification,
                                          const std::vector<std::byte>& data) {
  std::vector<std::byte> out(8);
  out[0] = std::byte{next_header};
  Put16(out, 2, offset | (more ? 1u : 0u));
  Put16(out, 4, identification >> 16);
  Put16(out, 6, identification & 0xFFFF);
  Append(out, data);
  return out;
}

std::vector<std::byte> EchoRequest(const wire::IpAddress& source,
                                   const wire::IpAddress& destination, uint16_t identifier,
                                   uint16_t sequence, const std::vector<std::byte>& data) {
  const bool v4 = source.family() == wire::IpFamily::kIpv4;
  std::vector<std::byte> message(8);
  message[0] = std::byte{static_cast<uint8_t>(v4 ? 8 : 128)};
  Put16(message, 4, identifier);
  Put16(message, 6, sequence);
  Append(message, data);
  const uint16_t checksum =
      v4 ? ReferenceChecksum({message})
         : ReferenceChecksum({Icmpv6PseudoHeader(source, destination, message.size()), message});
  Put16(message, 2, checksum);
  return message;
}

std::vector<std::byte> ArpBody(uint16_t operation, const wire::MacAddress& sender_mac,
                               const wire::IpAddress& sender_ip, const wire::MacAddress& target_mac,
                               const wire::IpAddress& target_ip) {
  std::vector<std::byte> body(8);
  Put16(body, 0, 1);
  Put16(body, 2, 0x0800);
  body[4] = std::byte{6};
  body[5] = std::byte{4};
  Put16(body, 6, operation);
  AppendMac(body, sender_mac);
  Append(body, sender_ip.bytes());
  AppendMac(body, target_mac);
  Append(body, target_ip.bytes());
  return body;
}

std::vector<std::byte> NeighborSolicitation(const wire::IpAddress& source,
                                            const wire::IpAddress& destination,
                                            const wire::IpAddress& target,
                                            const wire::MacAddress& mac, bool with_option) {
  std::vector<std::byte> message(8);
  message[0] = std::byte{135};
  Append(message, target.bytes());
  if (with_option) {
    message.push_back(std::byte{1});
    message.push_back(std::byte{1});
    AppendMac(message, mac);
  }
  Put16(message, 2,
        ReferenceChecksum({Icmpv6PseudoHeader(source, destination, message.size()), message}));
  return message;
}

}  // namespace rampart::testing
