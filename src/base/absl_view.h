// Bridges std::string_view to absl::string_view. Debian builds Abseil with
// its own string_view type, so the two do not convert implicitly.
#ifndef RAMPART_BASE_ABSL_VIEW_H_
#define RAMPART_BASE_ABSL_VIEW_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace rampart {

/// @param text any std::string_view
/// @return the same characters as an absl::string_view
inline absl::string_view AbslView(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

}  // namespace rampart

#endif  // RAMPART_BASE_ABSL_VIEW_H_
