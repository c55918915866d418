#include "dns/name.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/absl_view.h"
#include "wire/bytes.h"

namespace rampart::dns {
namespace {

bool IsNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

std::byte Lower(std::byte octet) {
  const auto value = std::to_integer<uint8_t>(octet);
  return value >= 'A' && value <= 'Z' ? static_cast<std::byte>(value + ('a' - 'A')) : octet;
}

}  // namespace

absl::StatusOr<DnsName> DnsName::FromText(std::string_view text) {
  const std::string shown(text);
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);
  if (text.empty()) return absl::InvalidArgumentError("dns: an empty name");
  DnsName name;
  while (true) {
    const size_t dot = text.find('.');
    const std::string_view label = text.substr(0, dot);
    if (label.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("dns: empty label in \"", shown, "\""));
    }
    if (!std::all_of(label.begin(), label.end(), IsNameCharacter)) {
      return absl::InvalidArgumentError(
          absl::StrCat("dns: \"", shown, "\": labels hold letters, digits, '-' and '_' only"));
    }
    if (label.size() > kMaxLabelLength) {
      return absl::InvalidArgumentError(
          absl::StrCat("dns: a label of \"", shown, "\" is longer than 63 characters"));
    }
    if (!name.AppendLabel(std::as_bytes(std::span<const char>(label)))) {
      return absl::InvalidArgumentError(
          absl::StrCat("dns: \"", shown, "\" is longer than 255 octets on the wire"));
    }
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  return name;
}

bool DnsName::AppendLabel(std::span<const std::byte> label) {
  if (label.empty() || label.size() > kMaxLabelLength) return false;
  // The label's length octet and octets replace the root, which moves to
  // the end.
  if (size_ + 1 + label.size() > kMaxNameLength) return false;
  std::span<std::byte> out(bytes_);
  out[size_ - 1] = static_cast<std::byte>(label.size());
  if (!wire::CopyBytes(out.subspan(size_), label)) return false;
  size_ += 1 + label.size();
  out[size_ - 1] = std::byte{0};
  return true;
}

std::string DnsName::ToText() const {
  const std::span<const std::byte> octets = wire();
  if (octets.size() == 1) return ".";
  std::string text;
  size_t at = 0;
  while (at < octets.size()) {
    const size_t length = std::to_integer<uint8_t>(octets[at]);
    if (length == 0) break;
    for (const std::byte octet : octets.subspan(at + 1, length)) {
      const auto c = std::to_integer<uint8_t>(octet);
      if (c == '.' || c == '\\') {
        text.push_back('\\');
        text.push_back(static_cast<char>(c));
      } else if (c < 0x21 || c > 0x7E) {
        absl::StrAppend(&text, absl::StrFormat("\\%03d", c));
      } else {
        text.push_back(static_cast<char>(c));
      }
    }
    text.push_back('.');
    at += 1 + length;
  }
  return text;
}

bool DnsName::EqualsIgnoringCase(const DnsName& other) const {
  const std::span<const std::byte> a = wire();
  const std::span<const std::byte> b = other.wire();
  if (a.size() != b.size()) return false;
  // Length octets are at most 63, below 'A': lowering them changes nothing.
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

bool DnsName::operator==(const DnsName& other) const {
  return std::ranges::equal(wire(), other.wire());
}

}  // namespace rampart::dns
