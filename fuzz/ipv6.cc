// Fuzz target: the IPv6 header view and emitter, and the extension-header
// chain walker (including the fragment header).
//
// Input: a packet (version field onward). Oracles: the view accepts
// exactly what the plain rules below accept, with the same error; its
// payload is [40, 40 + payload length); a header re-emitted from the
// view's values equals the input's first 40 bytes; the chain walk agrees
// with a plain reference walk written here (protocol, offset, fragment
// fields, count, error), always ends inside the payload, and a fragment
// header re-emitted from its fields equals the input's bytes.
#include "wire/ipv6.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "harness/fuzz_check.h"
#include "wire/bytes.h"

namespace {

using namespace rampart::wire;
using rampart::Reason;

struct RefChain {
  Reason error = Reason::kNone;
  unsigned protocol = 0;
  size_t offset = 0;
  size_t count = 0;
  bool fragment = false;
};

RefChain ReferenceWalk(unsigned next, const uint8_t* p, size_t n) {
  RefChain r;
  r.protocol = next;
  for (;;) {
    unsigned h = r.protocol;
    bool ext = h == 0 || h == 43 || h == 60 || h == 51 || h == 135 || h == 139 || h == 140;
    if (h == 44) {
      if (r.count >= 8) {
        r.error = Reason::kIpv6TooManyExtensions;
        return r;
      }
      if (n - r.offset < 8) {
        r.error = Reason::kIpv6TruncatedExtension;
        return r;
      }
      r.protocol = p[r.offset];
      r.offset += 8;
      r.count++;
      r.fragment = true;
      return r;
    }
    if (!ext) return r;
    if (h == 0 && r.count != 0) {
      r.error = Reason::kIpv6HopByHopNotFirst;
      return r;
    }
    if (r.count >= 8) {
      r.error = Reason::kIpv6TooManyExtensions;
      return r;
    }
    if (n - r.offset < 8) {
      r.error = Reason::kIpv6TruncatedExtension;
      return r;
    }
    size_t len = h == 51 ? (p[r.offset + 1] + 2u) * 4 : (p[r.offset + 1] + 1u) * 8;
    if (len > n - r.offset) {
      r.error = Reason::kIpv6TruncatedExtension;
      return r;
    }
    r.protocol = p[r.offset];
    r.offset += len;
    r.count++;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const std::byte> packet = AsBytes(std::span<const uint8_t>(data, size));
  auto parsed = Ipv6View::Create(packet);
  Reason want = Reason::kNone;
  size_t payload = size >= 6 ? (size_t{data[4]} << 8 | data[5]) : 0;
  if (size < 40) {
    want = Reason::kIpv6TruncatedHeader;
  } else if ((data[0] >> 4) != 6) {
    want = Reason::kIpv6BadVersion;
  } else if (40 + payload > size) {
    want = Reason::kIpv6PayloadLengthExceedsPacket;
  }
  FUZZ_CHECK(parsed.ok() == (want == Reason::kNone));
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.error() == want);
    FUZZ_CHECK(ReasonName(parsed.error()).starts_with("ipv6_"));
    return 0;
  }
  const Ipv6View& v = parsed.value();
  FUZZ_CHECK(v.payload().size() == payload);
  Ipv6Header h{v.traffic_class(), v.flow_label(), v.payload_length(), v.next_header(),
               v.hop_limit(),     v.source(),     v.destination()};
  std::array<std::byte, ipv6_field::kHeaderSize> out{};
  Ipv6Header bad = h;
  bad.flow_label |= 0x100000;  // 21 bits
  FUZZ_CHECK(!bad.Emit(out));
  bad = h;
  bad.source = IpAddress::V4(0u);
  FUZZ_CHECK(!bad.Emit(out));
  FUZZ_CHECK(h.Emit(out));
  FUZZ_CHECK(std::equal(out.begin(), out.end(), packet.begin()));

  auto chain = WalkIpv6Chain(v.next_header(), v.payload());
  RefChain ref = ReferenceWalk(v.next_header(), data + 40, payload);  // NOLINT
  FUZZ_CHECK(chain.ok() == (ref.error == Reason::kNone));
  if (!chain.ok()) {
    FUZZ_CHECK(chain.error() == ref.error);
    FUZZ_CHECK(ReasonName(chain.error()).starts_with("ipv6_"));
    return 0;
  }
  FUZZ_CHECK(chain->protocol == ref.protocol && chain->offset == ref.offset);
  FUZZ_CHECK(chain->extensions == ref.count && chain->fragment.has_value() == ref.fragment);
  FUZZ_CHECK(chain->offset <= payload && chain->extensions <= ipv6_field::kMaxExtensionHeaders);
  if (chain->fragment.has_value()) {
    std::array<std::byte, 8> fragment{};
    chain->fragment->Emit(fragment);
    std::span<const std::byte> original = v.payload().subspan(chain->offset - 8, 8);
    // The reserved byte and the two reserved bits are not kept.
    FUZZ_CHECK(fragment[0] == original[0]);
    FUZZ_CHECK(LoadBe16(fragment, 2) == (LoadBe16(original, 2) & 0xFFF9u));
    FUZZ_CHECK(LoadBe32(fragment, 4) == LoadBe32(original, 4));
  }
  return 0;
}
