#include "wire/checksum_kernels.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "test_util.h"
#include "wire/checksum.h"

namespace rampart::wire {
namespace {

/// The slow reference: big-endian 16-bit words, folded, not complemented.
uint16_t ReferenceFolded(std::span<const std::byte> bytes) {
  const std::vector<std::byte> copy(bytes.begin(), bytes.end());
  return static_cast<uint16_t>(~testing::ReferenceChecksum({copy}) & 0xFFFF);
}

/// A kernel's native sum as SumWords() reports it.
uint16_t AsFolded(uint64_t native) {
  uint16_t folded = FoldSum(native);
  if constexpr (std::endian::native == std::endian::little) {
    folded = static_cast<uint16_t>((folded << 8) | (folded >> 8));
  }
  return folded;
}

void ExpectAllAgree(std::span<const std::byte> data) {
  const uint16_t want = ReferenceFolded(data);
  ASSERT_EQ(AsFolded(checksum_kernels::NativeSumPortable(data)), want) << data.size();
  if (checksum_kernels::Avx2Available()) {
    ASSERT_EQ(AsFolded(checksum_kernels::NativeSumAvx2(data)), want) << data.size();
  }
  if (checksum_kernels::Avx512Available()) {
    ASSERT_EQ(AsFolded(checksum_kernels::NativeSumAvx512(data)), want) << data.size();
  }
  ASSERT_EQ(FoldSum(SumWords(data)), want) << data.size();
}

TEST(ChecksumKernelsTest, EveryKernelMatchesTheReferenceAtEveryLengthAndOffset) {
  std::mt19937 random(20261125);
  std::vector<std::byte> buffer(2100 + 8);
  for (auto& b : buffer) b = static_cast<std::byte>(random());
  for (size_t offset = 0; offset < 8; ++offset) {
    for (size_t length = 0; length <= 2100; ++length) {
      ExpectAllAgree(std::span<const std::byte>(buffer).subspan(offset, length));
    }
  }
}

TEST(ChecksumKernelsTest, EveryVectorAlignment) {
  // Offsets across a whole 64-byte AVX-512 vector, lengths around the
  // kernels' block sizes (32, 128, 256 bytes).
  std::mt19937 random(64);
  std::vector<std::byte> buffer(1200 + 64);
  for (auto& b : buffer) b = static_cast<std::byte>(random());
  for (size_t offset = 8; offset < 64; ++offset) {
    for (size_t length = 0; length <= 1200; length += 7) {
      ExpectAllAgree(std::span<const std::byte>(buffer).subspan(offset, length));
    }
  }
}

TEST(ChecksumKernelsTest, LargeAndExtremeInputs) {
  std::mt19937 random(7);
  for (size_t length : {65507u, 65536u, 1u << 21, (1u << 21) + 131}) {
    std::vector<std::byte> data(length);
    for (auto& b : data) b = static_cast<std::byte>(random());
    ExpectAllAgree(data);
    std::fill(data.begin(), data.end(), std::byte{0xFF});  // every lane at its maximum
    ExpectAllAgree(data);
    std::fill(data.begin(), data.end(), std::byte{0});
    ExpectAllAgree(data);
    std::fill(data.begin(), data.end(), std::byte{0x80});  // the bias boundary
    ExpectAllAgree(data);
  }
}

TEST(ChecksumKernelsTest, ZeroOnlyForZeroData) {
  std::vector<std::byte> data(4096);
  EXPECT_EQ(checksum_kernels::NativeSumPortable(data), 0u);
  data[4000] = std::byte{1};
  EXPECT_NE(checksum_kernels::NativeSumPortable(data), 0u);
  if (checksum_kernels::Avx2Available()) EXPECT_NE(checksum_kernels::NativeSumAvx2(data), 0u);
  if (checksum_kernels::Avx512Available()) {
    EXPECT_NE(checksum_kernels::NativeSumAvx512(data), 0u);
  }
}

}  // namespace
}  // namespace rampart::wire
