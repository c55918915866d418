#include "dns/message.h"

#include <algorithm>
#include <array>
#include <utility>

#include "wire/bytes.h"

namespace rampart::dns {
namespace {

/// The top two bits of a length octet: 00 a label, 11 a pointer; 01 and
/// 10 are reserved (RFC 1035 4.1.4; RFC 6891 5 retired extended labels).
constexpr uint8_t kKindMask = 0xC0;
constexpr uint8_t kPointerKind = 0xC0;
constexpr uint16_t kPointerOffsetMask = 0x3FFF;

DnsRefusal Refuse(Reason reason, size_t offset) { return DnsRefusal{reason, offset}; }

uint8_t OctetAt(std::span<const std::byte> bytes, size_t offset) {
  return std::to_integer<uint8_t>(bytes[offset]);
}

/// Reads one record at `at`: owner, fixed fields, RDATA checks.
std::variant<DnsRecord, DnsRefusal> ReadRecord(std::span<const std::byte> message, size_t at,
                                               DnsSection section) {
  auto owner = ReadName(message, at, message.size());
  if (const auto* refused = std::get_if<DnsRefusal>(&owner)) return *refused;
  DnsRecord record;
  record.section = section;
  record.owner = std::get<NameAt>(owner).name;
  const size_t fixed = std::get<NameAt>(owner).end;
  if (message.size() - fixed < dns_field::kRecordFixedSize) {
    return Refuse(Reason::kDnsRecordTruncated, fixed);
  }
  record.type = wire::LoadBe16(message, fixed);
  record.klass = wire::LoadBe16(message, fixed + 2);
  record.raw_ttl = wire::LoadBe32(message, fixed + dns_field::kRecordTtl);
  record.rdata_length = wire::LoadBe16(message, fixed + dns_field::kRecordRdLength);
  record.rdata_offset = fixed + dns_field::kRecordFixedSize;
  if (record.rdata_length > message.size() - record.rdata_offset) {
    return Refuse(Reason::kDnsRdataExceedsMessage, fixed);
  }
  if (record.klass != kClassIn) return record;
  const std::span<const std::byte> rdata =
      message.subspan(record.rdata_offset, record.rdata_length);
  if (record.type == dns_type::kA || record.type == dns_type::kAaaa) {
    const auto family = record.type == dns_type::kA ? wire::IpFamily::kIpv4 : wire::IpFamily::kIpv6;
    auto address = wire::IpAddress::FromBytes(family, rdata);
    if (!address.has_value()) return Refuse(Reason::kDnsRdataBadLength, fixed);
    record.data = *address;
  } else if (record.type == dns_type::kCname) {
    const size_t rdata_end = record.rdata_offset + record.rdata_length;
    auto target = ReadName(message, record.rdata_offset, rdata_end);
    if (const auto* refused = std::get_if<DnsRefusal>(&target)) return *refused;
    if (std::get<NameAt>(target).end != rdata_end) {
      return Refuse(Reason::kDnsRdataBadLength, fixed);
    }
    record.data = std::get<NameAt>(target).name;
  }
  return record;
}

}  // namespace

std::variant<NameAt, DnsRefusal> ReadName(std::span<const std::byte> message, size_t offset,
                                          size_t limit) {
  NameAt result;
  std::optional<size_t> end;  // set at the first pointer, or at the root
  size_t at = offset;
  size_t bound = std::min(limit, message.size());
  // The start of the run of labels being read: a pointer must lead
  // strictly before it, so every jump goes further back and no name can
  // loop (a target inside the run would come back to the same pointer).
  size_t run_start = offset;
  size_t pointers = 0;
  while (true) {
    if (at >= bound) return DnsRefusal{Reason::kDnsNameTruncated, at, bound};
    const uint8_t octet = OctetAt(message, at);
    if ((octet & kKindMask) == kPointerKind) {
      if (bound - at < 2) return DnsRefusal{Reason::kDnsNameTruncated, at, bound};
      const size_t target = wire::LoadBe16(message, at) & kPointerOffsetMask;
      if (target < dns_field::kHeaderSize) return Refuse(Reason::kDnsPointerIntoHeader, at);
      if (target >= run_start) {
        return DnsRefusal{Reason::kDnsPointerNotBackwards, at, run_start};
      }
      if (++pointers > dns_field::kMaxPointers) return Refuse(Reason::kDnsTooManyPointers, at);
      if (!end.has_value()) end = at + 2;
      at = target;
      run_start = target;
      bound = message.size();
      continue;
    }
    if ((octet & kKindMask) != 0) return Refuse(Reason::kDnsLabelReservedType, at);
    if (octet == 0) {
      result.end = end.value_or(at + 1);
      return result;
    }
    if (bound - at - 1 < octet) return DnsRefusal{Reason::kDnsNameTruncated, at, bound};
    if (!result.name.AppendLabel(message.subspan(at + 1, octet))) {
      return Refuse(Reason::kDnsNameTooLong, offset);
    }
    at += 1 + octet;
  }
}

std::variant<DnsMessage, DnsRefusal> DnsMessage::Create(std::span<const std::byte> message) {
  if (message.size() < dns_field::kHeaderSize) return Refuse(Reason::kDnsTruncatedHeader, 0);
  DnsMessage view;
  view.header_.id = wire::LoadBe16(message, dns_field::kId);
  view.header_.flags = wire::LoadBe16(message, dns_field::kFlags);
  view.header_.qdcount = wire::LoadBe16(message, dns_field::kQdCount);
  view.header_.ancount = wire::LoadBe16(message, dns_field::kAnCount);
  view.header_.nscount = wire::LoadBe16(message, dns_field::kNsCount);
  view.header_.arcount = wire::LoadBe16(message, dns_field::kArCount);
  size_t at = dns_field::kHeaderSize;
  for (size_t i = 0; i < view.header_.qdcount; ++i) {
    auto name = ReadName(message, at, message.size());
    if (const auto* refused = std::get_if<DnsRefusal>(&name)) return *refused;
    at = std::get<NameAt>(name).end;
    if (message.size() - at < dns_field::kQuestionFixedSize) {
      return Refuse(Reason::kDnsQuestionTruncated, at);
    }
    view.questions_.push_back(DnsQuestion{std::get<NameAt>(name).name, wire::LoadBe16(message, at),
                                          wire::LoadBe16(message, at + 2)});
    at += dns_field::kQuestionFixedSize;
  }
  const std::array<std::pair<DnsSection, uint16_t>, 3> sections = {
      {{DnsSection::kAnswer, view.header_.ancount},
       {DnsSection::kAuthority, view.header_.nscount},
       {DnsSection::kAdditional, view.header_.arcount}}};
  for (const auto& [section, count] : sections) {
    for (size_t i = 0; i < count; ++i) {
      auto record = ReadRecord(message, at, section);
      if (const auto* refused = std::get_if<DnsRefusal>(&record)) return *refused;
      const DnsRecord& read = std::get<DnsRecord>(record);
      at = read.rdata_offset + read.rdata_length;
      view.records_.push_back(read);
    }
  }
  view.end_ = at;
  return view;
}

std::vector<std::byte> BuildQuery(uint16_t id, const DnsName& name, uint16_t type) {
  std::vector<std::byte> query(dns_field::kHeaderSize + name.wire().size() +
                               dns_field::kQuestionFixedSize);
  const std::span<std::byte> out(query);
  wire::StoreBe16(out, dns_field::kId, id);
  wire::StoreBe16(out, dns_field::kFlags, dns_field::kRd);
  wire::StoreBe16(out, dns_field::kQdCount, 1);
  (void)wire::CopyBytes(out.subspan(dns_field::kHeaderSize), name.wire());  // sized above
  const size_t fixed = dns_field::kHeaderSize + name.wire().size();
  wire::StoreBe16(out, fixed, type);
  wire::StoreBe16(out, fixed + 2, kClassIn);
  return query;
}

}  // namespace rampart::dns
