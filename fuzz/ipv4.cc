// Fuzz target: the IPv4 header view and emitter.
//
// Input: a packet (version field onward). Oracles: the view accepts exactly
// what the plain RFC 791 rules below accept, with the same error; its
// payload is [IHL*4, total length) and always inside the input; the
// checksum verdict equals a plain sum; a header without options, re-emitted
// from the view's values, equals the input's first 20 bytes whenever the
// input's checksum was right (and verifies always).
#include "wire/ipv4.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "harness/fuzz_check.h"
#include "harness/reference_sum.h"
#include "wire/bytes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart::wire;
  using rampart::Reason;
  std::span<const std::byte> packet = AsBytes(std::span<const uint8_t>(data, size));
  auto parsed = Ipv4View::Create(packet);

  Reason want = Reason::kNone;
  size_t ihl = size >= 1 ? (data[0] & 0x0F) * 4u : 0;
  size_t total = size >= 4 ? (size_t{data[2]} << 8 | data[3]) : 0;
  if (size < 20) {
    want = Reason::kIpv4TruncatedHeader;
  } else if ((data[0] >> 4) != 4) {
    want = Reason::kIpv4BadVersion;
  } else if (ihl < 20) {
    want = Reason::kIpv4HeaderLengthBelowMinimum;
  } else if (ihl > size) {
    want = Reason::kIpv4HeaderExceedsPacket;
  } else if (total < ihl) {
    want = Reason::kIpv4TotalLengthBelowHeader;
  } else if (total > size) {
    want = Reason::kIpv4TotalLengthExceedsPacket;
  }
  FUZZ_CHECK(parsed.ok() == (want == Reason::kNone));
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.error() == want);
    FUZZ_CHECK(ReasonName(parsed.error()).starts_with("ipv4_"));
    return 0;
  }
  const Ipv4View& v = parsed.value();
  FUZZ_CHECK(v.header_length() == ihl && v.total_length() == total);
  FUZZ_CHECK(v.payload().size() == total - ihl);
  FUZZ_CHECK(
      std::equal(v.payload().begin(), v.payload().end(), packet.begin() + static_cast<long>(ihl)));
  FUZZ_CHECK(v.options().size() == ihl - 20);
  FUZZ_CHECK(v.header_checksum_ok() ==
             (rampart::fuzz::ReferenceFold(std::span<const uint8_t>(data, ihl)) == 0xFFFF));
  FUZZ_CHECK(v.fragment_offset() == (size_t{data[6] & 0x1Fu} << 8 | data[7]) * 8);
  FUZZ_CHECK(v.more_fragments() == ((data[6] & 0x20) != 0));
  FUZZ_CHECK(v.dont_fragment() == ((data[6] & 0x40) != 0));
  FUZZ_CHECK(v.reserved_flag() == ((data[6] & 0x80) != 0));

  Ipv4Header h{static_cast<uint8_t>(v.dscp() << 2 | v.ecn()),
               v.total_length(),
               v.identification(),
               v.dont_fragment(),
               v.more_fragments(),
               v.fragment_offset(),
               v.ttl(),
               v.protocol(),
               v.source(),
               v.destination()};
  std::array<std::byte, ipv4_field::kMinHeaderSize> out{};
  // Every IPv4 view's values are emittable (offset is a multiple of 8);
  // an offset that is not, or an IPv6 address, is refused.
  FUZZ_CHECK(h.Emit(out));
  Ipv4Header bad = h;
  bad.fragment_offset += 4;
  FUZZ_CHECK(!bad.Emit(out));
  bad = h;
  bad.destination = IpAddress::Unspecified(IpFamily::kIpv6);
  FUZZ_CHECK(!bad.Emit(out));
  FUZZ_CHECK(h.Emit(out));
  {
    auto again = Ipv4View::Create(std::span<const std::byte>(out).first(20));
    FUZZ_CHECK(again.ok() || again.error() == Reason::kIpv4TotalLengthExceedsPacket);
    FUZZ_CHECK(rampart::fuzz::ReferenceFold(std::span<const std::byte>(out)) == 0xFFFF);
    if (ihl == 20 && v.header_checksum_ok() && !v.reserved_flag()) {
      // Same header bytes (a checksum of 0x0000 and 0xFFFF are the same sum:
      // compare everything but the checksum, then the sums).
      FUZZ_CHECK(std::equal(out.begin(), out.begin() + 10, packet.begin()));
      FUZZ_CHECK(std::equal(out.begin() + 12, out.end(), packet.begin() + 12));
    }
  }
  return 0;
}
