// A DNS message (RFC 1035 4.1) as a checked view: DnsMessage::Create walks
// the header, every question and every resource record of every section
// once, decompressing each name with the classic defences (pointers only
// strictly backwards and never into the header, at most 16 of them per
// name, labels of at most 63 octets, names of at most 255 octets expanded,
// counts and RDLENGTH held to the message). Afterwards nothing can fail:
// the view holds the decoded header, questions and records.
#ifndef RAMPART_DNS_MESSAGE_H_
#define RAMPART_DNS_MESSAGE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "base/reason.h"
#include "dns/name.h"
#include "wire/ip_address.h"

namespace rampart::dns {

/// Header field offsets and flag bits (RFC 1035 4.1.1).
namespace dns_field {
inline constexpr size_t kId = 0;
inline constexpr size_t kFlags = 2;
inline constexpr size_t kQdCount = 4;
inline constexpr size_t kAnCount = 6;
inline constexpr size_t kNsCount = 8;
inline constexpr size_t kArCount = 10;
inline constexpr size_t kHeaderSize = 12;
inline constexpr uint16_t kQr = 0x8000;
inline constexpr unsigned kOpcodeShift = 11;
inline constexpr uint16_t kOpcodeMask = 0xF;
inline constexpr uint16_t kAa = 0x0400;
inline constexpr uint16_t kTc = 0x0200;
inline constexpr uint16_t kRd = 0x0100;
inline constexpr uint16_t kRa = 0x0080;
inline constexpr uint16_t kRcodeMask = 0x000F;
/// TYPE and CLASS after a question's name.
inline constexpr size_t kQuestionFixedSize = 4;
/// TYPE, CLASS, TTL and RDLENGTH after a record's owner name.
inline constexpr size_t kRecordFixedSize = 10;
inline constexpr size_t kRecordTtl = 4;
inline constexpr size_t kRecordRdLength = 8;
/// The largest UDP message without EDNS (RFC 1035 4.2.1).
inline constexpr size_t kMaxUdpMessage = 512;
/// Compression pointers followed in one name, at most.
inline constexpr size_t kMaxPointers = 16;
}  // namespace dns_field

/// Record types rampart reads (others are skipped by RDLENGTH).
namespace dns_type {
inline constexpr uint16_t kA = 1;
inline constexpr uint16_t kCname = 5;
inline constexpr uint16_t kAaaa = 28;
}  // namespace dns_type

/// The Internet class.
inline constexpr uint16_t kClassIn = 1;

/// Response codes (RFC 1035 4.1.1).
namespace dns_rcode {
inline constexpr uint8_t kNoError = 0;
inline constexpr uint8_t kFormErr = 1;
inline constexpr uint8_t kServFail = 2;
inline constexpr uint8_t kNxDomain = 3;
inline constexpr uint8_t kNotImp = 4;
inline constexpr uint8_t kRefused = 5;
}  // namespace dns_rcode

/// The header's fields.
struct DnsHeader {
  uint16_t id = 0;
  uint16_t flags = 0;
  uint16_t qdcount = 0;
  uint16_t ancount = 0;
  uint16_t nscount = 0;
  uint16_t arcount = 0;

  bool qr() const { return (flags & dns_field::kQr) != 0; }
  uint8_t opcode() const {
    return static_cast<uint8_t>((flags >> dns_field::kOpcodeShift) & dns_field::kOpcodeMask);
  }
  bool aa() const { return (flags & dns_field::kAa) != 0; }
  bool tc() const { return (flags & dns_field::kTc) != 0; }
  bool rd() const { return (flags & dns_field::kRd) != 0; }
  bool ra() const { return (flags & dns_field::kRa) != 0; }
  uint8_t rcode() const { return static_cast<uint8_t>(flags & dns_field::kRcodeMask); }
};

/// One question.
struct DnsQuestion {
  DnsName name;
  uint16_t type = 0;
  uint16_t klass = 0;
};

/// The section a record came from.
enum class DnsSection : uint8_t { kAnswer, kAuthority, kAdditional };

/// One resource record. `data` holds the decoded RDATA of class-IN A and
/// AAAA (an address) and CNAME (the target name); every other record
/// keeps only its raw RDATA.
struct DnsRecord {
  DnsSection section = DnsSection::kAnswer;
  DnsName owner;
  uint16_t type = 0;
  uint16_t klass = 0;
  /// The TTL as sent.
  uint32_t raw_ttl = 0;
  /// Where RDATA starts in the message, and its length (RDLENGTH).
  size_t rdata_offset = 0;
  size_t rdata_length = 0;
  std::variant<std::monostate, wire::IpAddress, DnsName> data;

