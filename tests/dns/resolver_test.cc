#include "dns/resolver.h"

#include <gtest/gtest.h>

#include <set>

#include "fuzz/harness/dns_rig.h"
#include "test_util.h"
#include "wire/bytes.h"

namespace rampart::dns {
namespace {

using fuzzing::BuildResponse;
using fuzzing::DnsRig;
using fuzzing::RecordSpec;
using fuzzing::SentQuery;
using fuzzing::WireName;
using testing::Bytes;
using testing::V4;
using testing::V6;

const wire::SocketAddress kServer{V4(192, 0, 2, 1), 53};
const wire::SocketAddress kSecond{V4(192, 0, 2, 3), 53};

ResolverOptions Options(std::vector<wire::SocketAddress> servers = {kServer}) {
  ResolverOptions options;
  options.servers = std::move(servers);
  return options;
}

RecordSpec A(std::vector<std::byte> owner, std::vector<std::byte> address, uint32_t ttl = 60) {
  return RecordSpec{std::move(owner), dns_type::kA, kClassIn, ttl, std::move(address)};
}
RecordSpec Cname(std::vector<std::byte> owner, std::string_view target) {
  return RecordSpec{std::move(owner), dns_type::kCname, kClassIn, 60, WireName(target)};
}
const std::vector<std::byte> kQname = Bytes({0xC0, 0x0C});

class ResolverTest : public ::testing::Test {
 protected:
  explicit ResolverTest(ResolverOptions options = Options()) : rig_(std::move(options), 7) {}

  /// Starts a query and returns the one datagram it sent.
  SentQuery StartAndTake(std::string_view name, AddressFamilies families) {
    auto id = rig_.resolver().Start(name, families);
    EXPECT_TRUE(id.ok()) << id.status();
    id_ = id.value_or(0);
    auto sent = rig_.TakeQueries();
    EXPECT_EQ(sent.size(), 1u);
    return sent.empty() ? SentQuery{} : sent.front();
  }
  void Answer(const SentQuery& query, std::span<const std::byte> response) {
    rig_.Inject(query.to, query.from.port, response);
  }
  std::optional<absl::StatusOr<DnsAnswer>> Result() { return rig_.resolver().Take(id_); }
  uint64_t Drops(Reason reason) const { return rig_counters().drops[reason]; }
  const ResolverCounters& rig_counters() const {
    return const_cast<DnsRig&>(rig_).resolver().counters();
  }

