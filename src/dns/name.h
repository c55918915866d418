// A DNS name in uncompressed wire form (RFC 1035 3.1): length-prefixed
// labels ending with the zero-length root label, at most 255 octets.
#ifndef RAMPART_DNS_NAME_H_
#define RAMPART_DNS_NAME_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace rampart::dns {

/// The largest name on the wire, length octets and root included (RFC 1035
/// 2.3.4).
inline constexpr size_t kMaxNameLength = 255;
/// The largest label (RFC 1035 2.3.4): its length octet has the top bits 00.
inline constexpr size_t kMaxLabelLength = 63;

/// A name held by value, always well formed: labels of 1..63 octets, a
/// final zero octet, 255 octets at most. Built label by label (by the
/// decompressor) or from text.
class DnsName {
 public:
  /// The root name (one zero octet).
  DnsName() { bytes_[0] = std::byte{0}; }

  /// Parses a dotted name as a user writes it ("host.example" or
  /// "host.example."). Labels are letters, digits, '-' and '_', 1..63
  /// characters; the name may not be empty.
  /// @return the name; InvalidArgument naming the problem
  static absl::StatusOr<DnsName> FromText(std::string_view text);

  /// Appends one label before the root.
  /// @param label 1..63 octets
  /// @return false (and the name unchanged) if the label is empty, too long,
  ///         or the name would exceed 255 octets
  [[nodiscard]] bool AppendLabel(std::span<const std::byte> label);

  /// @return the wire form, root octet included (1..255 octets)
  std::span<const std::byte> wire() const {
    return std::span<const std::byte>(bytes_).first(size_);
  }

  /// @return the name as text with a final dot ("host.example."; the root
  ///         is "."); '.' and '\' inside a label and octets outside
  ///         printable ASCII are escaped as in zone files (\. \\ \DDD)
  std::string ToText() const;

  /// @return true if both names are the same, ASCII letters compared
  ///         without case (RFC 4343)
  bool EqualsIgnoringCase(const DnsName& other) const;

  /// @return true if both names have exactly the same octets
  bool operator==(const DnsName& other) const;

 private:
  std::array<std::byte, kMaxNameLength> bytes_{};
  size_t size_ = 1;
};

}  // namespace rampart::dns

#endif  // RAMPART_DNS_NAME_H_
