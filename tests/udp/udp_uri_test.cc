#include "udp/udp_uri.h"

#include <gtest/gtest.h>

#include <memory>

#include "test_util.h"

namespace rampart::udp {
namespace {

using testing::V4;
using testing::V6;

TEST(UdpUriTest, ParsesIpv4Literal) {
  auto u = ParseUdpUri("udp://192.0.2.1:69");
  ASSERT_TRUE(u.ok()) << u.status();
  EXPECT_EQ(u->host, "192.0.2.1");
  EXPECT_EQ(u->literal, V4(192, 0, 2, 1));
  EXPECT_EQ(u->port, 69);
}

TEST(UdpUriTest, ParsesBracketedIpv6LiteralAndTrailingSlash) {
  auto u = ParseUdpUri("UDP://[2001:db8::1]:65535/");
  ASSERT_TRUE(u.ok()) << u.status();
  EXPECT_EQ(u->host, "2001:db8::1");
  EXPECT_EQ(u->literal, V6("2001:db8::1"));
  EXPECT_EQ(u->port, 65535);
}

TEST(UdpUriTest, ParsesHostName) {
  auto u = ParseUdpUri("udp://ntp.example.org:123");
  ASSERT_TRUE(u.ok()) << u.status();
  EXPECT_EQ(u->host, "ntp.example.org");
  EXPECT_FALSE(u->literal.has_value());
}

class UdpUriRejectTest : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(UdpUriRejectTest, RefusesWithAClearReason) {
  auto [text, why] = GetParam();
  auto u = ParseUdpUri(text);
  ASSERT_FALSE(u.ok()) << text;
  EXPECT_EQ(u.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(u.status().message().find(why), std::string::npos)
      << text << " -> " << u.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, UdpUriRejectTest,
    ::testing::Values(
        std::pair{"", "scheme"}, std::pair{"tcp://192.0.2.1:1", "scheme"},
        std::pair{"udp:/192.0.2.1:1", "scheme"}, std::pair{"udp://", "empty host"},
        std::pair{"udp://:53", "empty host"}, std::pair{"udp://192.0.2.1", "port is required"},
        std::pair{"udp://192.0.2.1:", "port"}, std::pair{"udp://192.0.2.1:0", "port"},
        std::pair{"udp://192.0.2.1:65536", "port"}, std::pair{"udp://192.0.2.1:-1", "port"},
        std::pair{"udp://192.0.2.1:5x", "port"}, std::pair{"udp://192.0.2.1:000053", "port"},
        std::pair{"udp://256.0.0.1:53", "IPv4"}, std::pair{"udp://1.2.3:53", "IPv4"},
        std::pair{"udp://123:53", "IPv4"}, std::pair{"udp://[::1:53", "unterminated"},
        std::pair{"udp://[::g]:53", "IPv6"}, std::pair{"udp://[fe80::1%25eth0]:53", "zone"},
        std::pair{"udp://[::1]x:53", "junk"}, std::pair{"udp://::1:53", "empty host"},
        std::pair{"udp://user@192.0.2.1:53", "user info"},
        std::pair{"udp://192.0.2.1:53/path", "path"}, std::pair{"udp://192.0.2.1:53?q", "query"},
        std::pair{"udp://192.0.2.1:53#f", "fragment"},
        std::pair{"udp://-bad.example:53", "host name"},
        std::pair{"udp://bad-.example:53", "host name"}, std::pair{"udp://a..b:53", "host name"},
        std::pair{"udp://a\x01"
                  "b:53",
                  "host name"}),
    [](const auto& info) { return "case" + std::to_string(info.index); });

TEST(UdpUriTest, RefusesOverlongLabelsNamesAndUris) {
  std::string label(64, 'a');
  EXPECT_FALSE(ParseUdpUri("udp://" + label + ".example:53").ok());
  std::string ok_label(63, 'a');
  EXPECT_TRUE(ParseUdpUri("udp://" + ok_label + ".example:53").ok());
  std::string name;
  for (int i = 0; i < 64; ++i) name += "abc.";
  EXPECT_FALSE(ParseUdpUri("udp://" + name + "x:53").ok());
  EXPECT_FALSE(ParseUdpUri("udp://" + std::string(3000, 'a') + ":53").ok());
}

TEST(UdpUriTest, ErrorQuotesHostileBytesEscaped) {
  auto u = ParseUdpUri(std::string("udp://\x1b[31m:53", 13));
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.status().message().find('\x1b'), std::string::npos);
}

class FakeResolver : public Resolver {
 public:
  absl::StatusOr<wire::IpAddress> Resolve(std::string_view name) override {
    asked = std::string(name);
    if (name == "peer.example") return V6("2001:db8::53");
    return absl::NotFoundError("no such host");
  }
  std::string asked;
};

class UdpUriOpenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = UdpStack::Create(net_, {});
    ASSERT_TRUE(s.ok());
    stack_ = std::move(*s);
  }
  InMemoryNetworkLayer net_{V4(192, 0, 2, 1), V6("2001:db8::1")};
  std::unique_ptr<UdpStack> stack_;
  testing::RecordingReceiver rx_;
};

TEST_F(UdpUriOpenTest, OpensLiteralAndSendsToIt) {
  auto s = OpenUdpUri(*stack_, rx_, "udp://198.51.100.9:7", nullptr);
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_TRUE(s->Deliver(s->AllocateBuffer(0), {}).ok());
  auto sent = net_.TakeSent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].facts.destination, V4(198, 51, 100, 9));
}

TEST_F(UdpUriOpenTest, NameWithoutResolverIsAClearError) {
  auto s = OpenUdpUri(*stack_, rx_, "udp://peer.example:53", nullptr);
  EXPECT_EQ(s.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(s.status().message().find("no resolver"), std::string::npos);
}

TEST_F(UdpUriOpenTest, NameGoesThroughResolver) {
  FakeResolver resolver;
  auto s = OpenUdpUri(*stack_, rx_, "udp://peer.example:53", &resolver);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(resolver.asked, "peer.example");
  EXPECT_EQ(s->LocalAddress()->family(), wire::IpFamily::kIpv6);
  EXPECT_EQ(OpenUdpUri(*stack_, rx_, "udp://nowhere.example:53", &resolver).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(OpenUdpUri(*stack_, rx_, "udp://bad uri", &resolver).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace rampart::udp