  DnsRig rig_;
  DnsResolver::QueryId id_ = 0;
};

TEST_F(ResolverTest, AsksOnceAndCachesTheAnswer) {
  const SentQuery query = StartAndTake("Host4.lan.test", AddressFamilies::kIpv4);
  EXPECT_EQ(query.to, kServer);
  EXPECT_GE(query.from.port, 49152);
  auto parsed = DnsMessage::Create(query.message);
  ASSERT_TRUE(std::holds_alternative<DnsMessage>(parsed));
  const DnsMessage& asked = std::get<DnsMessage>(parsed);
  EXPECT_TRUE(asked.header().rd());
  EXPECT_EQ(asked.questions()[0].type, dns_type::kA);
  Answer(query, BuildResponse(query.message, 0, {A(kQname, Bytes({192, 0, 2, 10}), 30)}));
  auto result = Result();
  ASSERT_TRUE(result.has_value());
  ASSERT_TRUE(result->ok()) << result->status();
  EXPECT_EQ((*result)->addresses, std::vector<wire::IpAddress>{V4(192, 0, 2, 10)});
  EXPECT_FALSE((*result)->from_cache);
  // Asked again within the TTL: from the cache, nothing sent.
  auto again = rig_.resolver().Start("host4.LAN.test", AddressFamilies::kIpv4);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(rig_.TakeQueries().empty());
  auto cached = rig_.resolver().Take(*again);
  ASSERT_TRUE(cached.has_value() && cached->ok());
  EXPECT_TRUE((*cached)->from_cache);
  // After the TTL: asked again.
  rig_.Advance(30'000);
  ASSERT_TRUE(rig_.resolver().Start("host4.lan.test", AddressFamilies::kIpv4).ok());
  EXPECT_EQ(rig_.TakeQueries().size(), 1u);
}

TEST_F(ResolverTest, RefusesSpoofedAnswersAndKeepsWaiting) {
  const SentQuery query = StartAndTake("host4.lan.test", AddressFamilies::kIpv4);
  const std::vector<std::byte> good =
      BuildResponse(query.message, 0, {A(kQname, Bytes({192, 0, 2, 10}))});
  // Another ID.
  std::vector<std::byte> wrong_id = good;
  wire::StoreBe16(wrong_id, 0, static_cast<uint16_t>(wire::LoadBe16(good, 0) + 1));
  Answer(query, wrong_id);
  EXPECT_EQ(Drops(Reason::kDnsIdMismatch), 1u);
  // Another question.
  const std::vector<std::byte> other_question = BuildResponse(
      BuildQuery(wire::LoadBe16(good, 0), DnsName::FromText("evil.test").value(), dns_type::kA), 0,
      {A(kQname, Bytes({203, 0, 113, 66}))});
  Answer(query, other_question);
  EXPECT_EQ(Drops(Reason::kDnsQuestionMismatch), 1u);
  // Not a response.
  std::vector<std::byte> not_response = good;
  not_response[2] &= std::byte{0x7F};
  Answer(query, not_response);
  EXPECT_EQ(Drops(Reason::kDnsNotResponse), 1u);
  // From another address or port: the UDP layer never hands it over.
  rig_.Inject(kSecond, query.from.port, good);
  rig_.Inject(wire::SocketAddress{kServer.address, 5353}, query.from.port, good);
  // Too long without EDNS.
  std::vector<std::byte> long_answer = good;
  long_answer.resize(513);
  Answer(query, long_answer);
  EXPECT_EQ(Drops(Reason::kDnsResponseTooLong), 1u);
  EXPECT_FALSE(Result().has_value());
  // The real answer, its question in other case (RFC 5452 allows 0x20).
  Answer(query, good);
  auto result = Result();
  ASSERT_TRUE(result.has_value() && result->ok());
  EXPECT_EQ((*result)->addresses.front(), V4(192, 0, 2, 10));
  EXPECT_EQ(rig_counters().accepted, 1u);
}

TEST_F(ResolverTest, FollowsCnamesAndIgnoresRecordsNeverAsked) {
  const SentQuery query = StartAndTake("alias.lan.test", AddressFamilies::kIpv4);
  Answer(query, BuildResponse(query.message, 0,
                              {A(WireName("evil.test"), Bytes({203, 0, 113, 1})),
                               Cname(kQname, "both.lan.test"),
                               A(WireName("both.lan.test"), Bytes({192, 0, 2, 11}), 20),
                               A(WireName("alias.lan.test"), Bytes({203, 0, 113, 2}))}));
  auto result = Result();
  ASSERT_TRUE(result.has_value() && result->ok()) << result->status();
  EXPECT_EQ((*result)->addresses, std::vector<wire::IpAddress>{V4(192, 0, 2, 11)});
  EXPECT_EQ((*result)->canonical.ToText(), "both.lan.test.");
  EXPECT_EQ(Drops(Reason::kDnsRecordNotAsked), 1u);
}

TEST_F(ResolverTest, BoundsCnameChainsAndLoops) {
  const SentQuery query = StartAndTake("a.test", AddressFamilies::kIpv4);
  Answer(query, BuildResponse(query.message, 0,
                              {Cname(kQname, "b.test"), Cname(WireName("b.test"), "a.test")}));
  auto result = Result();
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status().code(), absl::StatusCode::kDataLoss) << result->status();
  EXPECT_EQ(Drops(Reason::kDnsCnameChainTooLong), 1u);
}

TEST_F(ResolverTest, ReportsNxdomainNodataAndTruncation) {
  SentQuery query = StartAndTake("missing.lan.test", AddressFamilies::kIpv4);
  Answer(query, BuildResponse(query.message, dns_rcode::kNxDomain, {}));
  auto result = Result();
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(result->status().message().find("NXDOMAIN"), std::string::npos);

  query = StartAndTake("host6.lan.test", AddressFamilies::kIpv4);
  Answer(query, BuildResponse(query.message, 0, {}));
  result = Result();
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(result->status().message().find("NODATA"), std::string::npos);

  query = StartAndTake("big.lan.test", AddressFamilies::kIpv4);
  Answer(query, BuildResponse(query.message, dns_field::kTc, {}));
  result = Result();
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(result->status().message().find("TC"), std::string::npos);
  EXPECT_EQ(Drops(Reason::kDnsTruncatedAnswer), 1u);
}

TEST_F(ResolverTest, AsksTheSecondFamilyAfterNodata) {
  const SentQuery first = StartAndTake("host6.lan.test", AddressFamilies::kIpv4ThenIpv6);
  Answer(first, BuildResponse(first.message, 0, {}));
  EXPECT_FALSE(Result().has_value());
  auto sent = rig_.TakeQueries();
  ASSERT_EQ(sent.size(), 1u);
  auto parsed = DnsMessage::Create(sent[0].message);
  ASSERT_TRUE(std::holds_alternative<DnsMessage>(parsed));
  EXPECT_EQ(std::get<DnsMessage>(parsed).questions()[0].type, dns_type::kAaaa);
  EXPECT_NE(sent[0].from.port, first.from.port);
  const auto v6 = V6("2001:db8::10");
  const auto octets = v6.bytes();
  Answer(sent[0],
         BuildResponse(sent[0].message, 0,
                       {RecordSpec{kQname, dns_type::kAaaa, kClassIn, 60,
                                   std::vector<std::byte>(octets.begin(), octets.end())}}));
  auto result = Result();
  ASSERT_TRUE(result.has_value() && result->ok()) << result->status();
  EXPECT_EQ((*result)->addresses.front(), v6);
  EXPECT_EQ((*result)->type, dns_type::kAaaa);
}

class TwoServerTest : public ResolverTest {
 protected:
  TwoServerTest() : ResolverTest(Options({kServer, kSecond})) {}
};

TEST_F(TwoServerTest, RetriesWithNewIdsAndPortsThenTheNextServerThenGivesUp) {
  const SentQuery first = StartAndTake("slow.lan.test", AddressFamilies::kIpv4);
  std::set<uint16_t> ports = {first.from.port};
  std::set<uint16_t> ids = {wire::LoadBe16(first.message, 0)};
  rig_.Advance(999);
  EXPECT_TRUE(rig_.TakeQueries().empty());
  rig_.Advance(1);
  auto second = rig_.TakeQueries();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].to, kServer);
  ports.insert(second[0].from.port);
  ids.insert(wire::LoadBe16(second[0].message, 0));
  // The late answer to the first try is no longer accepted.
  Answer(first, BuildResponse(first.message, 0, {A(kQname, Bytes({192, 0, 2, 99}))}));
  EXPECT_FALSE(Result().has_value());
  rig_.Advance(1000);
  auto third = rig_.TakeQueries();
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(third[0].to, kSecond);
  rig_.Advance(1000);
  ASSERT_EQ(rig_.TakeQueries().size(), 1u);
  EXPECT_EQ(ports.size(), 2u);
  EXPECT_EQ(ids.size(), 2u);
  rig_.Advance(999);
  EXPECT_FALSE(Result().has_value());
  rig_.Advance(1);  // four tries of 1 s: given up at 4 s
  auto result = Result();
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_NE(result->status().message().find("192.0.2.3:53"), std::string::npos);
  EXPECT_EQ(rig_counters().timed_out, 1u);
  EXPECT_EQ(rig_counters().retries, 3u);
  EXPECT_EQ(rig_.udp().connection_count(), 0u);
}