  /// @return the TTL in seconds; one with the top bit set counts as 0
  ///         (RFC 2181 8)
  uint32_t ttl() const { return (raw_ttl & 0x80000000u) != 0 ? 0 : raw_ttl; }
};

/// Where a message was refused: the rule and the offset of the octet (or
/// field) that broke it, so a test can check the rule on the bytes.
struct DnsRefusal {
  Reason reason = Reason::kNone;
  size_t offset = 0;
  /// For dns_pointer_not_backwards: where the run of labels that leads to
  /// the pointer starts (the pointer must lead before it). For
  /// dns_name_truncated: the offset the name had to end before (the
  /// message size, or the end of the RDATA holding it).
  size_t context = 0;
};

/// A decoded name and the offset just past it where it sits (past its
/// first pointer, if it has one).
struct NameAt {
  DnsName name;
  size_t end = 0;
};

/// Reads a possibly compressed name.
/// @param message the whole message (pointers are offsets into it)
/// @param offset  where the name starts
/// @param limit   the name's own octets (up to its first pointer) must end
///                before this offset: the message size, or for a name in
///                RDATA the end of RDATA
/// @return the name and its end; or the refusal: dns_name_truncated,
///         dns_label_reserved_type, dns_pointer_into_header,
///         dns_pointer_not_backwards, dns_too_many_pointers,
///         dns_name_too_long
std::variant<NameAt, DnsRefusal> ReadName(std::span<const std::byte> message, size_t offset,
                                          size_t limit);

/// A checked DNS message: every name, count and length was validated by
/// Create; the accessors cannot fail.
class DnsMessage {
 public:
  /// Walks the whole message. Refusals, in the order they are checked:
  /// dns_truncated_header; per question, ReadName's and
  /// dns_question_truncated; per record, ReadName's, dns_record_truncated,
  /// dns_rdata_exceeds_message, dns_rdata_bad_length (class IN: A not 4
  /// octets, AAAA not 16, CNAME not exactly one name). Octets after the
  /// last record are allowed (and ignored).
  /// @param message the message; the view keeps no reference to it
  /// @return the message, or the first rule broken and where
  static std::variant<DnsMessage, DnsRefusal> Create(std::span<const std::byte> message);

  const DnsHeader& header() const { return header_; }
  /// @return every question, in order (header().qdcount of them)
  const std::vector<DnsQuestion>& questions() const { return questions_; }
  /// @return every record of every section, in message order
  const std::vector<DnsRecord>& records() const { return records_; }
  /// @return the offset just past the last record
  size_t end() const { return end_; }

 private:
  DnsHeader header_;
  std::vector<DnsQuestion> questions_;
  std::vector<DnsRecord> records_;
  size_t end_ = 0;
};

/// Builds a query: a random ID, RD set, one question of class IN, no
/// EDNS.
/// @param id   the transaction ID
/// @param name the name asked
/// @param type dns_type::kA or kAaaa (any type is written as given)
/// @return the message octets (12 + name + 4)
std::vector<std::byte> BuildQuery(uint16_t id, const DnsName& name, uint16_t type);

}  // namespace rampart::dns

#endif  // RAMPART_DNS_MESSAGE_H_
