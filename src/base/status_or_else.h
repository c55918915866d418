// Turning a Status into a StatusOr without the OK-status trap.
#ifndef RAMPART_BASE_STATUS_OR_ELSE_H_
#define RAMPART_BASE_STATUS_OR_ELSE_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace rampart {

/// absl::StatusOr<T> must never be built from an OK status (it aborts).
/// This builds the value only when `status` is OK.
/// @param status the outcome so far
/// @param make   called with no arguments to produce the value when OK
/// @return make()'s value if status is OK, otherwise status
template <typename Make>
auto ValueOrStatus(const absl::Status& status, Make&& make) -> absl::StatusOr<decltype(make())> {
  return status.ok() ? absl::StatusOr<decltype(make())>(std::forward<Make>(make)())
                     : absl::StatusOr<decltype(make())>(status);
}

}  // namespace rampart

#endif  // RAMPART_BASE_STATUS_OR_ELSE_H_
