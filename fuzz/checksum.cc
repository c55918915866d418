// Fuzz target: the Internet checksum and its incremental continuation.
//
// Input: bytes 0-1 and 2-3 choose two split points; byte 4 the family
// (bit 0) for the UDP checksum check, then source and destination
// addresses (4 or 16 bytes each); the rest is the data.
// Oracles: the accumulator fed in three pieces (split at odd or even
// positions) equals InternetChecksum() of the whole and a plain reference
// loop here; appending the checksum makes the data sum to zero (for even
// lengths); AddWord equals adding the word's two bytes; the UDP header
// view of the first 8 bytes re-emits to the same bytes; FillUdpChecksum
// makes the data (as a datagram) verify against a plain pseudo-header sum
// over exactly its length field's bytes, and UdpChecksum agrees with it.
#include "wire/checksum.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "harness/byte_reader.h"
#include "harness/fuzz_check.h"
#include "harness/reference_sum.h"
#include "wire/bytes.h"
#include "wire/ip_address.h"
#include "wire/udp.h"
#include "wire/udp_checksum.h"

namespace {

/// The plain reference checksum: the complement of the harness's sum.
uint16_t Reference(std::span<const std::byte> data) {
  return static_cast<uint16_t>(~rampart::fuzz::ReferenceFold(data));
}

/// FillUdpChecksum and UdpChecksum against a plain sum written here.
void CheckUdpChecksum(std::span<const std::byte> data, bool v6, const std::array<uint8_t, 16>& s,
                      const std::array<uint8_t, 16>& d) {
  using namespace rampart;
  auto address = [v6](const std::array<uint8_t, 16>& b) {
    return v6 ? wire::IpAddress::V6(b)
              : wire::IpAddress::V4(std::array<uint8_t, 4>{b[0], b[1], b[2], b[3]});
  };
  std::vector<std::byte> datagram(data.begin(), data.end());
  bool filled = wire::FillUdpChecksum(datagram, address(s), address(d));
  FUZZ_CHECK(filled == (datagram.size() >= 8));
  if (!filled) return;
  // Everything outside the checksum field is untouched.
  for (size_t i = 0; i < datagram.size(); ++i) {
    if (i != 6 && i != 7) FUZZ_CHECK(datagram[i] == data[i]);
  }
  size_t length = wire::LoadBe16(datagram, 4);
  size_t covered = std::max<size_t>(8, std::min(length, datagram.size()));
  std::vector<std::byte> summed;
  auto push = [&summed](unsigned v) { summed.push_back(static_cast<std::byte>(v)); };
  for (size_t i = 0; i < (v6 ? 16u : 4u); ++i) push(s[i]);
  for (size_t i = 0; i < (v6 ? 16u : 4u); ++i) push(d[i]);
  if (v6) {
    for (unsigned v : {0u, 0u, unsigned(length >> 8), unsigned(length & 0xFF), 0u, 0u, 0u, 17u})
      push(v);
  } else {
    for (unsigned v : {0u, 17u, unsigned(length >> 8), unsigned(length & 0xFF)}) push(v);
  }
  summed.insert(summed.end(), datagram.begin(), datagram.begin() + static_cast<long>(covered));
  FUZZ_CHECK(Reference(summed) == 0);
  FUZZ_CHECK(wire::LoadBe16(datagram, 6) != 0);
  if (length == datagram.size()) {
    std::vector<std::byte> zeroed = datagram;
    wire::StoreBe16(zeroed, 6, 0);
    FUZZ_CHECK(wire::UdpChecksum(address(s), address(d), zeroed) == wire::LoadBe16(datagram, 6));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* raw, size_t size) {
  using namespace rampart;
  std::span<const std::byte> input = wire::AsBytes(std::span<const uint8_t>(raw, size));
  fuzz::ByteReader in(input);
  size_t a = in.U16();
  size_t b = in.U16();
  bool v6 = (in.Byte() & 1) != 0;
  std::array<uint8_t, 16> src{};
  std::array<uint8_t, 16> dst{};
  in.Fill(std::span(src).first(v6 ? 16 : 4));
  in.Fill(std::span(dst).first(v6 ? 16 : 4));
  std::span<const std::byte> data = in.Rest();
  a = data.empty() ? 0 : a % (data.size() + 1);
  b = a + (data.size() - a == 0 ? 0 : b % (data.size() - a + 1));

  uint16_t whole = wire::InternetChecksum(data);
  FUZZ_CHECK(whole == Reference(data));
  wire::ChecksumAccumulator acc;
  acc.Add(data.first(a));
  acc.Add(data.subspan(a, b - a));
  acc.Add(data.subspan(b));
  FUZZ_CHECK(acc.Checksum() == whole);
  FUZZ_CHECK(acc.length() == data.size());

  if (data.size() >= 2) {
    wire::ChecksumAccumulator by_word;
    wire::ChecksumAccumulator by_bytes;
    by_word.Add(data.first(a % 2));
    by_bytes.Add(data.first(a % 2));
    by_word.AddWord(wire::LoadBe16(data, data.size() - 2));
    by_bytes.Add(data.last(2));
    FUZZ_CHECK(by_word.Checksum() == by_bytes.Checksum());
    FUZZ_CHECK(by_word.length() == by_bytes.length());
  }
  // The UDP view against its rules written plainly (RFC 768, RFC 2675).
  const wire::IpFamily family = v6 ? wire::IpFamily::kIpv6 : wire::IpFamily::kIpv4;
  const auto view = wire::UdpView::Create(data, family);
  const size_t field =
      data.size() >= 8 ? (std::to_integer<size_t>(data[4]) << 8) | std::to_integer<size_t>(data[5])
                       : 0;
  Reason want = Reason::kNone;
  if (data.size() < 8) {
    want = Reason::kUdpTruncatedHeader;
  } else if (field == 0 && v6) {
    want = Reason::kUdpIpv6Jumbogram;
  } else if (field < 8) {
    want = Reason::kUdpLengthBelowHeader;
  } else if (field > data.size()) {
    want = Reason::kUdpLengthExceedsPacket;
  }
  FUZZ_CHECK(view.error() == want);
  FUZZ_CHECK(view.ok() == (want == Reason::kNone));
  if (view.ok()) {
    FUZZ_CHECK(view->length() == field && view->datagram().size() == field);
    FUZZ_CHECK(view->payload().size() == field - 8);
    std::array<std::byte, 8> out{};
    wire::UdpHeader::FromView(view.value()).Emit(out);
    FUZZ_CHECK(std::ranges::equal(out, data.first(8)));
  }

  CheckUdpChecksum(data, v6, src, dst);

  if (data.size() % 2 == 0) {
    std::vector<std::byte> with(data.begin(), data.end());
    with.push_back(static_cast<std::byte>(whole >> 8));
    with.push_back(static_cast<std::byte>(whole & 0xFF));
    FUZZ_CHECK(Reference(with) == 0);
    FUZZ_CHECK(wire::InternetChecksum(with) == Reference(with));
  }
  return 0;
}
