#include "wire/ip_address.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "absl/hash/hash.h"
#include "test_util.h"
#include "wire/ip_address_text.h"

namespace rampart::wire {
namespace {

using testing::V4;
using testing::V6;

TEST(IpAddressTest, Ipv4ValueAndPredicates) {
  IpAddress a = V4(192, 0, 2, 1);
  EXPECT_EQ(a, IpAddress::V4(0xC0000201u));
  EXPECT_EQ(a.family(), IpFamily::kIpv4);
  EXPECT_EQ(a.bytes().size(), 4u);
  EXPECT_FALSE(a.is_unspecified());
  EXPECT_TRUE(IpAddress::Unspecified(IpFamily::kIpv4).is_unspecified());
  EXPECT_TRUE(V4(224, 0, 0, 1).is_multicast());
  EXPECT_TRUE(V4(239, 255, 255, 255).is_multicast());
  EXPECT_FALSE(V4(223, 255, 255, 255).is_multicast());
  EXPECT_TRUE(V4(255, 255, 255, 255).is_limited_broadcast());
  EXPECT_FALSE(V4(192, 0, 2, 255).is_limited_broadcast());
}

TEST(IpAddressTest, Ipv6ValueAndPredicates) {
  IpAddress a = V6("2001:db8::1");
  EXPECT_EQ(a.family(), IpFamily::kIpv6);
  EXPECT_EQ(a.bytes().size(), 16u);
  EXPECT_TRUE(V6("ff02::1").is_multicast());
  EXPECT_FALSE(a.is_multicast());
  EXPECT_FALSE(a.is_limited_broadcast());
  EXPECT_TRUE(IpAddress::Unspecified(IpFamily::kIpv6).is_unspecified());
  // Same bytes, different family: not equal, hashes differ.
  EXPECT_NE(IpAddress::Unspecified(IpFamily::kIpv4), IpAddress::Unspecified(IpFamily::kIpv6));
  EXPECT_NE(absl::Hash<IpAddress>()(IpAddress::Unspecified(IpFamily::kIpv4)),
            absl::Hash<IpAddress>()(IpAddress::Unspecified(IpFamily::kIpv6)));
}

TEST(IpAddressTest, FromBytesChecksLength) {
  std::vector<std::byte> four(4, std::byte{1});
  EXPECT_TRUE(IpAddress::FromBytes(IpFamily::kIpv4, four).has_value());
  EXPECT_FALSE(IpAddress::FromBytes(IpFamily::kIpv6, four).has_value());
  EXPECT_FALSE(IpAddress::FromBytes(IpFamily::kIpv4, std::span(four).first(3)).has_value());
}

TEST(IpAddressTextTest, ParsesValidIpv4) {
  EXPECT_EQ(ParseIpv4("192.0.2.1"), V4(192, 0, 2, 1));
  EXPECT_EQ(ParseIpv4("0.0.0.0"), V4(0, 0, 0, 0));
  EXPECT_EQ(ParseIpv4("255.255.255.255"), V4(255, 255, 255, 255));
}

TEST(IpAddressTextTest, RejectsMalformedIpv4) {
  for (const char* bad :
       {"", "1", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1..2.3", ".1.2.3", "1.2.3.",
        "1.2.3.4 ", "+1.2.3.4", "1.2.3.a", "1.2.3.4444", "00.1.2.3"}) {
    EXPECT_FALSE(ParseIpv4(bad).has_value()) << bad;
  }
}

TEST(IpAddressTextTest, ParsesValidIpv6) {
  EXPECT_EQ(ParseIpv6("::"), IpAddress::Unspecified(IpFamily::kIpv6));
  EXPECT_EQ(ParseIpv6("::1"), V6("::1"));
  EXPECT_EQ(ParseIpv6("2001:DB8::1"), V6("2001:db8::1"));
  EXPECT_EQ(ParseIpv6("1:2:3:4:5:6:7:8"), V6("1:2:3:4:5:6:7:8"));
  EXPECT_EQ(ParseIpv6("1::"), V6("1::"));
  EXPECT_EQ(ParseIpv6("::ffff:192.0.2.1"), V6("::ffff:192.0.2.1"));
  EXPECT_EQ(ParseIpv6("1:2:3:4:5:6:1.2.3.4"), V6("1:2:3:4:5:6:1.2.3.4"));
}

// Our parser and glibc's inet_pton agree on acceptance and value.
TEST(IpAddressTextTest, AgreesWithInetPtonOnEdgeCases) {
  for (const char* text : {"::",
                           ":::",
                           "1:::2",
                           ":1::",
                           "1::2::3",
                           "1:2:3:4:5:6:7:8:9",
                           "1:2:3:4:5:6:7",
                           "1:2:3:4:5:6:7::",
                           "::1:2:3:4:5:6:7",
                           "1:2:3:4:5:6:7:8::",
                           "12345::",
                           "0000:0000::",
                           "g::",
                           "::1.2.3.4",
                           "::1.2.3",
                           "1.2.3.4",
                           "::1.2.3.04",
                           "1:2:3:4:5:6:7:1.2.3.4",
                           "1::2:3:4:5:6:7",
                           "::ffff:1.2.3.4:5",
                           "1:",
                           ":",
                           "",
                           "fe80::1%eth0",
                           "[::1]",
                           " ::1",
                           "::1 ",
                           "1:2:3:4:5::1.2.3.4"}) {
    std::array<uint8_t, 16> octets{};
    bool libc = inet_pton(AF_INET6, text, octets.data()) == 1;
    std::optional<IpAddress> ours = ParseIpv6(text);
    ASSERT_EQ(ours.has_value(), libc) << "'" << text << "'";
    if (libc) {
      EXPECT_EQ(*ours, IpAddress::V6(octets)) << text;
    }
  }
}

TEST(IpAddressTextTest, FormatsIpv6PerRfc5952) {
  EXPECT_EQ(V6("2001:db8:0:0:0:0:2:1").ToString(), "2001:db8::2:1");
  EXPECT_EQ(V6("2001:db8:0:1:1:1:1:1").ToString(), "2001:db8:0:1:1:1:1:1");
  EXPECT_EQ(V6("2001:0:0:1:0:0:0:1").ToString(), "2001:0:0:1::1");
  EXPECT_EQ(V6("2001:db8:0:0:1:0:0:1").ToString(), "2001:db8::1:0:0:1");
  EXPECT_EQ(V6("2001:DB8::AB").ToString(), "2001:db8::ab");
  EXPECT_EQ(V6("::").ToString(), "::");
  EXPECT_EQ(V6("::1").ToString(), "::1");
  EXPECT_EQ(V6("1::").ToString(), "1::");
  EXPECT_EQ(V6("::ffff:192.0.2.1").ToString(), "::ffff:192.0.2.1");
  EXPECT_EQ(V4(198, 51, 100, 7).ToString(), "198.51.100.7");
}

TEST(IpAddressTextTest, FormatThenParseIsIdentity) {
  std::mt19937 rng(5952);
  for (int i = 0; i < 2000; ++i) {
    std::array<uint8_t, 16> octets{};
    for (auto& o : octets) o = static_cast<uint8_t>(rng() % 4 == 0 ? rng() : 0);
    IpAddress a = IpAddress::V6(octets);
    ASSERT_EQ(ParseIpv6(a.ToString()), a) << a.ToString();
  }
}

TEST(SocketAddressTest, ToStringBracketsIpv6) {
  EXPECT_EQ((SocketAddress{V4(192, 0, 2, 1), 53}).ToString(), "192.0.2.1:53");
  EXPECT_EQ((SocketAddress{V6("2001:db8::1"), 53}).ToString(), "[2001:db8::1]:53");
}

}  // namespace
}  // namespace rampart::wire
