#include "netdev/e1000/e1000.h"

#include <gtest/gtest.h>

#include <array>

#include "harness/fake_e1000.h"
#include "netdev/e1000/registers.h"
#include "netdev/e1000/rx_ring.h"
#include "netdev/vfio/vfio.h"
#include "stack/frames.h"
#include "test_util.h"

namespace rampart::netdev::e1000 {
namespace {

using fuzz::FakeE1000;

E1000Options SmallRings() {
  E1000Options options;
  options.rx_ring_size = 8;
  options.tx_ring_size = 8;
  options.poll_budget = 4;
  options.sleep_ms = [](int) {};
  return options;
}

TEST(RxRingTest, AWriteBackIsReadStatusFirstAndOnlyWhenDone) {
  // A descriptor the device has not finished: whatever its length and
  // error bytes hold (a write-back in flight), they are not read.
  std::array<std::byte, 16> descriptor{};
  descriptor[rx_desc::kLength] = std::byte{0xEE};
  descriptor[rx_desc::kLength + 1] = std::byte{0x05};
  descriptor[rx_desc::kErrors] = std::byte{0xFF};
  RxWriteBack pending = ReadRxWriteBack(descriptor);
  EXPECT_EQ(pending.status & rx_desc::kDone, 0);
  EXPECT_EQ(pending.length, 0);
  EXPECT_EQ(pending.errors, 0);
  // Done: everything is read.
  descriptor[rx_desc::kStatus] = std::byte{rx_desc::kDone | rx_desc::kEndOfPacket};
  RxWriteBack done = ReadRxWriteBack(descriptor);
  EXPECT_EQ(done.length, 0x05EE);
  EXPECT_EQ(done.errors, 0xFF);
}

TEST(RxRingTest, ConsumesOnlyPostedCompleteSlotsWithinBudget) {
  std::vector<RxWriteBack> wb(6, RxWriteBack{60, rx_desc::kDone | rx_desc::kEndOfPacket, 0});
  wb[1].errors = 0x01;            // CRC error
  wb[2].length = 4000;            // longer than the buffer
  wb[3].status = rx_desc::kDone;  // no EOP: fragment
  wb[4].length = 10;              // EOP of the dropped fragment
  std::vector<uint8_t> posted(8, 1);
  std::vector<RxSlotAction> actions(8);
  const RxRingShape shape{8, 2048, 6};
  const RxRingDecision d = DecideRxRing(wb, posted, shape, {0, false}, actions);
  EXPECT_EQ(d.consumed, 6u);
  EXPECT_TRUE(actions[0].deliver);
  EXPECT_FALSE(actions[1].deliver);
  EXPECT_FALSE(actions[2].deliver);
  EXPECT_FALSE(actions[3].deliver);
  EXPECT_FALSE(actions[4].deliver);
  EXPECT_TRUE(actions[5].deliver);
  EXPECT_EQ(d.counts.frames, 2u);
  EXPECT_EQ(d.counts.device_errors, 1u);
  EXPECT_EQ(d.counts.bad_length, 1u);
  EXPECT_EQ(d.counts.fragmented, 2u);
  EXPECT_EQ(d.counts.budget_reached, 1u);
  EXPECT_EQ(d.state.next, 6u);
}

TEST(RxRingTest, DoneOnAnUnpostedSlotStopsAndIsCounted) {
  std::vector<RxWriteBack> wb(3, RxWriteBack{60, rx_desc::kDone | rx_desc::kEndOfPacket, 0});
  std::vector<uint8_t> posted(8, 1);
  posted[7] = 0;
  std::vector<RxSlotAction> actions(8);
  const RxRingDecision d = DecideRxRing(wb, posted, {8, 2048, 4}, {6, false}, actions);
  EXPECT_EQ(d.consumed, 1u);
  EXPECT_EQ(d.counts.unposted_done, 1u);
  EXPECT_EQ(d.state.next, 7u);
  // Malformed arguments decide nothing.
  EXPECT_EQ(DecideRxRing(wb, posted, {8, 2048, 4}, {9, false}, actions).consumed, 0u);
  EXPECT_EQ(
      DecideRxRing(wb, std::span(posted).first(4), {8, 2048, 4}, {0, false}, actions).consumed, 0u);
}

TEST(E1000Test, InitProgramsTheDeviceAndReadsTheMac) {
  FakeE1000 fake;
  auto nic = E1000Device::Create(fake, fake, SmallRings());
  ASSERT_TRUE(nic.ok()) << nic.status();
  EXPECT_EQ((*nic)->mac(), (wire::MacAddress{{0x52, 0x54, 0x00, 0x12, 0x34, 0x56}}));
  EXPECT_TRUE((*nic)->link_up());
  EXPECT_EQ(fake.Register(reg::kRdlen), 8u * 16);
  EXPECT_EQ(fake.rdt_writes, std::vector<uint32_t>{7});
  EXPECT_NE(fake.Register(reg::kRctl) & rctl::kEnable, 0u);
  EXPECT_NE(fake.Register(reg::kTctl) & tctl::kEnable, 0u);
  EXPECT_EQ(fake.Register(reg::kRdbal) % 128, 0u);
}

TEST(E1000Test, ReceivesInOrderAcrossWrapAndHandsUpCopies) {
  FakeE1000 fake;
  auto nic = E1000Device::Create(fake, fake, SmallRings());
  ASSERT_TRUE(nic.ok());
  std::vector<std::vector<std::byte>> got;
  const auto collect = [&](const stack::RxFrame& f) {
    got.emplace_back(f.bytes.begin(), f.bytes.end());
  };
  for (int round = 0; round < 10; ++round) {
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(fake.DeliverFrame(std::vector<std::byte>(60 + round * 3 + i, std::byte(round))));
    }
    ASSERT_TRUE((*nic)->Poll(collect, 64).ok());
  }
  ASSERT_EQ(got.size(), 30u);
  for (size_t k = 0; k < got.size(); ++k) EXPECT_EQ(got[k].size(), 60 + k);
  EXPECT_EQ((*nic)->counters().rx_frames, 30u);
}

TEST(E1000Test, FullRingStopsTheDeviceUntilPolled) {
  FakeE1000 fake;
  auto nic = E1000Device::Create(fake, fake, SmallRings());
  ASSERT_TRUE(nic.ok());
  size_t accepted = 0;
  while (fake.DeliverFrame(std::vector<std::byte>(64)) && accepted < 100) ++accepted;
  EXPECT_EQ(accepted, 7u);  // one slot always stays with software
  size_t frames = 0;
  ASSERT_TRUE((*nic)->Poll([&](const stack::RxFrame&) { ++frames; }, 64).ok());
  EXPECT_EQ(frames, 4u);  // the poll budget
  EXPECT_TRUE(fake.DeliverFrame(std::vector<std::byte>(64)));
}

TEST(E1000Test, TransmitCopiesFramesAndReportsAFullRing) {
  FakeE1000 fake;
  auto nic = E1000Device::Create(fake, fake, SmallRings());
  ASSERT_TRUE(nic.ok());
  const auto frame = testing::EthFrame(testing::kPeerMac, testing::kStackMac, 0x0800,
                                       std::vector<std::byte>(100, std::byte{7}));
  ASSERT_TRUE((*nic)->Transmit(frame).ok());
  ASSERT_EQ(fake.transmitted.size(), 1u);
  EXPECT_EQ(fake.transmitted[0], frame);
  fake.transmit_on_doorbell = false;  // the device stops completing
  size_t sent = 0;
  while ((*nic)->Transmit(frame).ok() && sent < 100) ++sent;
  EXPECT_EQ(sent, 7u);  // eight slots, one kept free
  EXPECT_GE((*nic)->driver_counters().tx_ring_full, 1u);
  EXPECT_FALSE((*nic)->Transmit(std::vector<std::byte>(5)).ok());  // too short
}

TEST(E1000Test, BadSettingsAndDmaExhaustionAreErrors) {
  FakeE1000 fake;
  E1000Options odd = SmallRings();
  odd.rx_ring_size = 12;
  EXPECT_FALSE(E1000Device::Create(fake, fake, odd).ok());
  fake.allocations_succeed = false;
  EXPECT_EQ(E1000Device::Create(fake, fake, SmallRings()).status().code(),
            absl::StatusCode::kResourceExhausted);
}

TEST(VfioTest, IovaAllocatorStaysInsideTheRanges) {
  vfio::IovaAllocator iovas({{0x1000, 0xFEDFFFFF}, {0xFEF00000, 0x7FFFFFFFFF}}, 0x4000000000);
  auto first = iovas.Allocate(0x10000, 4096);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, 0x4000000000u);
  auto second = iovas.Allocate(0x1000, 0x10000);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, 0x4000010000u);
  EXPECT_FALSE(iovas.Allocate(0x8000000000, 4096).ok());
  vfio::IovaAllocator narrow({{0x1000, 0x1FFFF}}, 0x1000);
  EXPECT_TRUE(narrow.Allocate(0x10000, 4096).ok());
  EXPECT_FALSE(narrow.Allocate(0x10000, 4096).ok());  // only 0xF000 left
  EXPECT_FALSE(narrow.Allocate(0, 4096).ok());
}

