// The receive decision allocates nothing: counted by replacing the global
// allocation functions in this test binary alone (it is built separately
// from rampart_tests so the replacement cannot affect other tests).
#include <gtest/gtest.h>

#include <vector>

#include "alloc_counter.h"
#include "test_util.h"
#include "udp/demux_table.h"
#include "udp/rx_decision.h"

namespace rampart::udp {
namespace {

using testing::BuildDatagram;
using testing::V4;
using testing::V6;

TEST(RxNoAllocationTest, EveryVerdictIsReachedWithoutAllocating) {
  DemuxTable table;
  for (uint16_t port = 1000; port < 3000; ++port) {
    ASSERT_TRUE(table
                    .Insert({wire::IpAddress::Unspecified(wire::IpFamily::kIpv4), port},
                            {ConnectionId{port}})
                    .ok());
  }
  ASSERT_TRUE(table.Insert({V4(192, 0, 2, 1), 53}, {ConnectionId{1}}).ok());
  ASSERT_TRUE(table.Insert({V6("2001:db8::1"), 53}, {ConnectionId{2}}).ok());
  ASSERT_TRUE(table.SetPromiscuous({ConnectionId{3}}).ok());
  const wire::IpAddress s4 = V4(198, 51, 100, 7), d4 = V4(192, 0, 2, 1);
  const wire::IpAddress s6 = V6("2001:db8::7"), d6 = V6("2001:db8::1");
  // Inputs built before counting starts.
  std::vector<std::pair<std::vector<std::byte>, RxFacts>> inputs = {
      {BuildDatagram(s4, d4, {.payload = testing::BytesOf("deliver")}), {s4, d4}},
      {BuildDatagram(s6, d6, {.payload = std::vector<std::byte>(1472)}), {s6, d6}},
      {BuildDatagram(s4, d4, {.destination_port = 2500}), {s4, d4}},
      {BuildDatagram(s4, d4, {.destination_port = 9}), {s4, d4}},  // promiscuous
      {BuildDatagram(s4, d4, {.checksum_field = 1}), {s4, d4}},
      {BuildDatagram(s6, d6, {.checksum_field = 0}), {s6, d6}},
      {BuildDatagram(s4, d4, {.length_field = 3}), {s4, d4}},
      {BuildDatagram(s4, d4, {.length_field = 900}), {s4, d4}},
      {BuildDatagram(s4, d4, {.destination_port = 0}), {s4, d4}},
      {std::vector<std::byte>(5), {s4, d4}},
      {BuildDatagram(s4, d4, {}), {s6, d4}},
  };
  size_t delivered = 0;
  size_t before = testing::HeapAllocations();
  for (int round = 0; round < 100; ++round) {
    for (const auto& [datagram, facts] : inputs) {
      RxDecision d = DecideRx(datagram, facts, ChecksumPolicy::kVerify, table);
      delivered += std::holds_alternative<DeliverVerdict>(d) ? 1 : 0;
    }
  }
  size_t after = testing::HeapAllocations();
  EXPECT_EQ(after - before, 0u);
  EXPECT_EQ(delivered, 100u * 4);  // four of the inputs are delivered
  // The counter itself works. (A direct call of operator new, since the
  // compiler may elide a new-expression whose result is unused.)
  void* probe = ::operator new(sizeof(int));
  EXPECT_EQ(testing::HeapAllocations(), after + 1);
  ::operator delete(probe);
}

}  // namespace
}  // namespace rampart::udp
