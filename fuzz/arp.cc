// Fuzz target: the ARP (Ethernet/IPv4) parser and emitter.
//
// Input: an ARP packet. Oracles: accepted exactly when the plain RFC 826
// rules below accept, with the same error; the fields re-emitted equal
// the input's first 28 bytes.
#include "wire/arp.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "harness/fuzz_check.h"
#include "wire/bytes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart::wire;
  using rampart::Reason;
  std::span<const std::byte> bytes = AsBytes(std::span<const uint8_t>(data, size));
  auto parsed = ArpPacket::Parse(bytes);
  Reason want = Reason::kNone;
  if (size < 28) {
    want = Reason::kArpTruncated;
  } else if (data[0] != 0 || data[1] != 1 || data[2] != 8 || data[3] != 0 || data[4] != 6 ||
             data[5] != 4) {
    want = Reason::kArpUnsupportedFormat;
  } else if (data[6] != 0 || (data[7] != 1 && data[7] != 2)) {
    want = Reason::kArpUnknownOperation;
  }
  FUZZ_CHECK(parsed.ok() == (want == Reason::kNone));
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.error() == want && ReasonName(want).starts_with("arp_"));
    return 0;
  }
  std::array<std::byte, arp_field::kSize> out{};
  ArpPacket bad = parsed.value();
  bad.target_ip = IpAddress::Unspecified(IpFamily::kIpv6);
  FUZZ_CHECK(!bad.Emit(out));
  FUZZ_CHECK(parsed->Emit(out));
  FUZZ_CHECK(std::equal(out.begin(), out.end(), bytes.begin()));
  return 0;
}
