#include "wire/ip_address_text.h"

#include <array>
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "wire/bytes.h"

namespace rampart::wire {
namespace {

/// @return the value of a hex digit, or -1
int HexValue(char c) {
  int value = -1;
  if (c >= '0' && c <= '9') {
    value = c - '0';
  } else if (c >= 'a' && c <= 'f') {
    value = c - 'a' + 10;
  } else if (c >= 'A' && c <= 'F') {
    value = c - 'A' + 10;
  }
  return value;
}

/// Parses one IPv6 group of 1-4 hex digits.
std::optional<uint16_t> ParseGroup(std::string_view text) {
  std::optional<uint16_t> result;
  if (!text.empty() && text.size() <= 4) {
    unsigned value = 0;
    bool ok = true;
    for (char c : text) {
      int digit = HexValue(c);
      ok = ok && digit >= 0;
      value = (value << 4) | static_cast<unsigned>(digit & 0xF);
    }
    if (ok) {
      result = static_cast<uint16_t>(value);
    }
  }
  return result;
}

/// Parses a run of ':'-separated groups (no "::" inside), appending words.
/// The last group may be dotted-decimal IPv4 if `allow_ipv4_tail`.
bool ParseGroups(std::string_view text, bool allow_ipv4_tail, std::vector<uint16_t>& words) {
  bool ok = true;
  size_t start = 0;
  while (ok && start <= text.size()) {
    size_t colon = text.find(':', start);
    bool last = colon == std::string_view::npos;
    std::string_view group = text.substr(start, last ? text.npos : colon - start);
    if (last && allow_ipv4_tail && group.find('.') != std::string_view::npos) {
      std::optional<IpAddress> v4 = ParseIpv4(group);
      ok = v4.has_value();
      if (ok) {
        words.push_back(LoadBe16(v4->bytes(), 0));
        words.push_back(LoadBe16(v4->bytes(), 2));
      }
    } else {
      std::optional<uint16_t> word = ParseGroup(group);
      ok = word.has_value();
      if (ok) {
        words.push_back(*word);
      }
    }
    ok = ok && words.size() <= 8;
    start = last ? text.size() + 1 : colon + 1;
  }
  return ok;
}

}  // namespace

std::optional<IpAddress> ParseIpv4(std::string_view text) {
  std::optional<IpAddress> result;
  std::array<uint8_t, 4> octets{};
  size_t part = 0;
  size_t digits = 0;
  unsigned value = 0;
  bool ok = !text.empty();
  for (size_t i = 0; ok && i <= text.size(); ++i) {
    char c = i < text.size() ? text[i] : '.';
    if (c >= '0' && c <= '9') {
      ok = !(digits == 1 && value == 0);  // no leading zeros
      value = value * 10 + static_cast<unsigned>(c - '0');
      ++digits;
      ok = ok && value <= 255;
    } else if (c == '.') {
      ok = digits > 0 && part < 4;
      if (ok) {
        octets[part++] = static_cast<uint8_t>(value);
      }
      digits = 0;
      value = 0;
    } else {
      ok = false;
    }
  }
  if (ok && part == 4) {
    result = IpAddress::V4(octets);
  }
  return result;
}

std::optional<IpAddress> ParseIpv6(std::string_view text) {
  std::optional<IpAddress> result;
  std::vector<uint16_t> head;
  std::vector<uint16_t> tail;
  size_t gap = text.find("::");
  bool ok = !text.empty() && text.size() <= 64;
  bool compressed = ok && gap != std::string_view::npos;
  if (ok && !compressed) {
    ok = ParseGroups(text, true, head) && head.size() == 8;
  } else if (ok) {
    std::string_view before = text.substr(0, gap);
    std::string_view after = text.substr(gap + 2);
    ok = after.find("::") == std::string_view::npos;
    ok = ok && (before.empty() || ParseGroups(before, false, head));
    ok = ok && (after.empty() || ParseGroups(after, true, tail));
    // "::" stands for at least one zero group.
    ok = ok && head.size() + tail.size() <= 7;
  }
  if (ok) {
    std::array<uint16_t, 8> words{};
    std::ranges::copy(head, words.begin());
    std::ranges::copy(tail, std::span(words).last(tail.size()).begin());
    std::array<uint8_t, 16> octets{};
    for (size_t i = 0; i < words.size(); ++i) {
      octets[2 * i] = static_cast<uint8_t>(words[i] >> 8);
      octets[2 * i + 1] = static_cast<uint8_t>(words[i] & 0xFFu);
    }
    result = IpAddress::V6(octets);
  }
  return result;
}

std::string FormatIpAddress(const IpAddress& address) {
  std::span<const std::byte> b = address.bytes();
  std::string text;
  if (address.family() == IpFamily::kIpv4) {
    text = absl::StrCat(std::to_integer<unsigned>(b[0]), ".", std::to_integer<unsigned>(b[1]), ".",
                        std::to_integer<unsigned>(b[2]), ".", std::to_integer<unsigned>(b[3]));
  } else {
    std::array<uint16_t, 8> words{};
    for (size_t i = 0; i < words.size(); ++i) {
      words[i] = LoadBe16(b, 2 * i);
    }
    bool mapped = words[0] == 0 && words[1] == 0 && words[2] == 0 && words[3] == 0 &&
                  words[4] == 0 && words[5] == 0xFFFF;
    size_t limit = mapped ? 6 : 8;
    // Longest run of two or more zero words; the first one wins a tie.
    size_t best_start = limit;
    size_t best_length = 1;
    for (size_t i = 0; i < limit;) {
      size_t j = i;
      while (j < limit && words[j] == 0) {
        ++j;
      }
      if (j - i > best_length) {
        best_start = i;
        best_length = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    for (size_t i = 0; i < limit; ++i) {
      if (i == best_start) {
        absl::StrAppend(&text, "::");
        i += best_length - 1;
      } else {
        bool after_gap = best_start < limit && i == best_start + best_length;
        absl::StrAppend(&text, (i == 0 || after_gap) ? "" : ":", absl::Hex(words[i]));
      }
    }
    if (mapped) {
      absl::StrAppend(&text, text.ends_with(':') ? "" : ":", std::to_integer<unsigned>(b[12]), ".",
                      std::to_integer<unsigned>(b[13]), ".", std::to_integer<unsigned>(b[14]), ".",
                      std::to_integer<unsigned>(b[15]));
    }
  }
  return text;
}

}  // namespace rampart::wire
