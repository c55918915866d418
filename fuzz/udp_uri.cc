// Fuzz target: the udp:// URI parser and the IP address text parsers.
//
// Oracles: ParseIpv4/ParseIpv6 agree with glibc's inet_pton on acceptance
// and value for every NUL-free input; formatting a parsed address and
// parsing it again gives the same address; an accepted URI has a port in
// 1-65535 and a literal that matches inet_pton on its host; rebuilding
// the URI from its parts and parsing it again gives the same parts.
#include "udp/udp_uri.h"

#include <arpa/inet.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "harness/fuzz_check.h"
#include "wire/ip_address_text.h"

namespace {

using namespace rampart;

std::optional<wire::IpAddress> LibcParse(int af, const std::string& text) {
  std::array<uint8_t, 16> b{};
  std::optional<wire::IpAddress> result;
  if (inet_pton(af, text.c_str(), b.data()) == 1) {
    result = af == AF_INET ? wire::IpAddress::V4(std::array<uint8_t, 4>{b[0], b[1], b[2], b[3]})
                           : wire::IpAddress::V6(b);
  }
  return result;
}

void CheckAddressParsers(const std::string& text) {
  std::optional<wire::IpAddress> v4 = wire::ParseIpv4(text);
  std::optional<wire::IpAddress> v6 = wire::ParseIpv6(text);
  if (text.find('\0') == std::string::npos) {
    FUZZ_CHECK(v4 == LibcParse(AF_INET, text));
    FUZZ_CHECK(v6 == LibcParse(AF_INET6, text));
  }
  for (const auto& parsed : {v4, v6}) {
    if (parsed.has_value()) {
      std::string shown = parsed->ToString();
      std::optional<wire::IpAddress> back = parsed->family() == wire::IpFamily::kIpv4
                                                ? wire::ParseIpv4(shown)
                                                : wire::ParseIpv6(shown);
      FUZZ_CHECK(back == parsed);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text;
  for (size_t i = 0; i < size; ++i) text.push_back(static_cast<char>(data[i]));
  CheckAddressParsers(text);

  absl::StatusOr<udp::UdpUri> uri = udp::ParseUdpUri(text);
  if (uri.ok()) {
    FUZZ_CHECK(uri->port >= 1);
    FUZZ_CHECK(!uri->host.empty());
    if (uri->literal.has_value()) {
      int af = uri->literal->family() == wire::IpFamily::kIpv4 ? AF_INET : AF_INET6;
      FUZZ_CHECK(LibcParse(af, uri->host) == uri->literal);
    }
    bool v6 = uri->literal.has_value() && uri->literal->family() == wire::IpFamily::kIpv6;
    std::string rebuilt =
        "udp://" + (v6 ? "[" + uri->host + "]" : uri->host) + ":" + std::to_string(uri->port);
    absl::StatusOr<udp::UdpUri> again = udp::ParseUdpUri(rebuilt);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->host == uri->host);
    FUZZ_CHECK(again->literal == uri->literal);
    FUZZ_CHECK(again->port == uri->port);
  } else {
    FUZZ_CHECK(uri.status().code() == absl::StatusCode::kInvalidArgument);
  }
  return 0;
}
