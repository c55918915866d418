#include "udp/port_allocator.h"

#include <gtest/gtest.h>

#include <set>

#include "test_util.h"

namespace rampart::udp {
namespace {

using wire::IpFamily;

TEST(PortAllocatorTest, StartsAtRandomOffsetInRange) {
  testing::FixedRandom r({7});
  PortAllocator ports(r, {1000, 1009});
  EXPECT_EQ(*ports.PickFree(IpFamily::kIpv4, false), 1007);
}

TEST(PortAllocatorTest, OwnersAreCountedPerFamily) {
  testing::FixedRandom r({0});
  PortAllocator ports(r, kDefaultEphemeralRange);
  ports.Acquire(IpFamily::kIpv4, 53);
  ports.Acquire(IpFamily::kIpv4, 53);
  EXPECT_TRUE(ports.InUse(IpFamily::kIpv4, 53));
  EXPECT_FALSE(ports.InUse(IpFamily::kIpv6, 53));
  ports.Release(IpFamily::kIpv4, 53);
  EXPECT_TRUE(ports.InUse(IpFamily::kIpv4, 53));
  ports.Release(IpFamily::kIpv4, 53);
  EXPECT_FALSE(ports.InUse(IpFamily::kIpv4, 53));
  ports.Release(IpFamily::kIpv4, 53);  // never goes negative
  EXPECT_FALSE(ports.InUse(IpFamily::kIpv4, 53));
}

TEST(PortAllocatorTest, SystemRandomnessSpreadsPorts) {
  auto random = MakeSystemRandomSource();
  PortAllocator ports(*random, kDefaultEphemeralRange);
  std::set<uint16_t> seen;
  for (int i = 0; i < 64; ++i) {
    auto p = ports.PickFree(IpFamily::kIpv4, false);
    ASSERT_TRUE(p.ok());
    EXPECT_GE(*p, 49152);
    seen.insert(*p);
  }
  // 64 draws from 16384 ports: a repeat-heavy result means no randomness.
  // (P[fewer than 56 distinct] is far below 1e-9.)
  EXPECT_GE(seen.size(), 56u);
}

TEST(PortAllocatorTest, ExhaustionNamesTheRange) {
  testing::FixedRandom r({0});
  PortAllocator ports(r, {40000, 40003});
  for (uint16_t p = 40000; p <= 40003; ++p) ports.Acquire(IpFamily::kIpv6, p);
  auto none = ports.PickFree(IpFamily::kIpv6, false);
  EXPECT_EQ(none.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(none.status().message().find("ipv6"), std::string::npos);
  EXPECT_TRUE(ports.PickFree(IpFamily::kIpv4, false).ok());
}

TEST(PortAllocatorTest, RangeValidation) {
  EXPECT_TRUE(ValidatePortRange({1, 1}).ok());
  EXPECT_FALSE(ValidatePortRange({0, 100}).ok());
  EXPECT_FALSE(ValidatePortRange({10, 9}).ok());
  EXPECT_EQ((PortRange{1, 65535}).size(), 65535u);
}

}  // namespace
}  // namespace rampart::udp
