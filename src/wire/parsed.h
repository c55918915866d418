// The result of a checked view's constructor: the view, or why not.
#ifndef RAMPART_WIRE_PARSED_H_
#define RAMPART_WIRE_PARSED_H_

#include <optional>
#include <utility>

namespace rampart::wire {

/// Either a valid view or the first rule the bytes broke. `Error` is an
/// enum whose values have stable names (they become drop reasons).
template <typename View, typename Error>
class Parsed {
 public:
  /// A success.
  static Parsed Ok(View view) { return Parsed(std::move(view), Error{}); }
  /// A failure for `error`.
  static Parsed Fail(Error error) { return Parsed(std::nullopt, error); }

  /// @return true if the bytes formed a valid view
  bool ok() const { return view_.has_value(); }
  /// @return the view; only call when ok()
  const View& value() const { return *view_; }
  const View* operator->() const { return &*view_; }
  /// @return why the bytes were refused; meaningful only when !ok()
  Error error() const { return error_; }

 private:
  Parsed(std::optional<View> view, Error error) : view_(std::move(view)), error_(error) {}
  std::optional<View> view_;
  Error error_;
};

}  // namespace rampart::wire

#endif  // RAMPART_WIRE_PARSED_H_
