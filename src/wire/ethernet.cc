#include "wire/ethernet.h"

#include <algorithm>
#include <array>

#include "absl/strings/str_format.h"
#include "wire/bytes.h"

namespace rampart::wire {

MacAddress MacAddress::Broadcast() {
  MacAddress mac;
  mac.octets.fill(0xFF);
  return mac;
}

std::optional<MacAddress> MacAddress::FromBytes(std::span<const std::byte> bytes) {
  std::optional<MacAddress> result;
  if (bytes.size() == eth_field::kAddressSize) {
    MacAddress mac;
    for (size_t i = 0; i < mac.octets.size(); ++i)
      mac.octets[i] = std::to_integer<uint8_t>(bytes[i]);
    result = mac;
  }
  return result;
}

std::optional<MacAddress> MacAddress::Parse(std::string_view text) {
  std::optional<MacAddress> result;
  bool ok = text.size() == 17;
  MacAddress mac;
  for (size_t i = 0; ok && i < mac.octets.size(); ++i) {
    unsigned value = 0;
    for (size_t k = 0; ok && k < 2; ++k) {
      char c = text[3 * i + k];
      unsigned digit = c >= '0' && c <= '9'   ? static_cast<unsigned>(c - '0')
                       : c >= 'a' && c <= 'f' ? static_cast<unsigned>(c - 'a' + 10)
                       : c >= 'A' && c <= 'F' ? static_cast<unsigned>(c - 'A' + 10)
                                              : 16u;
      ok = digit < 16;
      value = value * 16 + digit;
    }
    ok = ok && (i == 5 || text[3 * i + 2] == ':' || text[3 * i + 2] == '-');
    mac.octets[i] = static_cast<uint8_t>(value);
  }
  if (ok) result = mac;
  return result;
}

bool MacAddress::is_broadcast() const {
  return std::ranges::all_of(octets, [](uint8_t o) { return o == 0xFF; });
}

std::string MacAddress::ToString() const {
  return absl::StrFormat("%02x:%02x:%02x:%02x:%02x:%02x", octets[0], octets[1], octets[2],
                         octets[3], octets[4], octets[5]);
}

void MacAddress::Emit(std::span<std::byte, eth_field::kAddressSize> out) const {
  for (size_t i = 0; i < octets.size(); ++i) out[i] = static_cast<std::byte>(octets[i]);
}

Parsed<EthernetView> EthernetView::Create(std::span<const std::byte> frame) {
  using Result = Parsed<EthernetView>;
  if (frame.size() < eth_field::kHeaderSize) return Result::Fail(Reason::kEthTruncatedHeader);
  const uint16_t type = LoadBe16(frame, eth_field::kEtherType);
  const bool tagged = type == ether_type::kVlan;
  // (A tagged frame's outer type is 0x8100, never below kMinType, so
  // checking the tag's room first keeps the rules' order.)
  if (tagged && frame.size() < eth_field::kTaggedHeaderSize) {
    return Result::Fail(Reason::kEthTruncatedVlanTag);
  }
  if (type < ether_type::kMinType ||
      (tagged && LoadBe16(frame, eth_field::kInnerEtherType) < ether_type::kMinType)) {
    return Result::Fail(Reason::kEthLengthNotType);
  }
  return Result::Ok(EthernetView(frame, tagged));
}

MacAddress EthernetView::destination() const {
  return MacAddress::From(frame_.subspan<eth_field::kDestination, eth_field::kAddressSize>());
}

MacAddress EthernetView::source() const {
  return MacAddress::From(frame_.subspan<eth_field::kSource, eth_field::kAddressSize>());
}

uint16_t EthernetView::ether_type() const {
  return LoadBe16(frame_, tagged_ ? eth_field::kInnerEtherType : eth_field::kEtherType);
}

std::optional<VlanTag> EthernetView::vlan() const {
  std::optional<VlanTag> tag;
  if (tagged_) {
    uint16_t tci = LoadBe16(frame_, eth_field::kTagControl);
    tag = VlanTag{static_cast<uint8_t>(tci >> 13), (tci & 0x1000u) != 0,
                  static_cast<uint16_t>(tci & 0x0FFFu)};
  }
  return tag;
}

std::span<const std::byte> EthernetView::payload() const {
  return frame_.subspan(tagged_ ? eth_field::kTaggedHeaderSize : eth_field::kHeaderSize);
}

size_t EthernetHeader::size() const {
  return vlan.has_value() ? eth_field::kTaggedHeaderSize : eth_field::kHeaderSize;
}

bool EthernetHeader::Emit(std::span<std::byte> out) const {
  bool ok =
      out.size() == size() && (!vlan.has_value() || (vlan->priority < 8 && vlan->id < 0x1000));
  if (ok) {
    destination.Emit(out.subspan<eth_field::kDestination, eth_field::kAddressSize>());
    source.Emit(out.subspan<eth_field::kSource, eth_field::kAddressSize>());
    if (vlan.has_value()) {
      StoreBe16(out, eth_field::kEtherType, ether_type::kVlan);
      StoreBe16(out, eth_field::kTagControl,
                static_cast<uint16_t>((static_cast<unsigned>(vlan->priority) << 13) |
                                      (vlan->drop_eligible ? 0x1000u : 0u) | vlan->id));
      StoreBe16(out, eth_field::kInnerEtherType, ether_type);
    } else {
      StoreBe16(out, eth_field::kEtherType, ether_type);
    }
  }
  return ok;
}

}  // namespace rampart::wire
