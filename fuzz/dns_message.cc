// Fuzz target: the DNS message view (src/dns/message.h), against ldns.
//
// Input: a DNS message, as a server would send it.
// Oracles:
//  - Both accept: rampart and ldns (ldns_wire2pkt, a second, long-lived
//    implementation) agree on every header field, every question and every
//    record (owner, type, class, TTL, and the address or CNAME target of
//    class-IN A/AAAA/CNAME), in order, up to the first record rampart skips
//    (ldns reads the RDATA of types it knows by their layout, not by
//    RDLENGTH, so after one of those its walk can drift; dns.md) and, when
//    an OPT or TSIG record is present, without the additional section
//    (ldns takes those out of it).
//  - rampart refuses: the rule it names holds when checked plainly on the
//    bytes at the offset it names (whatever ldns says: ldns accepts forward
//    pointers, pointers into the header, slack after an A or CNAME).
//  - ldns refuses, rampart accepts: only when the message holds a record
//    rampart skips by RDLENGTH whose RDATA ldns parses by type (e.g. an MX
//    with one octet of RDATA); anything else is a finding.
//  - rampart accepts: a plain second walk of the bytes finds every rule
//    the view enforces holding (pointers strictly back and never into the
//    header, at most 16, labels and names within their limits and their
//    bounds, RDLENGTH in the message, A/AAAA/CNAME RDATA of their sizes),
//    and ends where the view ended.
//  - rampart's accepted view keeps its own invariants: counts as promised,
//    names within 255 octets, every RDATA inside the message, addresses
//    of 4 and 16 octets; a query built from its first question parses back
//    to the same question.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "base/lsan.h"
#include "dns/message.h"
#include "dns/resolver.h"
#include "harness/fuzz_check.h"

// ldns last, after <stdbool.h>: its common.h otherwise defines bool, true
// and false as macros in C++ (dns.md), which breaks the C++ headers.
// clang-format off
#include <stdbool.h>
#include <ldns/ldns.h>
// clang-format on

