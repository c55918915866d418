#include "udp/demux_table.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace rampart::udp {
namespace {

using testing::V4;
using wire::IpAddress;
using wire::IpFamily;
using wire::SocketAddress;

TEST(DemuxTableTest, InsertRefusesPortZeroAndDuplicates) {
  DemuxTable t;
  EXPECT_EQ(t.Insert({V4(192, 0, 2, 1), 0}, {ConnectionId{1}}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(t.Insert({V4(192, 0, 2, 1), 53}, {ConnectionId{1}}).ok());
  EXPECT_EQ(t.Insert({V4(192, 0, 2, 1), 53}, {ConnectionId{2}}).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(t.size(), 1u);
}

TEST(DemuxTableTest, RemoveAndContains) {
  DemuxTable t;
  SocketAddress k{V4(192, 0, 2, 1), 53};
  EXPECT_TRUE(t.Insert(k, {ConnectionId{1}}).ok());
  EXPECT_TRUE(t.Contains(k));
  EXPECT_TRUE(t.Remove(k));
  EXPECT_FALSE(t.Remove(k));
  EXPECT_FALSE(t.Contains(k));
  EXPECT_EQ(t.Lookup(k, {V4(198, 51, 100, 1), 9}).entry, nullptr);
}

TEST(DemuxTableTest, LookupScalesToManyEntries) {
  DemuxTable t;
  for (uint16_t p = 1; p <= 20000; ++p) {
    ASSERT_TRUE(t.Insert({IpAddress::Unspecified(IpFamily::kIpv4), p}, {ConnectionId{p}}).ok());
  }
  for (uint16_t p = 1; p <= 20000; p = static_cast<uint16_t>(p + 997)) {
    DemuxMatch m = t.Lookup({V4(192, 0, 2, 1), p}, {V4(198, 51, 100, 1), 9});
    ASSERT_NE(m.entry, nullptr);
    EXPECT_EQ(m.entry->connection.value, p);
  }
  EXPECT_EQ(t.Lookup({V4(192, 0, 2, 1), 20001}, {V4(198, 51, 100, 1), 9}).entry, nullptr);
}

TEST(DemuxTableTest, PromiscuousPeerFilterReportsRefusal) {
  DemuxTable t;
  SocketAddress peer{V4(198, 51, 100, 1), 9};
  ASSERT_TRUE(t.SetPromiscuous({ConnectionId{1}, false, peer}).ok());
  EXPECT_NE(t.Lookup({V4(192, 0, 2, 1), 5}, peer).entry, nullptr);
  DemuxMatch m = t.Lookup({V4(192, 0, 2, 1), 5}, {V4(198, 51, 100, 2), 9});
  EXPECT_EQ(m.entry, nullptr);
  EXPECT_TRUE(m.refused_by_peer_filter);
  t.ClearPromiscuous();
  EXPECT_FALSE(t.Lookup({V4(192, 0, 2, 1), 5}, peer).refused_by_peer_filter);
}

}  // namespace
}  // namespace rampart::udp
