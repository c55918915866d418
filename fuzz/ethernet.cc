// Fuzz target: the Ethernet II view (with 802.1Q tags) and MAC addresses.
//
// Input: a frame (destination address onward). Oracles: the view accepts
// exactly what the plain rules below accept, with the same error; the
// payload starts after 14 bytes (18 when tagged) and runs to the end; an
// untagged header re-emitted from the view's values equals the input's
// first 14 bytes; a MAC's text form parses back to the same address.
#include <cstddef>
#include <cstdint>
#include <span>

#include "harness/fuzz_check.h"
#include "wire/bytes.h"
#include "wire/ethernet.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart::wire;
  std::span<const std::byte> frame = AsBytes(std::span<const uint8_t>(data, size));
  auto parsed = EthernetView::Create(frame);

  // Plain rules.
  EthernetError want = EthernetError::kNone;
  unsigned type = size >= 14 ? (data[12] << 8 | data[13]) : 0;
  bool tagged = type == 0x8100;
  if (size < 14) {
    want = EthernetError::kTruncatedHeader;
  } else if (type < 0x0600) {
    want = EthernetError::kLengthNotType;
  } else if (tagged && size < 18) {
    want = EthernetError::kTruncatedVlanTag;
  } else if (tagged && (data[16] << 8 | data[17]) < 0x0600) {
    want = EthernetError::kLengthNotType;
  }
  FUZZ_CHECK(parsed.ok() == (want == EthernetError::kNone));
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.error() == want);
    FUZZ_CHECK(EthernetErrorName(parsed.error()).starts_with("eth_"));
    return 0;
  }
  const EthernetView& view = parsed.value();
  FUZZ_CHECK(view.vlan().has_value() == tagged);
  FUZZ_CHECK(view.payload().size() == size - (tagged ? 18 : 14));
  FUZZ_CHECK(view.ether_type() == (tagged ? unsigned(data[16] << 8 | data[17]) : type));
  if (tagged) {
    unsigned tci = data[14] << 8 | data[15];
    FUZZ_CHECK(view.vlan()->id == (tci & 0xFFF) && view.vlan()->priority == (tci >> 13));
  } else {
    std::array<std::byte, eth_field::kHeaderSize> out{};
    EthernetHeader{view.destination(), view.source(), view.ether_type()}.Emit(out);
    FUZZ_CHECK(std::equal(out.begin(), out.end(), frame.begin()));
  }
  for (const MacAddress& mac : {view.destination(), view.source()}) {
    FUZZ_CHECK(MacAddress::Parse(mac.ToString()) == mac);
    FUZZ_CHECK(mac.is_broadcast() == (mac == MacAddress::Broadcast()));
  }
  return 0;
}