TEST(VfioTest, PagemapEntriesBecomePhysicalAddresses) {
  const uint64_t present = uint64_t{1} << 63;
  auto physical = vfio::PhysicalFromPagemap(present | 0x1234, 0x7f0000000123, 4096);
  ASSERT_TRUE(physical.ok());
  EXPECT_EQ(*physical, 0x1234u * 4096 + 0x123);
  EXPECT_EQ(vfio::PhysicalFromPagemap(0x1234, 0, 4096).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(vfio::PhysicalFromPagemap(present, 0, 4096).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(VfioTest, ParsesTheIovaRangeCapability) {
  // vfio_iommu_type1_info (argsz, flags, pgsizes, cap_offset) then one
  // capability at 24: header (id 1, version 1, next 0), nr_iovas, reserved,
  // then two ranges.
  std::vector<std::byte> info(24 + 16 + 32);
  const auto put = [&](size_t at, uint64_t value, size_t width) {
    for (size_t i = 0; i < width; ++i)
      info[at + i] = static_cast<std::byte>((value >> (8 * i)) & 0xFF);
  };
  put(0, info.size(), 4);
  put(4, 2, 4);  // VFIO_IOMMU_INFO_CAPS
  put(16, 24, 4);
  put(24, 1, 2);
  put(26, 1, 2);
  put(28, 0, 4);
  put(32, 2, 4);
  put(40, 0x1000, 8);
  put(48, 0xFEDFFFFF, 8);
  put(56, 0xFEF00000, 8);
  put(64, 0x7FFFFFFFFF, 8);
  auto ranges = vfio::ParseIovaRanges(info);
  ASSERT_TRUE(ranges.ok()) << ranges.status();
  ASSERT_EQ(ranges->size(), 2u);
  EXPECT_EQ((*ranges)[1].last, 0x7FFFFFFFFFu);
  put(28, 24, 4);  // a chain that points at itself
  EXPECT_FALSE(vfio::ParseIovaRanges(info).ok());
  put(28, 0, 4);
  put(32, 1000, 4);  // more ranges than bytes
  EXPECT_FALSE(vfio::ParseIovaRanges(info).ok());
}

TEST(VfioTest, OpenNamesTheProblem) {
  EXPECT_TRUE(vfio::IsPciAddress("0000:00:01.0"));
  EXPECT_FALSE(vfio::IsPciAddress("0000:00:20.0"));
  EXPECT_FALSE(vfio::IsPciAddress("00:01.0"));
  auto bad = vfio::VfioDevice::Open("00:01.0", false);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  auto missing = vfio::VfioDevice::Open("0000:7f:1f.7", false);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("0000:7f:1f.7"), std::string::npos);
}

}  // namespace
}  // namespace rampart::netdev::e1000
