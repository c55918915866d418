// One counter per drop reason: counting a drop is one array increment,
// and every aggregate is derived from the reason table on read.
#ifndef RAMPART_BASE_REASON_COUNTERS_H_
#define RAMPART_BASE_REASON_COUNTERS_H_

#include <array>
#include <cstddef>
#include <cstdint>

#include "base/reason.h"

namespace rampart {

/// Drop counters indexed by Reason. Not thread-safe.
class ReasonCounters {
 public:
  /// Counts `n` drops for `reason`.
  void Count(Reason reason, uint64_t n = 1) { counts_[ReasonIndex(reason)] += n; }

  /// @return the count for one reason
  uint64_t operator[](Reason reason) const { return counts_[ReasonIndex(reason)]; }

  /// @return the sum over every reason whose table row names `aggregate`
  uint64_t Sum(Aggregate aggregate) const {
    uint64_t sum = 0;
    for (const ReasonInfo& row : kReasonTable) {
      if (row.aggregate == aggregate) sum += counts_[ReasonIndex(row.reason)];
    }
    return sum;
  }

  /// @return the sum over every reason of `layer`
  uint64_t Sum(Layer layer) const {
    uint64_t sum = 0;
    for (const ReasonInfo& row : kReasonTable) {
      if (row.layer == layer) sum += counts_[ReasonIndex(row.reason)];
    }
    return sum;
  }

 private:
  std::array<uint64_t, kReasonCount> counts_{};
};

}  // namespace rampart

#endif  // RAMPART_BASE_REASON_COUNTERS_H_
