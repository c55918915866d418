// Text forms of IP addresses: strict parsing and canonical formatting.
// Parsing is a parser of untrusted text and has a fuzz target (udp_uri).
#ifndef RAMPART_WIRE_IP_ADDRESS_TEXT_H_
#define RAMPART_WIRE_IP_ADDRESS_TEXT_H_

#include <optional>
#include <string>
#include <string_view>

#include "wire/ip_address.h"

namespace rampart::wire {

/// Parses dotted-decimal IPv4 text: exactly four decimal parts 0-255, no
/// leading zeros (so "010" is never read as octal or decimal by mistake),
/// no signs or spaces.
/// @param text the text
/// @return the address, or nullopt if the text is not exactly that form
std::optional<IpAddress> ParseIpv4(std::string_view text);

/// Parses RFC 4291 section 2.2 IPv6 text: eight groups of 1-4 hex digits,
/// at most one "::", optionally ending in a dotted-decimal IPv4 part. No
/// zone index, no brackets.
/// @param text the text
/// @return the address, or nullopt if the text is not that form
std::optional<IpAddress> ParseIpv6(std::string_view text);

/// Formats an address: dotted decimal for IPv4; RFC 5952 for IPv6.
/// @param address the address
/// @return its canonical text
std::string FormatIpAddress(const IpAddress& address);

}  // namespace rampart::wire

#endif  // RAMPART_WIRE_IP_ADDRESS_TEXT_H_
