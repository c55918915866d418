// Fuzz target: the token bucket that limits ICMP errors (RateLimiter).
//
// Input: the rate (1..32 per second) and the burst (1..8), then events:
// each byte moves the clock (0..63 ms forward, or with the top bit set,
// back by up to 63 ms: a clock the caller gets wrong must not mint
// tokens) and asks for one event.
// The model counts in events, not in thousandths: it keeps the time of
// the last refill and the credit earned since, and allows an event when a
// whole one is there. Checked for every event: Allow equals the model;
// never more than `burst` events in a row without time passing; over any
// run, allowed <= burst + rate * elapsed_ms / 1000 (the bucket's
// promise, independent of the model).
#include "stack/rate_limiter.h"

#include <cstddef>
#include <cstdint>
#include <span>

#include "harness/byte_reader.h"
#include "harness/fuzz_check.h"
#include "wire/bytes.h"

namespace {

/// A plain token bucket: `credit` is earned time in per-second units
/// (elapsed_ms * rate), a whole event being 1000 of them.
struct BucketModel {
  uint64_t rate = 0;
  uint64_t burst = 0;
  uint64_t credit = 0;  // in ms * events/s; starts full
  int64_t last_ms = 0;

  bool Allow(int64_t now_ms) {
    if (now_ms > last_ms) {
      credit += static_cast<uint64_t>(now_ms - last_ms) * rate;
      if (credit > burst * 1000) credit = burst * 1000;
      last_ms = now_ms;
    }
    if (credit < 1000) return false;
    credit -= 1000;
    return true;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rampart::fuzz::ByteReader in(rampart::wire::AsBytes(std::span<const uint8_t>(data, size)));
  const uint32_t rate = 1 + in.Byte() % 32;
  const uint32_t burst = 1 + in.Byte() % 8;
  rampart::stack::RateLimiter limiter(rate, burst);
  BucketModel model{rate, burst, uint64_t{burst} * 1000, 0};

  int64_t now = 0;
  int64_t latest = 0;  // the clock's furthest point (time that really passed)
  uint64_t allowed = 0;
  size_t in_a_row = 0;  // allowed without the clock moving forward
  for (int i = 0; i < 512 && !in.Rest().empty(); ++i) {
    const uint8_t step = in.Byte();
    const int64_t before = latest;
    now += (step & 0x80) ? -int64_t{step & 0x3F} : int64_t{step & 0x3F};
    if (now > latest) latest = now;
    const bool got = limiter.Allow(now);
    FUZZ_CHECK(got == model.Allow(now));
    in_a_row = latest > before ? 0 : in_a_row;
    if (got) {
      ++allowed;
      ++in_a_row;
    }
    FUZZ_CHECK(in_a_row <= burst);
    FUZZ_CHECK(allowed * 1000 <= uint64_t{burst} * 1000 + static_cast<uint64_t>(latest) * rate);
  }
  return 0;
}
