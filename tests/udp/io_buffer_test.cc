#include "udp/io_buffer.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace rampart::udp {
namespace {

using testing::Bytes;

std::vector<std::byte> Data(const IoBuffer& b) {
  return std::vector<std::byte>(b.data().begin(), b.data().end());
}

TEST(IoBufferTest, PushPullPutTrimMoveTheWindow) {
  IoBuffer b(8, 8);
  EXPECT_EQ(b.size(), 0u);
  EXPECT_EQ(b.headroom(), 8u);
  EXPECT_EQ(b.tailroom(), 8u);
  ASSERT_TRUE(b.Append(Bytes({1, 2, 3})).ok());
  auto head = b.Push(2);
  ASSERT_TRUE(head.ok());
  (*head)[0] = std::byte{0xA};
  (*head)[1] = std::byte{0xB};
  EXPECT_EQ(Data(b), Bytes({0xA, 0xB, 1, 2, 3}));
  EXPECT_EQ(b.headroom(), 6u);
  ASSERT_TRUE(b.Pull(1).ok());
  ASSERT_TRUE(b.Trim(1).ok());
  EXPECT_EQ(Data(b), Bytes({0xB, 1, 2}));
  auto tail = b.Put(2);
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(Data(b), Bytes({0xB, 1, 2, 0, 0}));
}

TEST(IoBufferTest, OverrunsAreRefusedAndChangeNothing) {
  IoBuffer b(2, 2);
  ASSERT_TRUE(b.Append(Bytes({7})).ok());
  EXPECT_EQ(b.Push(3).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(b.Pull(2).code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(b.Trim(2).code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(b.Put(2).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(b.Append(Bytes({1, 2})).code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(b.Narrow(1, 1).code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(b.Narrow(SIZE_MAX, 2).code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(Data(b), Bytes({7}));
  EXPECT_EQ(b.headroom(), 2u);
}

TEST(IoBufferTest, NarrowSelectsARange) {
  IoBuffer b = IoBuffer::CopyOf(Bytes({0, 1, 2, 3, 4, 5}), 4);
  EXPECT_EQ(b.headroom(), 4u);
  ASSERT_TRUE(b.Narrow(2, 3).ok());
  EXPECT_EQ(Data(b), Bytes({2, 3, 4}));
  EXPECT_EQ(b.headroom(), 6u);
  EXPECT_EQ(b.tailroom(), 1u);
}

TEST(IoBufferTest, EnsureHeadroomKeepsData) {
  IoBuffer b = IoBuffer::CopyOf(Bytes({1, 2, 3}));
  b.EnsureHeadroom(10);
  EXPECT_GE(b.headroom(), 10u);
  EXPECT_EQ(Data(b), Bytes({1, 2, 3}));
  b.EnsureHeadroom(4);  // already enough: no change
  EXPECT_GE(b.headroom(), 10u);
}

TEST(IoBufferTest, MoveLeavesSourceEmpty) {
  IoBuffer a = IoBuffer::CopyOf(Bytes({1, 2}), 3);
  IoBuffer b = std::move(a);
  EXPECT_EQ(Data(b), Bytes({1, 2}));
  EXPECT_EQ(a.size(), 0u);      // NOLINT(bugprone-use-after-move): defined state
  EXPECT_EQ(a.headroom(), 0u);  // NOLINT(bugprone-use-after-move)
  IoBuffer c;
  c = std::move(b);
  EXPECT_EQ(Data(c), Bytes({1, 2}));
}

}  // namespace
}  // namespace rampart::udp