namespace {

using rampart::Reason;
using rampart::dns::DnsMessage;
using rampart::dns::DnsName;
using rampart::dns::DnsRecord;
using rampart::dns::DnsRefusal;
using rampart::dns::DnsSection;

constexpr uint16_t kTypeOpt = 41;
constexpr uint16_t kTypeTsig = 250;

size_t Be16(std::span<const uint8_t> b, size_t at) { return size_t{b[at]} << 8 | b[at + 1]; }

/// The expanded length of the name at `at`, followed plainly (pointers in
/// any direction, at most 200 hops, stopping past 255 octets).
size_t PlainExpandedLength(std::span<const uint8_t> b, size_t at) {
  size_t length = 1;
  for (int hops = 0; hops < 200 && at < b.size();) {
    const uint8_t octet = b[at];
    if ((octet & 0xC0) == 0xC0) {
      if (at + 1 >= b.size()) return length;
      at = Be16(b, at) & 0x3FFF;
      ++hops;
      continue;
    }
    if (octet == 0 || (octet & 0xC0) != 0) return length;
    length += 1 + octet;
    if (length > 255) return length;
    at += 1 + octet;
  }
  return length;
}

/// The rule a refusal names, checked on the bytes.
void CheckRefusal(std::span<const uint8_t> b, const DnsRefusal& r) {
  const size_t at = r.offset;
  switch (r.reason) {
    case Reason::kDnsTruncatedHeader:
      FUZZ_CHECK(b.size() < 12);
      return;
    case Reason::kDnsNameTruncated:
      FUZZ_CHECK(r.context <= b.size());
      FUZZ_CHECK(at >= r.context || ((b[at] & 0xC0) == 0xC0 && at + 2 > r.context) ||
                 ((b[at] & 0xC0) == 0 && at + 1 + b[at] > r.context));
      return;
    case Reason::kDnsLabelReservedType:
      FUZZ_CHECK((b[at] & 0xC0) == 0x40 || (b[at] & 0xC0) == 0x80);
      return;
    case Reason::kDnsPointerIntoHeader:
      FUZZ_CHECK((b[at] & 0xC0) == 0xC0 && (Be16(b, at) & 0x3FFF) < 12);
      return;
    case Reason::kDnsPointerNotBackwards:
      FUZZ_CHECK((b[at] & 0xC0) == 0xC0 && (Be16(b, at) & 0x3FFF) >= r.context && r.context <= at);
      return;
    case Reason::kDnsTooManyPointers:
      FUZZ_CHECK((b[at] & 0xC0) == 0xC0);
      return;
    case Reason::kDnsNameTooLong:
      FUZZ_CHECK(PlainExpandedLength(b, at) > 255);
      return;
    case Reason::kDnsQuestionTruncated:
      FUZZ_CHECK(at <= b.size() && b.size() - at < 4);
      return;
    case Reason::kDnsRecordTruncated:
      FUZZ_CHECK(at <= b.size() && b.size() - at < 10);
      return;
    case Reason::kDnsRdataExceedsMessage:
      FUZZ_CHECK(at + 10 <= b.size() && Be16(b, at + 8) > b.size() - at - 10);
      return;
    case Reason::kDnsRdataBadLength: {
      FUZZ_CHECK(at + 10 <= b.size() && Be16(b, at + 2) == 1);
      const size_t type = Be16(b, at);
      const size_t length = Be16(b, at + 8);
      FUZZ_CHECK((type == 1 && length != 4) || (type == 28 && length != 16) || type == 5);
      return;
    }
    default:
      FUZZ_CHECK(false && "a message refusal outside the parser's reasons");
  }
}

bool SameBytes(std::span<const std::byte> ours, const ldns_rdf* theirs) {
  if (theirs == nullptr || ldns_rdf_size(theirs) != ours.size()) return false;
  const auto* data = ldns_rdf_data(theirs);
  for (size_t i = 0; i < ours.size(); ++i) {
    if (std::to_integer<uint8_t>(ours[i]) != data[i]) return false;
  }
  return true;
}

/// True for records whose RDATA rampart reads (class IN A, AAAA, CNAME).
bool Decoded(const DnsRecord& record) {
  return !std::holds_alternative<std::monostate>(record.data);
}

void CompareRecord(const DnsRecord& ours, const ldns_rr* theirs) {
  FUZZ_CHECK(theirs != nullptr);
  FUZZ_CHECK(SameBytes(ours.owner.wire(), ldns_rr_owner(theirs)));
  FUZZ_CHECK(ldns_rr_get_type(theirs) == ours.type);
  FUZZ_CHECK(ldns_rr_get_class(theirs) == ours.klass);
  FUZZ_CHECK(ldns_rr_ttl(theirs) == ours.raw_ttl);
  if (const auto* address = std::get_if<rampart::wire::IpAddress>(&ours.data)) {
    FUZZ_CHECK(ldns_rr_rd_count(theirs) == 1);
    FUZZ_CHECK(SameBytes(address->bytes(), ldns_rr_rdf(theirs, 0)));
  } else if (const auto* target = std::get_if<DnsName>(&ours.data)) {
    FUZZ_CHECK(ldns_rr_rd_count(theirs) == 1);
    FUZZ_CHECK(SameBytes(target->wire(), ldns_rr_rdf(theirs, 0)));
  }
}

void CompareWithLdns(const DnsMessage& ours, const ldns_pkt* theirs) {
  const auto& h = ours.header();
  FUZZ_CHECK(ldns_pkt_id(theirs) == h.id);
  FUZZ_CHECK(ldns_pkt_qr(theirs) == h.qr());
  FUZZ_CHECK(ldns_pkt_aa(theirs) == h.aa());
  FUZZ_CHECK(ldns_pkt_tc(theirs) == h.tc());
  FUZZ_CHECK(ldns_pkt_rd(theirs) == h.rd());
  FUZZ_CHECK(ldns_pkt_ra(theirs) == h.ra());
  FUZZ_CHECK(static_cast<unsigned>(ldns_pkt_get_opcode(theirs)) == h.opcode());
  FUZZ_CHECK(static_cast<unsigned>(ldns_pkt_get_rcode(theirs)) == h.rcode());
  FUZZ_CHECK(ldns_pkt_qdcount(theirs) == h.qdcount);
  FUZZ_CHECK(ldns_pkt_ancount(theirs) == h.ancount);
  FUZZ_CHECK(ldns_pkt_nscount(theirs) == h.nscount);
  const ldns_rr_list* questions = ldns_pkt_question(theirs);
  for (size_t i = 0; i < ours.questions().size(); ++i) {
    const ldns_rr* q = ldns_rr_list_rr(questions, i);
    FUZZ_CHECK(q != nullptr);
    FUZZ_CHECK(SameBytes(ours.questions()[i].name.wire(), ldns_rr_owner(q)));
    FUZZ_CHECK(ldns_rr_get_type(q) == ours.questions()[i].type);
    FUZZ_CHECK(ldns_rr_get_class(q) == ours.questions()[i].klass);
  }
  // ldns takes OPT and TSIG records out of the additional section (and out
  // of ARCOUNT).
  const bool has_opt = std::any_of(ours.records().begin(), ours.records().end(), [](const auto& r) {
    return r.type == kTypeOpt || r.type == kTypeTsig;
  });
  // ARCOUNT as ldns reports it depends on what it found in the additional
  // section, which it may have read out of step after any skipped record.
  const bool in_step = std::all_of(ours.records().begin(), ours.records().end(), Decoded);
  if (!has_opt && in_step) FUZZ_CHECK(ldns_pkt_arcount(theirs) == h.arcount);
  size_t index[3] = {0, 0, 0};
  const ldns_rr_list* lists[3] = {ldns_pkt_answer(theirs), ldns_pkt_authority(theirs),
                                  ldns_pkt_additional(theirs)};
  for (const DnsRecord& record : ours.records()) {
    const auto section = static_cast<size_t>(record.section);
    if (record.section == DnsSection::kAdditional && has_opt) return;
    CompareRecord(record, ldns_rr_list_rr(lists[section], index[section]++));
    if (!Decoded(record)) return;  // ldns may read its RDATA otherwise
  }
}

/// Reads the name at `start` plainly and checks every naming rule on it:
/// its own octets end before `limit`, each pointer leads at or after 12
/// and strictly before the run of labels that led to it, at most 16
/// pointers, no label type 01/10, at most 255 octets expanded.
/// @return the offset just past the name where it sits
size_t PlainNameEnd(std::span<const uint8_t> b, size_t start, size_t limit) {
  size_t pos = start;
  size_t run = start;
  size_t bound = limit;
  size_t hops = 0;
  size_t expanded = 1;
  size_t end = 0;
  while (true) {
    FUZZ_CHECK(pos < bound);
    const uint8_t octet = b[pos];
    if ((octet & 0xC0) == 0xC0) {
      FUZZ_CHECK(pos + 2 <= bound);
      const size_t target = Be16(b, pos) & 0x3FFF;
      FUZZ_CHECK(target >= 12 && target < run);
      FUZZ_CHECK(++hops <= 16);
      if (end == 0) end = pos + 2;
      pos = run = target;
      bound = b.size();
      continue;
    }
    FUZZ_CHECK((octet & 0xC0) == 0);
    if (octet == 0) return end != 0 ? end : pos + 1;
    FUZZ_CHECK(pos + 1 + octet <= bound);
    expanded += 1 + octet;
    FUZZ_CHECK(expanded <= 255);
    pos += 1 + octet;
  }
}

/// Walks an accepted message again, plainly, and checks that every rule
/// the view enforces holds on the bytes: names (PlainNameEnd), fixed
/// fields and RDLENGTH inside the message, class-IN A/AAAA/CNAME RDATA of
/// their exact sizes, and the walk ending where the view says.
void CheckAcceptedPlainly(std::span<const uint8_t> b, const DnsMessage& message) {
  FUZZ_CHECK(b.size() >= 12);
  size_t at = 12;
  for (size_t i = 0; i < Be16(b, 4); ++i) {
    at = PlainNameEnd(b, at, b.size());
    FUZZ_CHECK(at + 4 <= b.size());
    at += 4;
  }
  const size_t records = Be16(b, 6) + Be16(b, 8) + Be16(b, 10);
  for (size_t i = 0; i < records; ++i) {
    at = PlainNameEnd(b, at, b.size());
    FUZZ_CHECK(at + 10 <= b.size());
    const size_t type = Be16(b, at);
    const size_t klass = Be16(b, at + 2);
    const size_t length = Be16(b, at + 8);
    FUZZ_CHECK(length <= b.size() - at - 10);
    if (klass == 1 && type == 1) FUZZ_CHECK(length == 4);
    if (klass == 1 && type == 28) FUZZ_CHECK(length == 16);
    if (klass == 1 && type == 5)
      FUZZ_CHECK(PlainNameEnd(b, at + 10, at + 10 + length) == at + 10 + length);
    at += 10 + length;
  }
  FUZZ_CHECK(at == message.end());
}

/// Text round trip of a name read off the wire: ToText always ends in a
/// dot; FromText takes it back to the same octets exactly when every label
/// is plain (letters, digits, '-', '_') and the name is not the root, and
/// refuses it otherwise (escapes are output only).
void CheckNameText(const rampart::dns::DnsName& name) {
  const std::string text = name.ToText();
  FUZZ_CHECK(!text.empty() && text.back() == '.');
  const auto wire = name.wire();
  bool plain = wire.size() > 1;
  for (size_t at = 0; at < wire.size() && wire[at] != std::byte{0};) {
    const size_t length = std::to_integer<size_t>(wire[at]);
    for (size_t i = at + 1; i <= at + length; ++i) {
      const char c = static_cast<char>(std::to_integer<uint8_t>(wire[i]));
      plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
    }
    at += 1 + length;
  }
  const auto back = rampart::dns::DnsName::FromText(text);
  FUZZ_CHECK(back.ok() == plain);
  if (plain) FUZZ_CHECK(*back == name);
  if (!plain) return;
  // Text one rule past what a name may be is refused: an empty label, a
  // 64-character label, more than 255 octets on the wire.
  const auto refused = [](const std::string& bad) {
    FUZZ_CHECK(rampart::dns::DnsName::FromText(bad).status().code() ==
               absl::StatusCode::kInvalidArgument);
  };
  refused("x.." + text);
  refused(std::string(64, 'a') + "." + text);
  std::string longer = text;
  while (longer.size() <= 255) longer = "abcdefghijklmnopqrstuvwxyz." + longer;
  refused(longer);
}

void CheckView(std::span<const uint8_t> b, const DnsMessage& message) {
  const auto& h = message.header();
  for (const auto& q : message.questions()) CheckNameText(q.name);
  FUZZ_CHECK(message.questions().size() == h.qdcount);
  FUZZ_CHECK(message.records().size() == size_t{h.ancount} + h.nscount + h.arcount);
  FUZZ_CHECK(message.end() <= b.size());
  for (const auto& q : message.questions()) FUZZ_CHECK(q.name.wire().size() <= 255);
  for (const DnsRecord& r : message.records()) {
    FUZZ_CHECK(r.owner.wire().size() <= 255);
    FUZZ_CHECK(r.rdata_offset + r.rdata_length <= b.size());
    if (const auto* address = std::get_if<rampart::wire::IpAddress>(&r.data)) {
      FUZZ_CHECK(r.klass == 1 && address->bytes().size() == r.rdata_length);
      FUZZ_CHECK(r.rdata_length == (r.type == 1 ? 4u : 16u));
    }
    FUZZ_CHECK(r.ttl() <= 0x7FFFFFFFu);
    // The name the command prints for the record's type.
    const std::string type_name = rampart::dns::TypeName(r.type);
    FUZZ_CHECK(type_name == (r.type == 1    ? "A"
                             : r.type == 28 ? "AAAA"
                             : r.type == 5  ? "CNAME"
                                            : "TYPE" + std::to_string(r.type)));
  }
  if (!message.questions().empty()) {
    const auto& q = message.questions().front();
    const std::vector<std::byte> query = rampart::dns::BuildQuery(h.id, q.name, q.type);
    auto again = DnsMessage::Create(query);
    FUZZ_CHECK(std::holds_alternative<DnsMessage>(again));
    const DnsMessage& back = std::get<DnsMessage>(again);
    FUZZ_CHECK(back.questions().size() == 1 && back.questions()[0].name == q.name);
    FUZZ_CHECK(back.questions()[0].type == q.type && back.header().id == h.id);
  }
}

/// ldns_wire2pkt. ldns 1.8.3 leaks a record and its fields on some
/// malformed messages (its error paths; found by this target's first
/// campaign): those allocations are not rampart's, so LeakSanitizer is
/// told to ignore what ldns allocates here (nothing else runs inside).
ldns_status ParseWithLdns(ldns_pkt** packet, const uint8_t* data, size_t size) {
#ifdef RAMPART_LSAN
  __lsan::ScopedDisabler ldns_leaks_are_not_ours;
#endif
  return ldns_wire2pkt(packet, data, size);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  auto ours = DnsMessage::Create(std::as_bytes(bytes));
  ldns_pkt* theirs = nullptr;
  const ldns_status status = ParseWithLdns(&theirs, data, size);
  if (const auto* refused = std::get_if<DnsRefusal>(&ours)) {
    CheckRefusal(bytes, *refused);
  } else {
    const DnsMessage& message = std::get<DnsMessage>(ours);
    CheckView(bytes, message);
    CheckAcceptedPlainly(bytes, message);
    if (status == LDNS_STATUS_OK) {
      CompareWithLdns(message, theirs);
    } else {
      // ldns refused a message rampart accepts: only a record rampart
      // skips (by RDLENGTH) may explain it.
      FUZZ_CHECK(std::any_of(message.records().begin(), message.records().end(),
                             [](const DnsRecord& r) { return !Decoded(r); }));
    }
  }
  if (theirs != nullptr) ldns_pkt_free(theirs);
  return 0;
}
