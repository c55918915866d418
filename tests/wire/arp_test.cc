#include "wire/arp.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace rampart::wire {
namespace {

using testing::Bytes;
using testing::V4;

// A request: who has 192.0.2.1? tell 192.0.2.7 (02:00:5e:10:00:07).
std::vector<std::byte> Request() {
  return Bytes({0,   1, 8, 0, 6, 4, 0, 1, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x07,
                192, 0, 2, 7, 0, 0, 0, 0, 0,    0,    192,  0,    2,    1});
}

TEST(ArpTest, ParsesRequest) {
  auto p = ArpPacket::Parse(Request());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->operation, arp_field::kRequest);
  EXPECT_EQ(p->sender_mac.ToString(), "02:00:5e:10:00:07");
  EXPECT_EQ(p->sender_ip, V4(192, 0, 2, 7));
  EXPECT_EQ(p->target_ip, V4(192, 0, 2, 1));
}

TEST(ArpTest, EmitsWhatItParsed) {
  auto p = ArpPacket::Parse(Request());
  std::array<std::byte, 28> out{};
  ASSERT_TRUE(p->Emit(out));
  auto want = Request();
  EXPECT_TRUE(std::equal(out.begin(), out.end(), want.begin()));
}

TEST(ArpTest, RefusesByName) {
  auto r = Request();
  EXPECT_EQ(ArpPacket::Parse(std::span(r).first(27)).error(), Reason::kArpTruncated);
  auto bad = r;
  bad[5] = std::byte{16};  // IPv6-sized protocol addresses
  EXPECT_EQ(ArpPacket::Parse(bad).error(), Reason::kArpUnsupportedFormat);
  bad = r;
  bad[7] = std::byte{3};  // RARP request
  EXPECT_EQ(ArpPacket::Parse(bad).error(), Reason::kArpUnknownOperation);
  EXPECT_EQ(ReasonName(Reason::kArpUnknownOperation), "arp_unknown_operation");
}

}  // namespace
}  // namespace rampart::wire
