#include "fuzz/harness/dns_rig.h"

#include <cstdlib>
#include <memory>

#include "wire/bytes.h"
#include "wire/ip_address_text.h"

namespace rampart::fuzzing {
namespace {

void PushBe16(std::vector<std::byte>& out, uint16_t value) {
  out.push_back(static_cast<std::byte>(value >> 8));
  out.push_back(static_cast<std::byte>(value & 0xFF));
}

}  // namespace

wire::IpAddress DnsRig::LocalV4() { return wire::IpAddress::V4(0xC0000202u); }

wire::IpAddress DnsRig::LocalV6() {
  return wire::IpAddress::V6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});
}

DnsRig::DnsRig(dns::ResolverOptions options, uint32_t seed)
    : network_(LocalV4(), LocalV6()), random_(seed) {
  udp::UdpStackOptions udp_options;
  udp_options.random = std::make_unique<CountingRandom>(seed ^ 0x5bd1e995u);
  auto udp = udp::UdpStack::Create(network_, std::move(udp_options));
  if (!udp.ok()) std::abort();
  udp_ = std::move(udp).value();
  options.clock_ms = [this] { return now_; };
  auto resolver = dns::DnsResolver::Create(*udp_, random_, std::move(options));
  if (!resolver.ok()) std::abort();
  resolver_ = std::move(resolver).value();
}

std::vector<SentQuery> DnsRig::TakeQueries() {
  std::vector<SentQuery> queries;
  for (udp::InMemoryNetworkLayer::Sent& sent : network_.TakeSent()) {
    const std::span<const std::byte> datagram = sent.packet.data();
    if (datagram.size() < 8) continue;
    queries.push_back(
        SentQuery{wire::SocketAddress{sent.facts.source, wire::LoadBe16(datagram, 0)},
                  wire::SocketAddress{sent.facts.destination, wire::LoadBe16(datagram, 2)},
                  std::vector<std::byte>(datagram.begin() + 8, datagram.end())});
  }
  return queries;
}

void DnsRig::Inject(const wire::SocketAddress& from, uint16_t to_port,
                    std::span<const std::byte> payload) {
  std::vector<std::byte> datagram;
  PushBe16(datagram, from.port);
  PushBe16(datagram, to_port);
  PushBe16(datagram, static_cast<uint16_t>(8 + payload.size()));
  PushBe16(datagram, 0);  // the device verified it (policy below)
  datagram.insert(datagram.end(), payload.begin(), payload.end());
  const wire::IpAddress local = from.family() == wire::IpFamily::kIpv4 ? LocalV4() : LocalV6();
  udp_->Receive(datagram, udp::RxFacts{from.address, local},
                udp::ChecksumPolicy::kVerifiedByDevice);
  udp_->DeliverQueued();
}

void DnsRig::Advance(int64_t ms) {
  now_ += ms;
  resolver_->Tick();
}

std::vector<std::byte> WireName(std::string_view dotted) {
  std::vector<std::byte> out;
  while (!dotted.empty()) {
    const size_t dot = dotted.find('.');
    const std::string_view label = dotted.substr(0, dot);
    out.push_back(static_cast<std::byte>(label.size()));
    for (char c : label) out.push_back(static_cast<std::byte>(c));
    if (dot == std::string_view::npos) break;
    dotted.remove_prefix(dot + 1);
  }
  out.push_back(std::byte{0});
  return out;
}

std::vector<std::byte> BuildResponse(std::span<const std::byte> query, uint16_t flags_extra,
                                     const std::vector<RecordSpec>& answers) {
  std::vector<std::byte> out(query.begin(), query.end());
  if (out.size() < dns::dns_field::kHeaderSize) out.resize(dns::dns_field::kHeaderSize);
  const std::span<std::byte> header(out);
  const uint16_t flags = wire::LoadBe16(header, dns::dns_field::kFlags);
  wire::StoreBe16(
      header, dns::dns_field::kFlags,
      static_cast<uint16_t>(flags | dns::dns_field::kQr | dns::dns_field::kRa | flags_extra));
  wire::StoreBe16(header, dns::dns_field::kAnCount, static_cast<uint16_t>(answers.size()));
  for (const RecordSpec& record : answers) {
    out.insert(out.end(), record.owner.begin(), record.owner.end());
    PushBe16(out, record.type);
    PushBe16(out, record.klass);
    PushBe16(out, static_cast<uint16_t>(record.ttl >> 16));
    PushBe16(out, static_cast<uint16_t>(record.ttl & 0xFFFF));
    PushBe16(out, static_cast<uint16_t>(record.rdata.size()));
    out.insert(out.end(), record.rdata.begin(), record.rdata.end());
  }
  return out;
}

}  // namespace rampart::fuzzing
