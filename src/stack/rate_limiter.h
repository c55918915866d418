// A token bucket: at most `burst` events at once, refilled at `per_second`.
#ifndef RAMPART_STACK_RATE_LIMITER_H_
#define RAMPART_STACK_RATE_LIMITER_H_

#include <algorithm>
#include <cstdint>

namespace rampart::stack {

/// Limits how often something may happen (ICMP errors, RFC 4443 2.4(f)).
class RateLimiter {
 public:
  /// @param per_second tokens added per second
  /// @param burst      most tokens held
  RateLimiter(uint32_t per_second, uint32_t burst)
      : per_second_(per_second), burst_(burst), tokens_milli_(uint64_t{burst} * 1000) {}

  /// Takes one token if there is one.
  /// @param now_ms the current time in milliseconds (monotonic)
  /// @return true if the event may happen
  bool Allow(int64_t now_ms) {
    if (now_ms > last_ms_) {
      const uint64_t elapsed = static_cast<uint64_t>(now_ms - last_ms_);
      tokens_milli_ =
          std::min<uint64_t>(uint64_t{burst_} * 1000, tokens_milli_ + elapsed * per_second_);
      last_ms_ = now_ms;
    }
    if (tokens_milli_ < 1000) return false;
    tokens_milli_ -= 1000;
    return true;
  }

 private:
  uint32_t per_second_;
  uint32_t burst_;
  uint64_t tokens_milli_;
  int64_t last_ms_ = 0;
};

}  // namespace rampart::stack

#endif  // RAMPART_STACK_RATE_LIMITER_H_
