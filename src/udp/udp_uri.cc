#include "udp/udp_uri.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/absl_view.h"
#include "base/status_or_else.h"
#include "udp/socket_openers.h"
#include "wire/ip_address_text.h"

namespace rampart::udp {
namespace {

constexpr std::string_view kScheme = "udp://";
constexpr size_t kMaxUriLength = 2048;
constexpr size_t kMaxNameLength = 253;
constexpr size_t kMaxLabelLength = 63;

absl::Status Bad(std::string_view why, std::string_view text) {
  // The URI is quoted with C escapes so hostile bytes cannot reach a
  // terminal or log raw; long ones are cut.
  std::string_view shown = text.substr(0, 80);
  return absl::InvalidArgumentError(absl::StrCat("bad udp URI \"", absl::CEscape(AbslView(shown)),
                                                 text.size() > shown.size() ? "...\"" : "\"", ": ",
                                                 AbslView(why)));
}

/// Checks DNS name syntax (RFC 1123 host names).
bool IsHostName(std::string_view name) {
  bool ok = !name.empty() && name.size() <= kMaxNameLength;
  size_t label = 0;
  for (size_t i = 0; ok && i <= name.size(); ++i) {
    char c = i < name.size() ? name[i] : '.';
    if (c == '.') {
      ok = label > 0 && label <= kMaxLabelLength && name[i - 1] != '-';
      label = 0;
    } else {
      ok = absl::ascii_isalnum(static_cast<unsigned char>(c)) || (c == '-' && label > 0);
      ++label;
    }
  }
  return ok;
}

/// @return true if the text has only digits and dots (an IPv4 attempt)
bool LooksNumeric(std::string_view host) {
  return !host.empty() && host.find_first_not_of("0123456789.") == host.npos;
}

absl::StatusOr<uint16_t> ParsePort(std::string_view digits, std::string_view text) {
  uint32_t value = 0;
  bool ok = !digits.empty() && digits.size() <= 5 &&
            digits.find_first_not_of("0123456789") == digits.npos;
  for (size_t i = 0; ok && i < digits.size(); ++i) {
    value = value * 10 + static_cast<uint32_t>(digits[i] - '0');
  }
  ok = ok && value >= 1 && value <= 65535;
  return ok ? absl::StatusOr<uint16_t>(static_cast<uint16_t>(value))
            : absl::StatusOr<uint16_t>(Bad("the port must be 1-65535", text));
}

}  // namespace

absl::StatusOr<UdpUri> ParseUdpUri(std::string_view text) {
  absl::Status status;
  UdpUri uri;
  std::string_view rest;
  std::string_view port_text;
  bool has_port = false;
  if (text.size() > kMaxUriLength) {
    status = Bad("longer than 2048 characters", text);
  } else if (text.size() < kScheme.size() ||
             !absl::EqualsIgnoreCase(AbslView(text.substr(0, kScheme.size())), AbslView(kScheme))) {
    status = Bad("the scheme must be udp://", text);
  } else {
    rest = text.substr(kScheme.size());
    if (rest.ends_with('/')) {
      rest.remove_suffix(1);
    }
    if (rest.find_first_of("/?#") != rest.npos) {
      status = Bad("a path, query or fragment is not allowed", text);
    } else if (rest.find('@') != rest.npos) {
      status = Bad("user info is not allowed", text);
    }
  }
  if (status.ok() && rest.starts_with('[')) {
    size_t close = rest.find(']');
    if (close == rest.npos) {
      status = Bad("unterminated IPv6 literal", text);
    } else {
      uri.host = std::string(rest.substr(1, close - 1));
      std::string_view after = rest.substr(close + 1);
      has_port = after.starts_with(':');
      port_text = has_port ? after.substr(1) : after;
      if (!has_port && !after.empty()) {
        status = Bad("junk after the IPv6 literal", text);
      } else if (uri.host.find('%') != std::string::npos) {
        status = Bad("IPv6 zone identifiers are not supported", text);
      } else {
        uri.literal = wire::ParseIpv6(uri.host);
        if (!uri.literal.has_value()) {
          status = Bad("malformed IPv6 literal", text);
        }
      }
    }
  } else if (status.ok()) {
    size_t colon = rest.find(':');
    has_port = colon != rest.npos;
    uri.host = std::string(rest.substr(0, colon));
    port_text = has_port ? rest.substr(colon + 1) : std::string_view();
    if (uri.host.empty()) {
      status = Bad("empty host", text);
    } else if (LooksNumeric(uri.host)) {
      uri.literal = wire::ParseIpv4(uri.host);
      if (!uri.literal.has_value()) {
        status = Bad("malformed IPv4 literal", text);
      }
    } else if (!IsHostName(uri.host)) {
      status = Bad("malformed host name", text);
    }
  }
  if (status.ok() && !has_port) {
    status = Bad("a port is required", text);
  } else if (status.ok()) {
    absl::StatusOr<uint16_t> port = ParsePort(port_text, text);
    status = port.status();
    uri.port = port.value_or(0);
  }
  return ValueOrStatus(status, [&] { return std::move(uri); });
}

absl::StatusOr<UdpSocket> OpenUdpUri(UdpStack& stack, DataTransfer& receiver, std::string_view uri,
                                     Resolver* resolver) {
  absl::StatusOr<UdpUri> parsed = ParseUdpUri(uri);
  absl::StatusOr<wire::IpAddress> address = wire::IpAddress();
  if (!parsed.ok()) {
    address = parsed.status();
  } else if (parsed->literal.has_value()) {
    address = *parsed->literal;
  } else if (parsed.ok() && resolver == nullptr) {
    address = absl::FailedPreconditionError(
        absl::StrCat("udp URI names host \"", parsed->host,
                     "\" but no resolver is configured; use a numeric address"));
  } else if (parsed.ok()) {
    address = resolver->Resolve(parsed->host);
  }
  return address.ok()
             ? OpenDatagramSocket(stack, receiver, wire::SocketAddress{*address, parsed->port},
                                  std::nullopt)
             : absl::StatusOr<UdpSocket>(address.status());
}

}  // namespace rampart::udp
