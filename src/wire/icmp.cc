#include "wire/icmp.h"

#include <array>

#include "wire/bytes.h"
#include "wire/checksum.h"
#include "wire/ipv4.h"
#include "wire/ipv6.h"
#include "wire/pseudo_header.h"

namespace rampart::wire {
namespace {

/// The folded sum an ICMP checksum covers, before complementing.
uint16_t CoveredSum(std::span<const std::byte> message, const IpAddress& source,
                    const IpAddress& destination) {
  uint64_t sum = SumWords(message);
  if (source.family() == IpFamily::kIpv6) {
    sum += PseudoHeader{source, destination, ip_protocol::kIcmpv6,
                        static_cast<uint32_t>(message.size())}
               .Sum();
  }
  return FoldSum(sum);
}

}  // namespace

Parsed<IcmpView> IcmpView::Create(std::span<const std::byte> message) {
  return message.size() >= icmp_field::kHeaderSize ? Parsed<IcmpView>::Ok(IcmpView(message))
                                                   : Parsed<IcmpView>::Fail(Reason::kIcmpTruncated);
}

uint8_t IcmpView::type() const { return std::to_integer<uint8_t>(message_[icmp_field::kType]); }
uint8_t IcmpView::code() const { return std::to_integer<uint8_t>(message_[icmp_field::kCode]); }
uint16_t IcmpView::checksum() const { return LoadBe16(message_, icmp_field::kChecksum); }
uint16_t IcmpView::identifier() const { return LoadBe16(message_, icmp_field::kIdentifier); }
uint16_t IcmpView::sequence() const { return LoadBe16(message_, icmp_field::kSequence); }
std::span<const std::byte> IcmpView::body() const {
  return message_.subspan(icmp_field::kHeaderSize);
}

bool IcmpView::ChecksumOk(const IpAddress& source, const IpAddress& destination) const {
  return CoveredSum(message_, source, destination) == 0xFFFF;
}

bool FillIcmpChecksum(std::span<std::byte> message, const IpAddress& source,
                      const IpAddress& destination) {
  bool ok = message.size() >= icmp_field::kHeaderSize;
  if (ok) {
    StoreBe16(message, icmp_field::kChecksum, 0);
    StoreBe16(message, icmp_field::kChecksum,
              static_cast<uint16_t>(~CoveredSum(message, source, destination)));
  }
  return ok;
}

Parsed<QuotedPacket> ParseQuotedPacket(IpFamily family, std::span<const std::byte> body) {
  Reason error = Reason::kNone;
  QuotedPacket quoted;
  unsigned version = body.empty() ? 0 : std::to_integer<unsigned>(body[0]) >> 4;
  if (family == IpFamily::kIpv4) {
    size_t header = body.empty() ? 0 : (std::to_integer<size_t>(body[0]) & 0x0Fu) * 4;
    // Two branches give kQuotedTruncated: the same rule (header + 8 bytes
    // held) checked before and after the header length can be trusted.
    if (body.size() < ipv4_field::kMinHeaderSize) {  // NOLINT(bugprone-branch-clone)
      error = Reason::kIcmpQuotedTruncated;
    } else if (version != 4) {
      error = Reason::kIcmpQuotedBadVersion;
    } else if (header < ipv4_field::kMinHeaderSize) {
      error = Reason::kIcmpQuotedHeaderLength;
    } else if (body.size() < header + icmp_field::kQuotedUpperBytes) {
      error = Reason::kIcmpQuotedTruncated;
    } else {
      quoted.source = IpAddress::V4(LoadBe32(body, ipv4_field::kSource));
      quoted.destination = IpAddress::V4(LoadBe32(body, ipv4_field::kDestination));
      quoted.protocol = std::to_integer<uint8_t>(body[ipv4_field::kProtocol]);
      quoted.upper = body.subspan(header, icmp_field::kQuotedUpperBytes);
    }
  } else {
    if (body.size() < ipv6_field::kHeaderSize + icmp_field::kQuotedUpperBytes) {
      error = Reason::kIcmpQuotedTruncated;
    } else if (version != 6) {
      error = Reason::kIcmpQuotedBadVersion;
    } else {
      quoted.source = *IpAddress::FromBytes(IpFamily::kIpv6, body.subspan(ipv6_field::kSource, 16));
      quoted.destination =
          *IpAddress::FromBytes(IpFamily::kIpv6, body.subspan(ipv6_field::kDestination, 16));
      quoted.protocol = std::to_integer<uint8_t>(body[ipv6_field::kNextHeader]);
      quoted.upper = body.subspan(ipv6_field::kHeaderSize, icmp_field::kQuotedUpperBytes);
    }
  }
  return error == Reason::kNone ? Parsed<QuotedPacket>::Ok(quoted)
                                : Parsed<QuotedPacket>::Fail(error);
}

}  // namespace rampart::wire
