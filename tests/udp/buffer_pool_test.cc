#include "udp/buffer_pool.h"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "test_util.h"

namespace rampart::udp {
namespace {

TEST(BufferPoolTest, TakesCopiesAndBoundsBuffersInUse) {
  BufferPool::Owner pool = BufferPool::Create(2, 16, 4);
  const std::vector<std::byte> payload = testing::BytesOf("hello");
  std::optional<IoBuffer> a = pool->Take(payload);
  std::optional<IoBuffer> b = pool->Take(payload);
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ(std::vector<std::byte>(a->data().begin(), a->data().end()), payload);
  EXPECT_EQ(a->headroom(), 4u);  // room to push headers and send it back
  EXPECT_EQ(pool->in_use(), 2u);
  EXPECT_FALSE(pool->Take(payload).has_value()) << "capacity 2";
  a.reset();
  EXPECT_EQ(pool->in_use(), 1u);
  EXPECT_TRUE(pool->Take(payload).has_value()) << "a buffer came back";
  EXPECT_FALSE(pool->Take(std::vector<std::byte>(17)).has_value()) << "larger than a buffer";
}

TEST(BufferPoolTest, MovedAndAssignedBuffersReturnOnce) {
  BufferPool::Owner pool = BufferPool::Create(1, 8, 0);
  std::optional<IoBuffer> taken = pool->Take(testing::BytesOf("x"));
  ASSERT_TRUE(taken.has_value());
  IoBuffer moved = std::move(*taken);
  taken.reset();
  EXPECT_EQ(pool->in_use(), 1u);
  moved = IoBuffer(0, 4);  // assigning over a pooled buffer returns it
  EXPECT_EQ(pool->in_use(), 0u);
}

TEST(BufferPoolTest, ABufferMayOutliveThePoolsOwner) {
  std::optional<IoBuffer> kept;
  {
    BufferPool::Owner pool = BufferPool::Create(4, 8, 0);
    kept = pool->Take(testing::BytesOf("late"));
    ASSERT_TRUE(kept.has_value());
  }
  // The owner is gone; the buffer still reads, and dropping it frees the
  // pool (LeakSanitizer in the asan preset checks that it does).
  EXPECT_EQ(kept->size(), 4u);
  kept.reset();
}

}  // namespace
}  // namespace rampart::udp
