#include "netdev/pcap.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "netdev/device_spec.h"
#include "netdev/loopback.h"
#include "stack/frames.h"
#include "test_util.h"

namespace rampart::netdev {
namespace {

std::string TempPath(const char* name) {
  return (std::filesystem::temp_directory_path() /
          (std::string(name) + "-" + std::to_string(::getpid()) + ".pcap"))
      .string();
}

TEST(PcapTest, WrittenFramesReadBackInOrder) {
  const std::string path = TempPath("rampart-pcap");
  const auto one = testing::EthFrame(testing::kStackMac, testing::kPeerMac, 0x0800,
                                     testing::BytesOf("first frame"));
  const auto two = testing::EthFrame(testing::kStackMac, testing::kPeerMac, 0x86DD,
                                     std::vector<std::byte>(1500, std::byte{0x5A}));
  {
    auto writer = PcapWriter::Open(path);
    ASSERT_TRUE(writer.ok()) << writer.status();
    (*writer)->Write(one);
    (*writer)->Write(two);
  }
  auto device = PcapDevice::Open(path, "", testing::kStackMac, 1500);
  ASSERT_TRUE(device.ok());
  std::vector<std::vector<std::byte>> frames;
  auto polled = (*device)->Poll(
      [&](const stack::RxFrame& f) { frames.emplace_back(f.bytes.begin(), f.bytes.end()); }, 10);
  ASSERT_TRUE(polled.ok());
  EXPECT_EQ(*polled, 2u);
  EXPECT_TRUE((*device)->input_done());
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0], one);
  EXPECT_EQ(frames[1], two);
  std::filesystem::remove(path);
}

TEST(PcapTest, ErrorsNameTheFile) {
  auto missing = PcapReader::Open("/nonexistent/rampart.pcap");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/rampart.pcap"), std::string::npos);
  EXPECT_FALSE(OpenDevice("bogus:x", testing::kStackMac, 1500).ok());
  EXPECT_FALSE(OpenDevice("tap:", testing::kStackMac, 1500).ok());
}

TEST(LoopbackTest, WhatIsSentIsReceivedAndQueuesAreBounded) {
  auto loop = MakeLoopback(testing::kStackMac);
  const auto frame = testing::EthFrame(testing::kStackMac, testing::kPeerMac, 0x0800, {});
  ASSERT_TRUE(loop->Transmit(frame).ok());
  EXPECT_EQ(loop->queued(), 1u);
  EXPECT_FALSE(loop->Transmit(std::vector<std::byte>(2000)).ok());
  EXPECT_EQ(loop->counters().tx_errors, 1u);
  for (size_t i = 0; i < MemoryDevice::kQueueLimit + 10; ++i) loop->Inject(frame);
  EXPECT_EQ(loop->queued(), MemoryDevice::kQueueLimit);
  EXPECT_EQ(loop->counters().rx_dropped, 11u);
}

}  // namespace
}  // namespace rampart::netdev
