// Fuzz target: the Ethernet II view (with 802.1Q tags) and MAC addresses.
//
// Input: a frame (destination address onward). Oracles: the view accepts
// exactly what the plain rules below accept, with the same error; the
// payload starts after 14 bytes (18 when tagged) and runs to the end; the
// header (tag included) re-emitted from the view's values equals the
// input's first bytes; a MAC's text form parses back to the same address;
// the payload, dispatched by EtherType to the ARP, IPv4 or IPv6 view as
// the stack will, parses exactly as the same bytes at the payload's
// offset parse on their own (a tag never shifts what the next layer sees).
#include "wire/ethernet.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "harness/fuzz_check.h"
#include "wire/arp.h"
#include "wire/bytes.h"
#include "wire/ipv4.h"
#include "wire/ipv6.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart::wire;
  using rampart::Reason;
  std::span<const std::byte> frame = AsBytes(std::span<const uint8_t>(data, size));
  auto parsed = EthernetView::Create(frame);

  // Plain rules.
  Reason want = Reason::kNone;
  unsigned type = size >= 14 ? (data[12] << 8 | data[13]) : 0;
  bool tagged = type == 0x8100;
  if (size < 14) {
    want = Reason::kEthTruncatedHeader;
  } else if (type < 0x0600) {
    want = Reason::kEthLengthNotType;
  } else if (tagged && size < 18) {
    want = Reason::kEthTruncatedVlanTag;
  } else if (tagged && (data[16] << 8 | data[17]) < 0x0600) {
    want = Reason::kEthLengthNotType;
  }
  FUZZ_CHECK(parsed.ok() == (want == Reason::kNone));
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.error() == want);
    FUZZ_CHECK(ReasonName(parsed.error()).starts_with("eth_"));
    return 0;
  }
  const EthernetView& view = parsed.value();
  FUZZ_CHECK(view.vlan().has_value() == tagged);
  FUZZ_CHECK(view.payload().size() == size - (tagged ? 18 : 14));
  FUZZ_CHECK(view.ether_type() == (tagged ? unsigned(data[16] << 8 | data[17]) : type));
  if (tagged) {
    unsigned tci = data[14] << 8 | data[15];
    FUZZ_CHECK(view.vlan()->id == (tci & 0xFFF) && view.vlan()->priority == (tci >> 13));
  }
  EthernetHeader header{view.destination(), view.source(), view.ether_type(), view.vlan()};
  std::array<std::byte, eth_field::kTaggedHeaderSize> out{};
  std::span<std::byte> emitted = std::span(out).first(header.size());
  FUZZ_CHECK(header.Emit(emitted));
  FUZZ_CHECK(std::equal(emitted.begin(), emitted.end(), frame.begin()));

  std::span<const std::byte> at_offset = frame.subspan(tagged ? 18 : 14);
  switch (view.ether_type()) {
    case ether_type::kArp: {
      auto a = ArpPacket::Parse(view.payload());
      auto b = ArpPacket::Parse(at_offset);
      FUZZ_CHECK(a.ok() == b.ok() && (a.ok() || a.error() == b.error()));
      if (a.ok()) FUZZ_CHECK(a->target_ip == b->target_ip && a->sender_mac == b->sender_mac);
      break;
    }
    case ether_type::kIpv4: {
      auto a = Ipv4View::Create(view.payload());
      auto b = Ipv4View::Create(at_offset);
      FUZZ_CHECK(a.ok() == b.ok() && (a.ok() || a.error() == b.error()));
      if (a.ok())
        FUZZ_CHECK(a->payload().size() == b->payload().size() && a->source() == b->source());
      break;
    }
    case ether_type::kIpv6: {
      auto a = Ipv6View::Create(view.payload());
      auto b = Ipv6View::Create(at_offset);
      FUZZ_CHECK(a.ok() == b.ok() && (a.ok() || a.error() == b.error()));
      if (a.ok()) {
        auto ca = WalkIpv6Chain(a->next_header(), a->payload());
        auto cb = WalkIpv6Chain(b->next_header(), b->payload());
        FUZZ_CHECK(ca.ok() == cb.ok() && (!ca.ok() || ca->offset == cb->offset));
      }
      break;
    }
    default:
      break;
  }
  // Refusals: a tag id over 12 bits, a span of the wrong size.
  EthernetHeader bad = header;
  bad.vlan = VlanTag{0, false, 0x1000};
  FUZZ_CHECK(!bad.Emit(std::span(out).first(eth_field::kTaggedHeaderSize)));
  FUZZ_CHECK(!header.Emit(std::span(out).first(header.size() - 1)));
  for (const MacAddress& mac : {view.destination(), view.source()}) {
    FUZZ_CHECK(MacAddress::Parse(mac.ToString()) == mac);
    std::string shouted = mac.ToString();
    for (char& c : shouted)
      c = c == ':' ? '-' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    FUZZ_CHECK(MacAddress::Parse(shouted) == mac);
    FUZZ_CHECK(!MacAddress::Parse(shouted.substr(1)).has_value());
    FUZZ_CHECK(mac.is_broadcast() == (mac == MacAddress::Broadcast()));
  }
  return 0;
}
