#include "wire/checksum.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "test_util.h"

namespace rampart::wire {
namespace {

using testing::Bytes;
using testing::ReferenceChecksum;

// RFC 1071 section 3 worked example: the bytes 00 01 f2 03 f4 f5 f6 f7 sum
// to 0xddf2 (folded), so the checksum is its complement 0x220d.
TEST(ChecksumTest, Rfc1071WorkedExample) {
  std::vector<std::byte> data = Bytes({0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7});
  ChecksumAccumulator sum;
  sum.Add(data);
  EXPECT_EQ(sum.FoldedSum(), 0xddf2);
  EXPECT_EQ(sum.Checksum(), 0x220d);
  EXPECT_EQ(InternetChecksum(data), 0x220d);
}

TEST(ChecksumTest, EmptyIsAllOnes) {
  EXPECT_EQ(InternetChecksum({}), 0xFFFF);
  ChecksumAccumulator sum;
  EXPECT_EQ(sum.Checksum(), 0xFFFF);
  EXPECT_EQ(sum.length(), 0u);
}

TEST(ChecksumTest, OddLengthPadsWithZero) {
  EXPECT_EQ(InternetChecksum(Bytes({0xAB})), static_cast<uint16_t>(~0xAB00));
  EXPECT_EQ(InternetChecksum(Bytes({0x01, 0x02, 0x03})), static_cast<uint16_t>(~(0x0102 + 0x0300)));
}

TEST(ChecksumTest, CarriesWrapAround) {
  // 0xFFFF + 0x0001 = 0x10000 -> folds to 0x0001.
  EXPECT_EQ(InternetChecksum(Bytes({0xFF, 0xFF, 0x00, 0x01})), static_cast<uint16_t>(~1));
}

TEST(ChecksumTest, DataWithItsChecksumSumsToZero) {
  std::vector<std::byte> data = Bytes({0x45, 0x00, 0x00, 0x1c, 0x12, 0x34, 0x00, 0x00});
  uint16_t c = InternetChecksum(data);
  data.push_back(static_cast<std::byte>(c >> 8));
  data.push_back(static_cast<std::byte>(c & 0xFF));
  EXPECT_EQ(InternetChecksum(data), 0);
}

TEST(ChecksumTest, AddWordEqualsAddingItsBytes) {
  ChecksumAccumulator a;
  ChecksumAccumulator b;
  a.Add(Bytes({0x11}));
  b.Add(Bytes({0x11}));
  a.AddWord(0xA1B2);
  b.Add(Bytes({0xA1, 0xB2}));
  EXPECT_EQ(a.Checksum(), b.Checksum());
}

// Every length 0..300 at every start offset 0..3, against the slow
// reference in the tests.
TEST(ChecksumTest, MatchesReferenceOnRandomDataAllLengthsAndOffsets) {
  std::mt19937 rng(1071);
  std::vector<std::byte> data(304);
  for (auto& b : data) b = static_cast<std::byte>(rng());
  for (size_t offset = 0; offset < 4; ++offset) {
    for (size_t length = 0; length + offset <= 300; ++length) {
      std::span<const std::byte> piece = std::span(data).subspan(offset, length);
      std::vector<std::byte> copy(piece.begin(), piece.end());
      ASSERT_EQ(InternetChecksum(piece), ReferenceChecksum({copy}))
          << "offset " << offset << " length " << length;
    }
  }
}

// Splitting the stream anywhere, including at odd positions, gives the
// same checksum as summing it whole.
TEST(ChecksumTest, IncrementalContinueMatchesWholeAtEverySplit) {
  std::mt19937 rng(768);
  for (int round = 0; round < 50; ++round) {
    std::vector<std::byte> data(rng() % 200);
    for (auto& b : data) b = static_cast<std::byte>(rng());
    uint16_t whole = ReferenceChecksum({data});
    for (size_t a = 0; a <= data.size(); ++a) {
      size_t b = a + (rng() % (data.size() - a + 1));
      ChecksumAccumulator sum;
      sum.Add(std::span(data).first(a));
      sum.Add(std::span(data).subspan(a, b - a));
      sum.Add(std::span(data).subspan(b));
      ASSERT_EQ(sum.Checksum(), whole) << "split " << a << "," << b;
      ASSERT_EQ(sum.length(), data.size());
    }
  }
}

TEST(ChecksumTest, FoldSumHandlesLargeSums) {
  EXPECT_EQ(FoldSum(0), 0);
  EXPECT_EQ(FoldSum(0xFFFF), 0xFFFF);
  EXPECT_EQ(FoldSum(0x1FFFE), 0xFFFF);
  EXPECT_EQ(FoldSum(0xFFFFFFFFFFFFull), 0xFFFF);
  EXPECT_EQ(FoldSum(0x10000), 1);
}

}  // namespace
}  // namespace rampart::wire
