// Fuzz target: the reassembler, fed sequences of fragments.
//
// Input: a list of operations. Each is a fragment (one of four datagrams
// from two sources; offset, length, more-fragments, protocol and fill
// byte from the input) or a clock step that runs Expire(). A plain model
// here (a byte map per datagram, the rules of reassembly.h written out
// again) predicts every outcome: pending, complete with exactly the bytes
// given, or dropped with the same reason. Memory-budget refusals depend on
// allocation sizes, so there the model follows the reassembler, and the
// harness checks the budgets themselves instead: bytes in use never exceed
// the total limit and return to zero when nothing is pending.
#include "stack/reassembly.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "harness/byte_reader.h"
#include "harness/fuzz_check.h"
#include "wire/bytes.h"

using rampart::Reason;

namespace {

using rampart::stack::Fragment;
using rampart::stack::Reassembler;
using rampart::stack::ReassemblyKey;
using rampart::stack::ReassemblyLimits;
using Status = rampart::stack::ReassemblyResult::Status;

constexpr uint32_t kMaxSize = 4096;

struct ModelDatagram {
  std::vector<int> bytes;  // -1 (or past the end): not received
  int At(uint32_t i) const { return i < bytes.size() ? bytes[i] : -1; }
  std::optional<uint32_t> end;
  std::optional<uint8_t> protocol;
  uint32_t highest = 0;  // end of the highest byte received
  size_t fragments = 0;
  int64_t deadline = 0;
  int source = 0;
};

struct Expected {
  Status status = Status::kPending;
  Reason reason = Reason::kFragOverlap;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rampart::fuzz::ByteReader in(rampart::wire::AsBytes(std::span<const uint8_t>(data, size)));
  ReassemblyLimits limits;
  limits.max_total_bytes = 12 * 1024;
  limits.max_bytes_per_source = 8 * 1024;
  limits.max_datagrams = 3;
  limits.max_datagrams_per_source = 2;
  limits.max_fragments_per_datagram = 12;
  limits.timeout_ms = 1000;
  Reassembler reassembler(limits);
  std::map<int, ModelDatagram> model;  // by datagram number 0..3
  int64_t now = 0;
  std::vector<std::byte> payload;

  for (int op = 0; op < 200 && !in.Rest().empty(); ++op) {
    const uint8_t kind = in.Byte();
    if ((kind & 7) == 7) {
      now += int64_t{in.Byte()} * 20;
      size_t want_expired = 0;
      for (auto it = model.begin(); it != model.end();) {
        if (it->second.deadline <= now) {
          ++want_expired;
          it = model.erase(it);
        } else {
          ++it;
        }
      }
      FUZZ_CHECK(reassembler.Expire(now) == want_expired);
      continue;
    }
    const int number = kind & 3;
    const int source = number >> 1;
    Fragment fragment;
    fragment.key = ReassemblyKey{rampart::wire::IpAddress::V4(0xC0000201u + uint32_t(source)),
                                 rampart::wire::IpAddress::V4(0xC0000202u), uint32_t(number), 17};
    fragment.more = (kind & 4) != 0;
    fragment.protocol = (kind & 0x80) ? 58 : 17;
    fragment.offset = uint32_t{in.Byte()} * 16;
    const size_t length = (kind & 0x40) ? size_t{in.Byte()} * 8 : in.Byte();
    const uint8_t fill = in.Byte();
    payload.assign(length, std::byte{fill});
    fragment.data = payload;
    fragment.max_size = kMaxSize;

    // The model's prediction, rule by rule (reassembly.h).
    const uint32_t begin = fragment.offset;
    const uint32_t end = begin + uint32_t(length);
    const bool known = model.count(number) != 0;
    size_t datagrams = model.size(), from_source = 0;
    for (const auto& [n, m] : model) from_source += m.source == source;
    Expected want;
    bool kills = false;  // the whole datagram goes
    if (end > kMaxSize) {
      want = {Status::kDropped, Reason::kFragTooLarge};
      kills = true;
    } else if (fragment.more && length == 0) {
      want = {Status::kDropped, Reason::kFragEmpty};
    } else if (fragment.more && length % 8 != 0) {
      want = {Status::kDropped, Reason::kFragBadLength};
    } else if (!known && (datagrams >= limits.max_datagrams ||
                          from_source >= limits.max_datagrams_per_source)) {
      want = {Status::kDropped, Reason::kFragMemoryLimit};
    } else {
      ModelDatagram& m = model[number];
      if (!known) {
        m.deadline = now + limits.timeout_ms;
        m.source = source;
      }
      bool overlap = false;
      for (uint32_t i = begin; i < end && !overlap; ++i) overlap = m.At(i) >= 0;
      const uint32_t highest = m.highest;
      if (overlap) {
        want = {Status::kDropped, Reason::kFragOverlap};
        kills = true;
      } else if (!fragment.more && ((m.end && *m.end != end) || highest > end)) {
        want = {Status::kDropped, Reason::kFragInconsistentEnd};
        kills = true;
      } else if (fragment.more && m.end && end > *m.end) {
        want = {Status::kDropped, Reason::kFragInconsistentEnd};
        kills = true;
      } else if (m.fragments + 1 > limits.max_fragments_per_datagram) {
        want = {Status::kDropped, Reason::kFragTooManyFragments};
        kills = true;
      } else {
        ++m.fragments;
        if (m.bytes.size() < end) m.bytes.resize(end, -1);
        for (uint32_t i = begin; i < end; ++i) m.bytes[i] = fill;
        if (end > begin) m.highest = std::max(m.highest, end);
        if (!fragment.more) m.end = end;
        if (begin == 0) m.protocol = fragment.protocol;
        bool whole = m.end.has_value() && m.protocol.has_value();
        for (uint32_t i = 0; whole && i < *m.end; ++i) whole = m.At(i) >= 0;
        want.status = whole ? Status::kComplete : Status::kPending;
      }
    }

    const auto result = reassembler.Add(fragment, now);
    if (result.status == Status::kDropped && result.reason == Reason::kFragMemoryLimit &&
        !(want.status == Status::kDropped && want.reason == Reason::kFragMemoryLimit)) {
      // A byte budget ran out: the reassembler dropped the datagram (if it
      // had one); so does the model.
      model.erase(number);
    } else {
      FUZZ_CHECK(result.status == want.status);
      if (want.status == Status::kDropped) {
        FUZZ_CHECK(result.reason == want.reason);
        if (kills) model.erase(number);
      }
      if (want.status == Status::kComplete) {
        const ModelDatagram& m = model[number];
        FUZZ_CHECK(result.payload.size() == *m.end);
        FUZZ_CHECK(result.protocol == *m.protocol);
        for (uint32_t i = 0; i < *m.end; ++i) {
          FUZZ_CHECK(std::to_integer<int>(result.payload[i]) == m.At(i));
        }
        model.erase(number);
      }
    }
    FUZZ_CHECK(reassembler.pending_datagrams() == model.size());
    FUZZ_CHECK(reassembler.bytes_in_use() <= limits.max_total_bytes);
    FUZZ_CHECK((reassembler.bytes_in_use() == 0) == model.empty());
  }
  return 0;
}
