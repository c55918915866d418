// Fuzz target: the ICMP/ICMPv6 view, checksums, and quoted packets.
//
// Input: byte 0 bit 0 chooses IPv6, bit 1 fixes the checksum first; then
// source and destination addresses (4 or 16 bytes each); the rest is the
// message. Oracles: the view exists exactly for 8+ bytes; the checksum
// verdict equals a plain sum (with the IPv6 pseudo-header for ICMPv6);
// after FillIcmpChecksum it always verifies; a quoted packet is read only
// when its IP header and 8 more bytes are held, and its fields equal a
// plain read of those bytes.
#include "wire/icmp.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "harness/byte_reader.h"
#include "harness/fuzz_check.h"
#include "harness/reference_sum.h"
#include "wire/bytes.h"

namespace {

using namespace rampart::wire;
using rampart::Reason;

bool PlainChecksumOk(const std::vector<uint8_t>& pseudo, std::span<const std::byte> m) {
  std::vector<uint8_t> all = pseudo;
  for (std::byte b : m) all.push_back(std::to_integer<uint8_t>(b));
  return rampart::fuzz::ReferenceFold(all) == 0xFFFF;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rampart::fuzz::ByteReader in(AsBytes(std::span<const uint8_t>(data, size)));
  uint8_t flags = in.Byte();
  bool v6 = (flags & 1) != 0;
  std::array<uint8_t, 16> s{};
  std::array<uint8_t, 16> d{};
  in.Fill(std::span(s).first(v6 ? 16 : 4));
  in.Fill(std::span(d).first(v6 ? 16 : 4));
  auto address = [v6](const std::array<uint8_t, 16>& b) {
    return v6 ? IpAddress::V6(b) : IpAddress::V4(std::array<uint8_t, 4>{b[0], b[1], b[2], b[3]});
  };
  std::vector<std::byte> message(in.Rest().begin(), in.Rest().end());
  if (flags & 2) {
    FUZZ_CHECK(FillIcmpChecksum(message, address(s), address(d)) == (message.size() >= 8));
  }
  auto view = IcmpView::Create(message);
  FUZZ_CHECK(view.ok() == (message.size() >= 8));
  if (!view.ok()) {
    FUZZ_CHECK(view.error() == Reason::kIcmpTruncated);
    return 0;
  }
  std::vector<uint8_t> pseudo;
  if (v6) {
    pseudo.insert(pseudo.end(), s.begin(), s.end());
    pseudo.insert(pseudo.end(), d.begin(), d.end());
    size_t n = message.size();
    pseudo.insert(pseudo.end(),
                  {uint8_t(n >> 24), uint8_t(n >> 16), uint8_t(n >> 8), uint8_t(n), 0, 0, 0, 58});
  }
  bool ok = view->ChecksumOk(address(s), address(d));
  FUZZ_CHECK(ok == PlainChecksumOk(pseudo, message));
  if (flags & 2) FUZZ_CHECK(ok);
  FUZZ_CHECK(view->body().size() == message.size() - 8);

  std::span<const std::byte> body = view->body();
  auto quoted = ParseQuotedPacket(v6 ? IpFamily::kIpv6 : IpFamily::kIpv4, body);
  size_t header = v6 ? 40 : (body.empty() ? 0 : (std::to_integer<size_t>(body[0]) & 0x0F) * 4);
  unsigned version = body.empty() ? 0 : std::to_integer<unsigned>(body[0]) >> 4;
  bool readable = body.size() >= (v6 ? 48u : 20u) && version == (v6 ? 6u : 4u) &&
                  header >= (v6 ? 40u : 20u) && body.size() >= header + 8;
  FUZZ_CHECK(quoted.ok() == readable);
  if (quoted.ok()) {
    FUZZ_CHECK(quoted->upper.size() == 8);
    FUZZ_CHECK(std::equal(quoted->upper.begin(), quoted->upper.end(),
                          body.begin() + static_cast<long>(header)));
    FUZZ_CHECK(quoted->protocol == std::to_integer<uint8_t>(body[v6 ? 6 : 9]));
    FUZZ_CHECK(std::equal(quoted->source.bytes().begin(), quoted->source.bytes().end(),
                          body.begin() + (v6 ? 8 : 12)));
  } else {
    FUZZ_CHECK(ReasonName(quoted.error()).starts_with("icmp_quoted_"));
  }
  return 0;
}
