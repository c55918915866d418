// The result of a checked view's constructor: the view, or why not.
#ifndef RAMPART_WIRE_PARSED_H_
#define RAMPART_WIRE_PARSED_H_

#include <optional>
#include <utility>

#include "base/reason.h"

namespace rampart::wire {

/// Either a valid view or the first rule the bytes broke, as a Reason from
/// the one table (base/reason.h): a view's refusal is a drop reason.
template <typename View>
class Parsed {
 public:
  /// A success.
  static Parsed Ok(View view) { return Parsed(std::move(view), Reason::kNone); }
  /// A failure for `error` (not Reason::kNone).
  static Parsed Fail(Reason error) { return Parsed(std::nullopt, error); }

  /// @return true if the bytes formed a valid view
  bool ok() const { return view_.has_value(); }
  /// @return the view; only call when ok()
  const View& value() const { return *view_; }
  const View* operator->() const { return &*view_; }
  /// @return why the bytes were refused; Reason::kNone when ok()
  Reason error() const { return error_; }

 private:
  Parsed(std::optional<View> view, Reason error) : view_(std::move(view)), error_(error) {}
  std::optional<View> view_;
  Reason error_;
};

}  // namespace rampart::wire

#endif  // RAMPART_WIRE_PARSED_H_
