// Fuzz target: the Internet checksum and its incremental continuation.
//
// Input: byte 0 and 1 choose two split points; the rest is the data.
// Oracles: the accumulator fed in three pieces (split at odd or even
// positions) equals InternetChecksum() of the whole and a plain reference
// loop here; appending the checksum makes the data sum to zero (for even
// lengths); AddWord equals adding the word's two bytes; the UDP header
// view of the first 8 bytes re-emits to the same bytes.
#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <cstdint>
#include <span>
#include <vector>

#include "harness/byte_reader.h"
#include "harness/fuzz_check.h"
#include "wire/bytes.h"
#include "wire/checksum.h"
#include "wire/udp.h"

namespace {

uint16_t Reference(std::span<const std::byte> data) {
  uint32_t sum = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    uint32_t byte = std::to_integer<uint32_t>(data[i]);
    sum += (i % 2 == 0) ? byte << 8 : byte;
    sum = (sum & 0xFFFF) + (sum >> 16);
  }
  return static_cast<uint16_t>(~sum & 0xFFFF);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* raw, size_t size) {
  using namespace rampart;
  std::span<const std::byte> input = wire::AsBytes(std::span<const uint8_t>(raw, size));
  fuzz::ByteReader in(input);
  size_t a = in.U16();
  size_t b = in.U16();
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
  std::optional<wire::UdpHeaderView> view = wire::UdpHeaderView::Create(data);
  FUZZ_CHECK(view.has_value() == (data.size() >= 8));
  if (view.has_value()) {
    std::array<std::byte, 8> out{};
    wire::UdpHeader::FromView(*view).Emit(out);
    FUZZ_CHECK(std::ranges::equal(out, data.first(8)));
  }

  if (data.size() % 2 == 0) {
    std::vector<std::byte> with(data.begin(), data.end());
    with.push_back(static_cast<std::byte>(whole >> 8));
    with.push_back(static_cast<std::byte>(whole & 0xFF));
    FUZZ_CHECK(Reference(with) == 0);
    FUZZ_CHECK(wire::InternetChecksum(with) == Reference(with));
  }
  return 0;
}