TEST_F(TwoServerTest, AServerErrorMovesToTheNextServer) {
  const SentQuery first = StartAndTake("host4.lan.test", AddressFamilies::kIpv4);
  Answer(first, BuildResponse(first.message, dns_rcode::kServFail, {}));
  auto next = rig_.TakeQueries();
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].to, kSecond);
  Answer(next[0], BuildResponse(next[0].message, dns_rcode::kRefused, {}));
  auto result = Result();
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(result->status().message().find("REFUSED"), std::string::npos);
}

TEST_F(ResolverTest, AClockJumpEndsTheQueryAtItsBound) {
  StartAndTake("host4.lan.test", AddressFamilies::kIpv4);
  rig_.Advance(-100'000);  // backwards: nothing happens
  EXPECT_FALSE(Result().has_value());
  rig_.Advance(1'000'000);
  auto result = Result();
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status().code(), absl::StatusCode::kDeadlineExceeded);
}

TEST_F(ResolverTest, BoundsQueriesAndCallsBackOnce) {
  int calls = 0;
  auto id = rig_.resolver().Start("cb.lan.test", AddressFamilies::kIpv4,
                                  [&](DnsResolver::QueryId, const absl::StatusOr<DnsAnswer>& r) {
                                    ++calls;
                                    EXPECT_TRUE(r.ok());
                                  });
  ASSERT_TRUE(id.ok());
  auto sent = rig_.TakeQueries();
  ASSERT_EQ(sent.size(), 1u);
  for (int i = 0; i < 15; ++i)
    ASSERT_TRUE(rig_.resolver().Start("x.test", AddressFamilies::kIpv4).ok());
  EXPECT_EQ(rig_.resolver().Start("y.test", AddressFamilies::kIpv4).status().code(),
            absl::StatusCode::kResourceExhausted);
  Answer(sent[0], BuildResponse(sent[0].message, 0, {A(kQname, Bytes({192, 0, 2, 12}))}));
  Answer(sent[0], BuildResponse(sent[0].message, 0, {A(kQname, Bytes({192, 0, 2, 12}))}));
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(rig_.resolver().Take(*id).has_value());  // went to the callback
  EXPECT_EQ(rig_.resolver().Start("bad..name", AddressFamilies::kIpv4).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(ResolverTest, ResolveTurnsThePump) {
  DnsRig rig(Options(), 3);
  ResolverOptions options = Options();
  int turns = 0;
  // A pump that answers whatever was asked, on its second turn.
  std::unique_ptr<DnsRig> pumped;
  options.pump = [&]() -> absl::Status {
    if (++turns == 2) {
      for (const SentQuery& query : pumped->TakeQueries()) {
        pumped->Inject(query.to, query.from.port,
                       BuildResponse(query.message, 0, {A(kQname, Bytes({192, 0, 2, 13}))}));
      }
    }
    pumped->Advance(10);
    return absl::OkStatus();
  };
  pumped = std::make_unique<DnsRig>(std::move(options), 5);
  auto address = pumped->resolver().Resolve("host4.lan.test");
  ASSERT_TRUE(address.ok()) << address.status();
  EXPECT_EQ(*address, V4(192, 0, 2, 13));
  EXPECT_EQ(rig.resolver().Resolve("a.test").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace rampart::dns
