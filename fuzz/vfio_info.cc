// Fuzz target: ParseIovaRanges, the reader of the capability chain the
// kernel returns for VFIO_IOMMU_GET_INFO.
//
// Input: the info block's bytes. Oracle: a plain reading of the same
// layout (little-endian fields: flags at 4, cap_offset at 16; capability
// headers id/version/next; the IOVA range capability's count at +8 and
// 16-byte ranges from +16) gives the same ranges, or fails exactly when
// the parser does; every accepted range has first <= last.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "harness/fuzz_check.h"
#include "netdev/vfio/vfio.h"
#include "wire/bytes.h"

namespace {

std::optional<uint64_t> Le(std::span<const uint8_t> b, size_t at, size_t width) {
  if (at > b.size() || width > b.size() - at) return std::nullopt;
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v |= uint64_t{b[at + i]} << (8 * i);
  return v;
}

/// @return the ranges, or nullopt where the parser must fail
std::optional<std::vector<rampart::netdev::vfio::IovaRange>> Reference(std::span<const uint8_t> b) {
  std::vector<rampart::netdev::vfio::IovaRange> ranges;
  const auto flags = Le(b, 4, 4);
  const auto first = Le(b, 16, 4);
  if (!flags || (*flags & 2) == 0 || !first) return ranges;
  uint64_t offset = *first, previous = 0;
  while (offset != 0) {
    if (offset <= previous) return std::nullopt;
    const auto id = Le(b, offset, 2);
    const auto next = Le(b, offset + 4, 4);
    if (!id || !next) return std::nullopt;
    if (*id == 1) {
      const auto count = Le(b, offset + 8, 4);
      if (!count) return std::nullopt;
      for (uint64_t i = 0; i < *count; ++i) {
        const auto start = Le(b, offset + 16 + 16 * i, 8);
        const auto end = Le(b, offset + 24 + 16 * i, 8);
        if (!start || !end) return std::nullopt;
        if (*start <= *end) ranges.push_back({*start, *end});
      }
    }
    previous = offset;
    offset = *next;
  }
  return ranges;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> plain(data, size);
  const auto parsed = rampart::netdev::vfio::ParseIovaRanges(rampart::wire::AsBytes(plain));
  const auto want = Reference(plain);
  FUZZ_CHECK(parsed.ok() == want.has_value());
  if (!parsed.ok()) return 0;
  FUZZ_CHECK(parsed->size() == want->size());
  for (size_t i = 0; i < want->size(); ++i) {
    FUZZ_CHECK((*parsed)[i].first == (*want)[i].first && (*parsed)[i].last == (*want)[i].last);
    FUZZ_CHECK((*parsed)[i].first <= (*parsed)[i].last);
  }
  return 0;
}
