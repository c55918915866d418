// The checksum-aware mutation support: the layout-driven fixup that the
// libFuzzer custom mutator and the AFL++ post-processor share.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <vector>

#include "harness/udp_rx_layout.h"
#include "test_util.h"

namespace rampart::fuzz {
namespace {

using testing::Bytes;
using testing::V4;
using testing::V6;

/// A udp_rx input: flags, count byte, pseudo-header(s), no listeners, datagram.
std::vector<std::byte> Input(uint8_t flags, uint8_t count_byte, const wire::IpAddress& src,
                             const wire::IpAddress& dst, const std::vector<std::byte>& dgram) {
  std::vector<std::byte> in = Bytes({flags, count_byte});
  auto pseudo = testing::ReferencePseudoHeader(src, dst, static_cast<uint32_t>(dgram.size()));
  in.insert(in.end(), pseudo.begin(), pseudo.end());
  in.insert(in.end(), dgram.begin(), dgram.end());
  return in;
}

std::vector<std::byte> BadDatagram(const wire::IpAddress& s, const wire::IpAddress& d) {
  return testing::BuildDatagram(s, d,
                                {.payload = testing::BytesOf("mutated"), .checksum_field = 0x1234});
}

std::vector<std::byte> DatagramOf(const std::vector<std::byte>& input, size_t pseudo_size) {
  return std::vector<std::byte>(input.begin() + 2 + static_cast<long>(pseudo_size), input.end());
}

TEST(ChecksumFixupTest, LayoutLocatesEveryPart) {
  std::vector<std::byte> in = Bytes({kRxIpv6 | kRxOtherFamilySource, 3});
  UdpRxLayout l = UdpRxLayout::Of(in);
  EXPECT_EQ(l.family, wire::IpFamily::kIpv6);
  EXPECT_EQ(l.pseudo_size, 40u);
  EXPECT_EQ(l.other_pseudo_offset, 42u);
  EXPECT_EQ(l.other_pseudo_size, 12u);
  EXPECT_EQ(l.listeners_offset, 54u);
  EXPECT_EQ(l.datagram_offset, 66u);
}

TEST(ChecksumFixupTest, FixesIpv4AndIpv6Datagrams) {
  for (auto [s, d, flags] : {std::tuple{V4(198, 51, 100, 7), V4(192, 0, 2, 1), uint8_t{0}},
                             std::tuple{V6("2001:db8::7"), V6("2001:db8::1"), kRxIpv6}}) {
    std::vector<std::byte> in = Input(flags, 0, s, d, BadDatagram(s, d));
    ASSERT_TRUE(FixUdpRxChecksum(in));
    std::vector<std::byte> fixed = DatagramOf(in, s.bytes().size() == 4 ? 12 : 40);
    EXPECT_EQ(fixed, testing::BuildDatagram(s, d, {.payload = testing::BytesOf("mutated")}));
  }
}

TEST(ChecksumFixupTest, LeavesRawInputsAndMixedFamiliesAlone) {
  auto s = V4(198, 51, 100, 7);
  auto d = V4(192, 0, 2, 1);
  std::vector<std::byte> raw = Input(0, kRxMutatorLeavesRaw, s, d, BadDatagram(s, d));
  std::vector<std::byte> before = raw;
  EXPECT_FALSE(FixUdpRxChecksum(raw));
  EXPECT_EQ(raw, before);
  std::vector<std::byte> mixed = Input(kRxOtherFamilySource, 0, s, d, BadDatagram(s, d));
  before = mixed;
  EXPECT_FALSE(FixUdpRxChecksum(mixed));
  EXPECT_EQ(mixed, before);
  std::vector<std::byte> short_input = Bytes({0, 0, 1, 2});
  EXPECT_FALSE(FixUdpRxChecksum(short_input));
}

TEST(AflMutatorTest, PostProcessorFixesUdpRxInputs) {
  void* library = dlopen(RAMPART_AFL_MUTATOR_PATH, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(library, nullptr) << dlerror();
  using Init = void* (*)(void*, unsigned int);
  using Post = size_t (*)(void*, uint8_t*, size_t, uint8_t**);
  using Deinit = void (*)(void*);
  auto init = reinterpret_cast<Init>(dlsym(library, "afl_custom_init"));
  auto post = reinterpret_cast<Post>(dlsym(library, "afl_custom_post_process"));
  auto deinit = reinterpret_cast<Deinit>(dlsym(library, "afl_custom_deinit"));
  ASSERT_TRUE(init && post && deinit);

  auto s = V4(198, 51, 100, 7);
  auto d = V4(192, 0, 2, 1);
  std::vector<std::byte> in = Input(0, 0, s, d, BadDatagram(s, d));
  std::vector<uint8_t> raw(in.size());
  for (size_t i = 0; i < in.size(); ++i) raw[i] = static_cast<uint8_t>(in[i]);

  setenv("RAMPART_AFL_TARGET", "udp_rx", 1);
  void* state = init(nullptr, 1);
  uint8_t* out = nullptr;
  size_t n = post(state, raw.data(), raw.size(), &out);
  ASSERT_EQ(n, raw.size());
  std::vector<std::byte> got(n);
  for (size_t i = 0; i < n; ++i) got[i] = static_cast<std::byte>(out[i]);
  EXPECT_EQ(DatagramOf(got, 12),
            testing::BuildDatagram(s, d, {.payload = testing::BytesOf("mutated")}));
  deinit(state);

  setenv("RAMPART_AFL_TARGET", "udp_uri", 1);  // no checksum there: passed through
  state = init(nullptr, 1);
  n = post(state, raw.data(), raw.size(), &out);
  EXPECT_EQ(out, raw.data());
  deinit(state);
  unsetenv("RAMPART_AFL_TARGET");
  dlclose(library);
}

}  // namespace
}  // namespace rampart::fuzz
