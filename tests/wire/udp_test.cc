#include "wire/udp.h"

#include <gtest/gtest.h>

#include <vector>

#include "test_util.h"

namespace rampart::wire {
namespace {

using testing::Bytes;

TEST(UdpHeaderViewTest, RejectsFewerThanEightBytes) {
  std::vector<std::byte> b(8);
  for (size_t n = 0; n < 8; ++n) {
    EXPECT_FALSE(UdpHeaderView::Create(std::span(b).first(n)).has_value()) << n;
  }
  EXPECT_TRUE(UdpHeaderView::Create(b).has_value());
}

TEST(UdpHeaderViewTest, ReadsFieldsAtRfc768Offsets) {
  std::vector<std::byte> b = Bytes({0x04, 0xD2, 0x00, 0x35, 0x00, 0x0C, 0xAB, 0xCD, 1, 2, 3, 4});
  auto view = UdpHeaderView::Create(b);
  ASSERT_TRUE(view.has_value());
  EXPECT_EQ(view->source_port(), 1234);
  EXPECT_EQ(view->destination_port(), 53);
  EXPECT_EQ(view->length(), 12);
  EXPECT_EQ(view->checksum(), 0xABCD);
}

TEST(UdpHeaderTest, EmitThenViewIsIdentity) {
  UdpHeader h{65535, 1, 8, 0xFFFF};
  std::array<std::byte, 8> out{};
  h.Emit(out);
  EXPECT_EQ(std::vector<std::byte>(out.begin(), out.end()),
            Bytes({0xFF, 0xFF, 0x00, 0x01, 0x00, 0x08, 0xFF, 0xFF}));
  auto view = UdpHeaderView::Create(out);
  ASSERT_TRUE(view.has_value());
  EXPECT_EQ(UdpHeader::FromView(*view), h);
}

}  // namespace
}  // namespace rampart::wire
