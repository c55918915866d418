#include "wire/bytes.h"

#include <gtest/gtest.h>

#include <vector>

#include "test_util.h"

namespace rampart::wire {
namespace {

using testing::Bytes;

TEST(BytesTest, LoadsBigEndian) {
  std::vector<std::byte> b = Bytes({0x12, 0x34, 0x56, 0x78, 0x9a});
  EXPECT_EQ(LoadBe16(b, 0), 0x1234);
  EXPECT_EQ(LoadBe16(b, 3), 0x789a);
  EXPECT_EQ(LoadBe32(b, 0), 0x12345678u);
  EXPECT_EQ(LoadBe32(b, 1), 0x3456789au);
}

TEST(BytesTest, StoresBigEndian) {
  std::vector<std::byte> b(6);
  StoreBe16(b, 0, 0xBEEF);
  StoreBe32(b, 2, 0x01020304u);
  EXPECT_EQ(b, Bytes({0xBE, 0xEF, 1, 2, 3, 4}));
}

TEST(BytesTest, CopyBytesRefusesWhatDoesNotFit) {
  std::vector<std::byte> source = Bytes({1, 2, 3});
  std::vector<std::byte> small(2, std::byte{9});
  EXPECT_FALSE(CopyBytes(small, source));
  EXPECT_EQ(small, Bytes({9, 9}));  // untouched
  std::vector<std::byte> big(4, std::byte{9});
  EXPECT_TRUE(CopyBytes(big, source));
  EXPECT_EQ(big, Bytes({1, 2, 3, 9}));
  EXPECT_TRUE(CopyBytes(big, {}));
}

}  // namespace
}  // namespace rampart::wire
