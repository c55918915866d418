// Fuzz target: the IPv6 options walk (Hop-by-Hop and Destination Options
// headers, RFC 8200 4.2; RFC 2675; RFC 2711).
//
// Input: byte 0 is the context (bit 0 Hop-by-Hop, bit 1 payload length 0,
// bit 2 multicast destination); the rest is the header, walked as it is.
// Oracle: a plain reference walk written here from the RFC text, byte by
// byte over an index, must give the same reason, the same option offset
// and the same report decision; the walk reads nothing past the header
// (ASan) and is deterministic.
#include "wire/ipv6_options.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "harness/fuzz_check.h"
#include "wire/bytes.h"

namespace {

using rampart::Reason;
using rampart::wire::Ipv6OptionsContext;
using rampart::wire::Ipv6OptionsVerdict;

/// RFC 8200 4.2 as a plain loop.
Ipv6OptionsVerdict Reference(const std::vector<uint8_t>& h, bool hbh, bool zero, bool multicast) {
  size_t i = 2;
  while (i < h.size()) {
    const uint8_t type = h[i];
    if (type == 0) {  // Pad1
      i += 1;
      continue;
    }
    if (i + 1 >= h.size()) return {Reason::kIpv6OptionOverrun, i, false};
    const size_t len = h[i + 1];
    if (i + 2 + len > h.size()) return {Reason::kIpv6OptionOverrun, i, false};
    if (type == 1) {         // PadN
    } else if (type == 5) {  // Router Alert
      if (len != 2) return {Reason::kIpv6OptionMalformed, i, false};
    } else if (type == 0xC2) {  // Jumbo Payload
      uint32_t value = 0;
      if (len == 4) {
        value = uint32_t{h[i + 2]} << 24 | uint32_t{h[i + 3]} << 16 | uint32_t{h[i + 4]} << 8 |
                h[i + 5];
      }
      if (!hbh || len != 4 || !zero || value < 65536) return {Reason::kIpv6JumboBad, i, false};
      return {Reason::kIpv6JumboUnsupported, i, false};
    } else {
      const int action = type >> 6;
      if (action == 1) return {Reason::kIpv6OptionUnknownDiscard, i, false};
      if (action == 2) return {Reason::kIpv6OptionUnknownReport, i, true};
      if (action == 3) return {Reason::kIpv6OptionUnknownReport, i, !multicast};
    }
    i += 2 + len;
  }
  return {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::span<const uint8_t> input(data, size);
  const uint8_t flags = input[0];
  const std::span<const uint8_t> header_plain = input.subspan(1);
  const std::vector<uint8_t> copy(header_plain.begin(), header_plain.end());
  const Ipv6OptionsContext context{(flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0};
  const Ipv6OptionsVerdict got =
      rampart::wire::WalkIpv6Options(rampart::wire::AsBytes(header_plain), context);
  const Ipv6OptionsVerdict want = Reference(copy, context.hop_by_hop, context.payload_length_zero,
                                            context.multicast_destination);
  FUZZ_CHECK(got.reason == want.reason);
  if (want.reason != Reason::kNone) {
    FUZZ_CHECK(got.offset == want.offset);
    FUZZ_CHECK(got.report == want.report);
    FUZZ_CHECK(got.offset >= 2 && got.offset < copy.size());
    FUZZ_CHECK(!got.report || got.reason == Reason::kIpv6OptionUnknownReport);
  }
  const Ipv6OptionsVerdict again =
      rampart::wire::WalkIpv6Options(rampart::wire::AsBytes(header_plain), context);
  FUZZ_CHECK(again.reason == got.reason && again.offset == got.offset);
  return 0;
}
