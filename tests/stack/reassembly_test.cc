#include "stack/reassembly.h"

#include <gtest/gtest.h>

#include <vector>

#include "test_util.h"

namespace rampart::stack {
namespace {

using Status = ReassemblyResult::Status;
using testing::V4;

std::vector<std::byte> Pattern(size_t size, uint8_t seed) {
  std::vector<std::byte> bytes(size);
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::byte>((i + seed) & 0xFF);
  return bytes;
}

class ReassemblyTest : public ::testing::Test {
 protected:
  Fragment Make(uint32_t offset, std::span<const std::byte> data, bool more, uint32_t id = 1,
                wire::IpAddress source = V4(192, 0, 2, 1)) {
    Fragment f;
    f.key = ReassemblyKey{source, V4(192, 0, 2, 2), id, 17};
    f.offset = offset;
    f.more = more;
    f.protocol = 17;
    f.data = data;
    f.max_size = 65515;
    return f;
  }
  std::vector<std::byte> whole_ = Pattern(3000, 3);
  std::span<const std::byte> Part(size_t begin, size_t end) {
    return std::span<const std::byte>(whole_).subspan(begin, end - begin);
  }
};

TEST_F(ReassemblyTest, InOrderCompletesAndReleasesMemory) {
  Reassembler r;
  EXPECT_EQ(r.Add(Make(0, Part(0, 1000), true), 0).status, Status::kPending);
  EXPECT_EQ(r.Add(Make(1000, Part(1000, 2000), true), 0).status, Status::kPending);
  EXPECT_GT(r.bytes_in_use(), 0u);
  ReassemblyResult done = r.Add(Make(2000, Part(2000, 3000), false), 0);
  ASSERT_EQ(done.status, Status::kComplete);
  EXPECT_EQ(std::vector<std::byte>(done.payload.begin(), done.payload.end()), whole_);
  EXPECT_EQ(done.protocol, 17);
  EXPECT_EQ(r.bytes_in_use(), 0u);
  EXPECT_EQ(r.pending_datagrams(), 0u);
  EXPECT_EQ(r.counters().completed, 1u);
}

TEST_F(ReassemblyTest, OutOfOrderCompletes) {
  Reassembler r;
  EXPECT_EQ(r.Add(Make(2000, Part(2000, 3000), false), 0).status, Status::kPending);
  EXPECT_EQ(r.Add(Make(1000, Part(1000, 2000), true), 0).status, Status::kPending);
  ReassemblyResult done = r.Add(Make(0, Part(0, 1000), true), 0);
  ASSERT_EQ(done.status, Status::kComplete);
  EXPECT_EQ(std::vector<std::byte>(done.payload.begin(), done.payload.end()), whole_);
}

TEST_F(ReassemblyTest, OverlapDropsWholeDatagram) {
  Reassembler r;
  EXPECT_EQ(r.Add(Make(0, Part(0, 1000), true), 0).status, Status::kPending);
  ReassemblyResult overlap = r.Add(Make(992, Part(992, 2000), true), 0);
  EXPECT_EQ(overlap.status, Status::kDropped);
  EXPECT_EQ(overlap.reason, Reason::kFragOverlap);
  EXPECT_EQ(r.pending_datagrams(), 0u);
  EXPECT_EQ(r.bytes_in_use(), 0u);
  // The rest alone no longer completes anything.
  EXPECT_EQ(r.Add(Make(2000, Part(2000, 3000), false), 0).status, Status::kPending);
  EXPECT_EQ(r.counters().failed, 1u);
}

TEST_F(ReassemblyTest, ExactDuplicateIsAnOverlap) {
  Reassembler r;
  EXPECT_EQ(r.Add(Make(0, Part(0, 1000), true), 0).status, Status::kPending);
  EXPECT_EQ(r.Add(Make(0, Part(0, 1000), true), 0).reason, Reason::kFragOverlap);
}

TEST_F(ReassemblyTest, RefusesMalformedFragments) {
  Reassembler r;
  EXPECT_EQ(r.Add(Make(0, Part(0, 1001), true), 0).reason, Reason::kFragBadLength);
  EXPECT_EQ(r.Add(Make(0, Part(0, 0), true), 0).reason, Reason::kFragEmpty);
  std::vector<std::byte> big(1000);
  EXPECT_EQ(r.Add(Make(65000, big, false), 0).reason, Reason::kFragTooLarge);
  EXPECT_EQ(r.bytes_in_use(), 0u);
}

TEST_F(ReassemblyTest, InconsistentEndsDropTheDatagram) {
  Reassembler r;
  EXPECT_EQ(r.Add(Make(0, Part(0, 1000), false), 0).status, Status::kComplete);
  EXPECT_EQ(r.Add(Make(1000, Part(1000, 2000), false, 2), 0).status, Status::kPending);
  EXPECT_EQ(r.Add(Make(2000, Part(2000, 3000), true, 2), 0).reason,
            Reason::kFragInconsistentEnd);  // data past the end
  EXPECT_EQ(r.Add(Make(1000, Part(1000, 2000), false, 3), 0).status, Status::kPending);
  EXPECT_EQ(r.Add(Make(2000, Part(2000, 2008), false, 3), 0).reason,
            Reason::kFragInconsistentEnd);  // a second, different end
  EXPECT_EQ(r.pending_datagrams(), 0u);
}

TEST_F(ReassemblyTest, FragmentCountIsBounded) {
  ReassemblyLimits limits;
  limits.max_fragments_per_datagram = 4;
  Reassembler r(limits);
  for (uint32_t i = 0; i < 4; ++i) {
    EXPECT_EQ(r.Add(Make(i * 8, Part(i * 8, i * 8 + 8), true), 0).status, Status::kPending);
  }
  EXPECT_EQ(r.Add(Make(32, Part(32, 40), true), 0).reason, Reason::kFragTooManyFragments);
  EXPECT_EQ(r.pending_datagrams(), 0u);
}

TEST_F(ReassemblyTest, MemoryIsBoundedPerSourceAndInTotal) {
  ReassemblyLimits limits;
  limits.max_bytes_per_source = 8 * 1024;
  limits.max_total_bytes = 12 * 1024;
  limits.max_datagrams_per_source = 100;
  limits.max_datagrams = 100;
  Reassembler r(limits);
  std::vector<std::byte> chunk(1024);
  size_t refused = 0;
  for (uint32_t id = 0; id < 50; ++id) {
    const auto result = r.Add(Make(0, chunk, true, id), 0);
    if (result.status == Status::kDropped) {
      EXPECT_EQ(result.reason, Reason::kFragMemoryLimit);
      ++refused;
    }
    EXPECT_LE(r.bytes_in_use(), limits.max_bytes_per_source);
  }
  EXPECT_GT(refused, 0u);
  // Another source still has room in the total budget.
  EXPECT_EQ(r.Add(Make(0, chunk, true, 1, V4(192, 0, 2, 9)), 0).status, Status::kPending);
  for (uint32_t id = 100; id < 150; ++id)
    (void)r.Add(Make(0, chunk, true, id, V4(192, 0, 2, 9)), 0);
  EXPECT_LE(r.bytes_in_use(), limits.max_total_bytes);
}

TEST_F(ReassemblyTest, DatagramCountIsBoundedPerSource) {
  ReassemblyLimits limits;
  limits.max_datagrams_per_source = 2;
  Reassembler r(limits);
  EXPECT_EQ(r.Add(Make(0, Part(0, 8), true, 1), 0).status, Status::kPending);
  EXPECT_EQ(r.Add(Make(0, Part(0, 8), true, 2), 0).status, Status::kPending);
  EXPECT_EQ(r.Add(Make(0, Part(0, 8), true, 3), 0).reason, Reason::kFragMemoryLimit);
}

TEST_F(ReassemblyTest, TimeoutDropsAndCounts) {
  ReassemblyLimits limits;
  limits.timeout_ms = 1000;
  Reassembler r(limits);
  EXPECT_EQ(r.Add(Make(0, Part(0, 1000), true), 0).status, Status::kPending);
  EXPECT_EQ(r.Expire(999), 0u);
  EXPECT_EQ(r.Expire(1000), 1u);
  EXPECT_EQ(r.counters().failed, 1u);
  EXPECT_EQ(r.bytes_in_use(), 0u);
  EXPECT_EQ(r.Add(Make(1000, Part(1000, 3000), false), 2000).status, Status::kPending);
}

TEST_F(ReassemblyTest, ProtocolComesFromTheFirstFragment) {
  Reassembler r;
  Fragment last = Make(8, Part(8, 16), false);
  last.protocol = 58;
  EXPECT_EQ(r.Add(last, 0).status, Status::kPending);
  ReassemblyResult done = r.Add(Make(0, Part(0, 8), true), 0);
  ASSERT_EQ(done.status, Status::kComplete);
  EXPECT_EQ(done.protocol, 17);
}

}  // namespace
}  // namespace rampart::stack
