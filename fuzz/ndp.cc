// Fuzz target: NDP neighbor solicitations/advertisements and options.
//
// Input: an ICMPv6 message. Oracles: accepted exactly when a plain walk
// of RFC 4861's rules below accepts, with the same error; every accepted
// option walk ends exactly at the message's end; the parsed fields, emitted
// again and parsed again, give the same fields.
#include "wire/ndp.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "harness/fuzz_check.h"
#include "wire/bytes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart::wire;
  using rampart::Reason;
  std::span<const std::byte> message = AsBytes(std::span<const uint8_t>(data, size));
  auto parsed = NdpMessage::Parse(message);

  Reason want = Reason::kNone;
  if (size < 24) {
    want = Reason::kNdpTruncated;
  } else if (data[0] != 135 && data[0] != 136) {
    want = Reason::kNdpNotNeighborMessage;
  } else if (data[1] != 0) {
    want = Reason::kNdpBadCode;
  } else if (data[8] == 0xFF) {
    want = Reason::kNdpMulticastTarget;
  } else {
    size_t at = 24;
    while (want == Reason::kNone && at < size) {
      if (size - at < 2) {
        want = Reason::kNdpOptionExceedsMessage;
      } else if (data[at + 1] == 0) {
        want = Reason::kNdpZeroLengthOption;
      } else if (data[at + 1] * 8u > size - at) {
        want = Reason::kNdpOptionExceedsMessage;
      } else if ((data[at] == 1 || data[at] == 2) && data[at + 1] != 1) {
        want = Reason::kNdpBadLinkLayerOption;
      } else {
        at += data[at + 1] * 8u;
      }
    }
    if (want == Reason::kNone) FUZZ_CHECK(at == size);
  }
  FUZZ_CHECK(parsed.ok() == (want == Reason::kNone));
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.error() == want && ReasonName(want).starts_with("ndp_"));
    return 0;
  }
  const NdpMessage& m = parsed.value();
  std::vector<std::byte> out(m.size());
  FUZZ_CHECK(m.Emit(out));
  auto again = NdpMessage::Parse(out);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->type == m.type && again->target == m.target && again->router == m.router &&
             again->solicited == m.solicited && again->override_flag == m.override_flag &&
             again->source_link_layer == m.source_link_layer &&
             again->target_link_layer == m.target_link_layer);
  return 0;
}
