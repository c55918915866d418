#include "dns/message.h"

#include <gtest/gtest.h>

#include <variant>
#include <vector>

#include "fuzz/harness/dns_rig.h"
#include "test_util.h"
#include "wire/bytes.h"

namespace rampart::dns {
namespace {

using fuzzing::BuildResponse;
using fuzzing::RecordSpec;
using fuzzing::WireName;
using testing::Bytes;

std::vector<std::byte> Query(std::string_view name, uint16_t type = dns_type::kA) {
  return BuildQuery(0x1234, DnsName::FromText(name).value(), type);
}

DnsRefusal RefusalOf(std::span<const std::byte> message) {
  auto parsed = DnsMessage::Create(message);
  EXPECT_TRUE(std::holds_alternative<DnsRefusal>(parsed));
  return std::holds_alternative<DnsRefusal>(parsed) ? std::get<DnsRefusal>(parsed) : DnsRefusal{};
}

const DnsMessage& Accepted(const std::variant<DnsMessage, DnsRefusal>& parsed) {
  EXPECT_TRUE(std::holds_alternative<DnsMessage>(parsed))
      << ReasonName(std::get<DnsRefusal>(parsed).reason);
  return std::get<DnsMessage>(parsed);
}

/// A header with the given counts, then `body`.
std::vector<std::byte> Message(uint16_t qd, uint16_t an, std::vector<std::byte> body) {
  std::vector<std::byte> out = Bytes({0xAB, 0xCD, 0x81, 0x80, 0, qd, 0, an, 0, 0, 0, 0});
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

TEST(DnsMessageTest, QueryRoundTrips) {
  const std::vector<std::byte> query = Query("Host4.Lan.Test", dns_type::kAaaa);
  auto parsed = DnsMessage::Create(query);
  const DnsMessage& message = Accepted(parsed);
  EXPECT_EQ(message.header().id, 0x1234);
  EXPECT_TRUE(message.header().rd());
  EXPECT_FALSE(message.header().qr());
  ASSERT_EQ(message.questions().size(), 1u);
  EXPECT_EQ(message.questions()[0].name.ToText(), "Host4.Lan.Test.");
  EXPECT_EQ(message.questions()[0].type, dns_type::kAaaa);
  EXPECT_EQ(message.questions()[0].klass, kClassIn);
  EXPECT_EQ(message.end(), query.size());
}

TEST(DnsMessageTest, ReadsAnAnswerThroughACompressionPointer) {
  const std::vector<std::byte> response = BuildResponse(
      Query("host4.lan.test"), 0,
      {RecordSpec{Bytes({0xC0, 0x0C}), dns_type::kA, kClassIn, 0, Bytes({192, 0, 2, 10})}});
  auto parsed = DnsMessage::Create(response);
  const DnsMessage& message = Accepted(parsed);
  ASSERT_EQ(message.records().size(), 1u);
  const DnsRecord& record = message.records()[0];
  EXPECT_EQ(record.owner.ToText(), "host4.lan.test.");
  EXPECT_EQ(std::get<wire::IpAddress>(record.data), testing::V4(192, 0, 2, 10));
  EXPECT_EQ(record.ttl(), 0u);
}

TEST(DnsMessageTest, ReadsACnameChainAsDnsmasqWritesIt) {
  // alias -> CNAME both.lan.test (written out), then the A record's owner
  // points into the CNAME's RDATA.
  std::vector<std::byte> query = Query("alias.lan.test");
  const size_t cname_rdata = query.size() + 2 + 10;
  const std::vector<std::byte> response = BuildResponse(
      query, 0,
      {RecordSpec{Bytes({0xC0, 0x0C}), dns_type::kCname, kClassIn, 0, WireName("both.lan.test")},
       RecordSpec{Bytes({0xC0, static_cast<int>(cname_rdata)}), dns_type::kA, kClassIn, 0,
                  Bytes({192, 0, 2, 11})}});
  auto parsed = DnsMessage::Create(response);
  const DnsMessage& message = Accepted(parsed);
  ASSERT_EQ(message.records().size(), 2u);
  EXPECT_EQ(std::get<DnsName>(message.records()[0].data).ToText(), "both.lan.test.");
  EXPECT_EQ(message.records()[1].owner.ToText(), "both.lan.test.");
}

TEST(DnsMessageTest, RefusesAShortHeader) {
  const auto refusal = RefusalOf(Bytes({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(refusal.reason, Reason::kDnsTruncatedHeader);
}

TEST(DnsMessageTest, RefusesReservedLabelTypes) {
  for (int octet : {0x40, 0x80, 0xBF}) {
    const auto refusal = RefusalOf(Message(1, 0, Bytes({octet, 'a', 0, 0, 1, 0, 1})));
    EXPECT_EQ(refusal.reason, Reason::kDnsLabelReservedType) << octet;
    EXPECT_EQ(refusal.offset, 12u);
  }
}

TEST(DnsMessageTest, RefusesPointersIntoTheHeaderOrNotStrictlyBackwards) {
  EXPECT_EQ(RefusalOf(Message(1, 0, Bytes({0xC0, 0x05, 0, 1, 0, 1}))).reason,
            Reason::kDnsPointerIntoHeader);
  // A pointer to itself.
  auto self = RefusalOf(Message(1, 0, Bytes({0xC0, 0x0C, 0, 1, 0, 1})));
  EXPECT_EQ(self.reason, Reason::kDnsPointerNotBackwards);
  EXPECT_EQ(self.offset, 12u);
  // Forward.
  EXPECT_EQ(RefusalOf(Message(1, 0, Bytes({0xC0, 0x0E, 0, 0, 1, 0, 1}))).reason,
            Reason::kDnsPointerNotBackwards);
  // A label, then a pointer back to that label: the classic loop.
  auto loop = RefusalOf(Message(1, 0, Bytes({1, 'a', 0xC0, 0x0C, 0, 1, 0, 1})));
  EXPECT_EQ(loop.reason, Reason::kDnsPointerNotBackwards);
  EXPECT_EQ(loop.offset, 14u);
  EXPECT_EQ(loop.context, 12u);
}

/// A question whose name is a chain of `pointers` pointers, each to the
/// one before, ending at a plain name at offset 12 (a first question).
std::vector<std::byte> PointerChain(size_t pointers) {
  std::vector<std::byte> body = Bytes({1, 'a', 0, 0, 1, 0, 1});  // question 1 at 12
  size_t previous = 12;
  for (size_t i = 0; i < pointers; ++i) {
    const size_t here = 12 + body.size();
    body.push_back(static_cast<std::byte>(0xC0 | (previous >> 8)));
    body.push_back(static_cast<std::byte>(previous & 0xFF));
    // Each pointer is a question of its own, so the next can point to it.
    body.insert(body.end(), {std::byte{0}, std::byte{1}, std::byte{0}, std::byte{1}});
    previous = here;
  }
  return body;
}

TEST(DnsMessageTest, BoundsPointersPerName) {
  // 16 chained pointers in the last question's name: accepted.
  auto accepted = DnsMessage::Create(Message(17, 0, PointerChain(16)));
  EXPECT_TRUE(std::holds_alternative<DnsMessage>(accepted));
  EXPECT_EQ(RefusalOf(Message(18, 0, PointerChain(17))).reason, Reason::kDnsTooManyPointers);
}

TEST(DnsMessageTest, BoundsTheExpandedName) {
  // 3 labels of 63, one of 61: 3 * 64 + 62 + 1 = 255 octets: accepted.
  auto name_of = [](std::initializer_list<size_t> labels) {
    std::vector<std::byte> out;
    for (size_t length : labels) {
      out.push_back(static_cast<std::byte>(length));
      out.insert(out.end(), length, std::byte{'x'});
    }
    out.push_back(std::byte{0});
    return out;
  };
  auto question = [](std::vector<std::byte> name) {
    name.insert(name.end(), {std::byte{0}, std::byte{1}, std::byte{0}, std::byte{1}});
    return name;
  };
  auto accepted = DnsMessage::Create(Message(1, 0, question(name_of({63, 63, 63, 61}))));
  EXPECT_TRUE(std::holds_alternative<DnsMessage>(accepted));
  auto refusal = RefusalOf(Message(1, 0, question(name_of({63, 63, 63, 62}))));
  EXPECT_EQ(refusal.reason, Reason::kDnsNameTooLong);
  EXPECT_EQ(refusal.offset, 12u);
}

TEST(DnsMessageTest, RefusesCountsAndLengthsThatOverrunTheMessage) {
  EXPECT_EQ(RefusalOf(Message(1, 0, Bytes({1, 'a', 0, 0, 1}))).reason,
            Reason::kDnsQuestionTruncated);
  EXPECT_EQ(RefusalOf(Message(2, 0, Bytes({1, 'a', 0, 0, 1, 0, 1}))).reason,
            Reason::kDnsNameTruncated);
  EXPECT_EQ(RefusalOf(Message(1, 0, Bytes({5, 'a', 0, 0, 1, 0, 1}))).reason,
            Reason::kDnsNameTruncated);
  const std::vector<std::byte> query = Query("a.test");
  auto truncated = BuildResponse(query, 0, {});
  wire::StoreBe16(truncated, dns_field::kAnCount, 1);
  truncated.insert(truncated.end(), {std::byte{0xC0}, std::byte{0x0C}, std::byte{0}});
  EXPECT_EQ(RefusalOf(truncated).reason, Reason::kDnsRecordTruncated);
  auto overrun = BuildResponse(
      query, 0, {RecordSpec{Bytes({0xC0, 0x0C}), dns_type::kA, kClassIn, 1, Bytes({1, 2, 3, 4})}});
  overrun.pop_back();
  EXPECT_EQ(RefusalOf(overrun).reason, Reason::kDnsRdataExceedsMessage);
}

TEST(DnsMessageTest, HoldsRdataToItsType) {
  const std::vector<std::byte> query = Query("a.test");
  auto with = [&](uint16_t type, std::vector<std::byte> rdata) {
    return BuildResponse(query, 0,
                         {RecordSpec{Bytes({0xC0, 0x0C}), type, kClassIn, 1, std::move(rdata)}});
  };
  EXPECT_EQ(RefusalOf(with(dns_type::kA, Bytes({1, 2, 3, 4, 5}))).reason,
            Reason::kDnsRdataBadLength);
  EXPECT_EQ(RefusalOf(with(dns_type::kA, {})).reason, Reason::kDnsRdataBadLength);
  EXPECT_EQ(RefusalOf(with(dns_type::kAaaa, std::vector<std::byte>(15))).reason,
            Reason::kDnsRdataBadLength);
  std::vector<std::byte> slack = WireName("b.test");
  slack.push_back(std::byte{0});
  EXPECT_EQ(RefusalOf(with(dns_type::kCname, slack)).reason, Reason::kDnsRdataBadLength);
  std::vector<std::byte> cut = WireName("b.test");
  cut.pop_back();
  EXPECT_EQ(RefusalOf(with(dns_type::kCname, cut)).reason, Reason::kDnsNameTruncated);
  // Other types and classes are skipped by RDLENGTH.
  EXPECT_TRUE(std::holds_alternative<DnsMessage>(DnsMessage::Create(with(/*MX*/ 15, Bytes({1})))));
  auto chaos = BuildResponse(
      query, 0, {RecordSpec{Bytes({0xC0, 0x0C}), dns_type::kA, /*CH*/ 3, 1, Bytes({1, 2})}});
  EXPECT_TRUE(std::holds_alternative<DnsMessage>(DnsMessage::Create(chaos)));
}

TEST(DnsMessageTest, TtlWithTheTopBitSetIsZero) {
  auto response = BuildResponse(
      Query("a.test"), 0,
      {RecordSpec{Bytes({0xC0, 0x0C}), dns_type::kA, kClassIn, 0x80000001u, Bytes({1, 2, 3, 4})}});
  auto parsed = DnsMessage::Create(response);
  const DnsMessage& message = Accepted(parsed);
  EXPECT_EQ(message.records()[0].raw_ttl, 0x80000001u);
  EXPECT_EQ(message.records()[0].ttl(), 0u);
}

TEST(DnsMessageTest, IgnoresOctetsAfterTheLastRecord) {
  std::vector<std::byte> query = Query("a.test");
  const size_t size = query.size();
  query.push_back(std::byte{0xFF});
  auto parsed = DnsMessage::Create(query);
  EXPECT_EQ(Accepted(parsed).end(), size);
}

TEST(DnsNameTest, ParsesAndPrintsText) {
  EXPECT_EQ(DnsName::FromText("Host-1.example.").value().ToText(), "Host-1.example.");
  EXPECT_EQ(DnsName::FromText("a").value().wire().size(), 3u);
  for (const char* bad : {"", ".", "a..b", "a b", "-\x01", "a/b"}) {
    EXPECT_FALSE(DnsName::FromText(bad).ok()) << bad;
  }
  EXPECT_FALSE(DnsName::FromText(std::string(64, 'a')).ok());
  EXPECT_TRUE(DnsName::FromText(std::string(63, 'a')).ok());
  // Four labels of 62: 4 * 63 + 1 = 253 octets on the wire; a fifth: 316.
  std::string long_name;
  for (int i = 0; i < 4; ++i) long_name += std::string(62, 'a') + ".";
  EXPECT_TRUE(DnsName::FromText(long_name).ok());
  EXPECT_FALSE(DnsName::FromText(long_name + std::string(62, 'a')).ok());
}

TEST(DnsNameTest, EscapesOddOctetsAndComparesWithoutCase) {
  DnsName name;
  ASSERT_TRUE(name.AppendLabel(Bytes({'a', '.', 0x01})));
  EXPECT_EQ(name.ToText(), "a\\.\\001.");
  EXPECT_TRUE(DnsName::FromText("EXAMPLE.test")
                  ->EqualsIgnoringCase(DnsName::FromText("example.TEST").value()));
  EXPECT_FALSE(DnsName::FromText("example.test")
                   ->EqualsIgnoringCase(DnsName::FromText("example.tesu").value()));
  EXPECT_EQ(DnsName().ToText(), ".");
}

}  // namespace
}  // namespace rampart::dns
