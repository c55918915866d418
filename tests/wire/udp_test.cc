#include "wire/udp.h"

#include <gtest/gtest.h>

#include <vector>

#include "test_util.h"

namespace rampart::wire {
namespace {

using testing::Bytes;

TEST(UdpViewTest, RejectsFewerThanEightBytes) {
  std::vector<std::byte> b = Bytes({0, 1, 0, 2, 0, 8, 0, 0});
  for (size_t n = 0; n < 8; ++n) {
    EXPECT_EQ(UdpView::Create(std::span(b).first(n), IpFamily::kIpv4).error(),
              Reason::kUdpTruncatedHeader)
        << n;
  }
  EXPECT_TRUE(UdpView::Create(b, IpFamily::kIpv4).ok());
}

TEST(UdpViewTest, ValidatesTheLengthFieldOnce) {
  // Length 0: below the header for IPv4, a jumbogram for IPv6 (RFC 2675).
  std::vector<std::byte> b = Bytes({0, 1, 0, 2, 0, 0, 0, 0, 9, 9});
  EXPECT_EQ(UdpView::Create(b, IpFamily::kIpv4).error(), Reason::kUdpLengthBelowHeader);
  EXPECT_EQ(UdpView::Create(b, IpFamily::kIpv6).error(), Reason::kUdpIpv6Jumbogram);
  b[5] = std::byte{7};
  EXPECT_EQ(UdpView::Create(b, IpFamily::kIpv6).error(), Reason::kUdpLengthBelowHeader);
  b[5] = std::byte{11};
  EXPECT_EQ(UdpView::Create(b, IpFamily::kIpv4).error(), Reason::kUdpLengthExceedsPacket);
  b[5] = std::byte{9};  // one byte of payload; the tenth byte is trailing
  auto view = UdpView::Create(b, IpFamily::kIpv4);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view.error(), Reason::kNone);
  EXPECT_EQ(view->length(), 9);
  EXPECT_EQ(view->datagram().size(), 9u);
  EXPECT_EQ(view->payload().size(), 1u);
}

TEST(UdpViewTest, ReadsFieldsAtRfc768Offsets) {
  std::vector<std::byte> b = Bytes({0x04, 0xD2, 0x00, 0x35, 0x00, 0x0C, 0xAB, 0xCD, 1, 2, 3, 4});
  auto view = UdpView::Create(b, IpFamily::kIpv6);
  ASSERT_TRUE(view.ok());
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
  auto view = UdpView::Create(out, IpFamily::kIpv4);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(UdpHeader::FromView(view.value()), h);
}

}  // namespace
}  // namespace rampart::wire
