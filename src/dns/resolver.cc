#include "dns/resolver.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/absl_view.h"

namespace rampart::dns {
namespace {

/// @return the name of an error code other than NXDOMAIN (which never
///         gets here: it ends the query on its own)
std::string RcodeName(uint8_t rcode) {
  switch (rcode) {
    case dns_rcode::kFormErr:
      return "FORMERR";
    case dns_rcode::kServFail:
      return "SERVFAIL";
    case dns_rcode::kNotImp:
      return "NOTIMP";
    case dns_rcode::kRefused:
      return "REFUSED";
    default:
      return absl::StrCat("RCODE ", rcode);
  }
}

std::vector<uint16_t> TypesFor(AddressFamilies families) {
  switch (families) {
    case AddressFamilies::kIpv4:
      return {dns_type::kA};
    case AddressFamilies::kIpv6:
      return {dns_type::kAaaa};
    case AddressFamilies::kIpv4ThenIpv6:
      return {dns_type::kA, dns_type::kAaaa};
    case AddressFamilies::kIpv6ThenIpv4:
      return {dns_type::kAaaa, dns_type::kA};
  }
  return {dns_type::kA};
}

bool IsAnswerIn(const DnsRecord& record) {
  return record.section == DnsSection::kAnswer && record.klass == kClassIn;
}

}  // namespace

std::string TypeName(uint16_t type) {
  if (type == dns_type::kA) return "A";
  if (type == dns_type::kAaaa) return "AAAA";
  if (type == dns_type::kCname) return "CNAME";
  return absl::StrCat("TYPE", type);
}

std::string ResolverCounters::ToJson() const {
  std::string json =
      absl::StrCat("{\"Queries\":", queries, ",\"Sent\":", sent, ",\"Retries\":", retries,
                   ",\"Answered\":", answered, ",\"Failed\":", failed, ",\"TimedOut\":", timed_out,
                   ",\"CacheHits\":", cache_hits, ",\"Accepted\":", accepted);
  for (const ReasonInfo& row : kReasonTable) {
    if (row.layer != Layer::kDns) continue;
    absl::StrAppend(&json, ",\"", AbslView(row.name), "\":", drops[row.reason]);
  }
  return json + "}";
}

/// One query's end of its UDP socket: hands datagrams to the resolver.
class DnsResolver::QueryReceiver final : public udp::DataTransfer {
 public:
  QueryReceiver(DnsResolver& resolver, QueryId id) : resolver_(resolver), id_(id) {}
  absl::Status Deliver(udp::IoBuffer data, const udp::TransferMetadata& metadata) override {
    resolver_.OnResponse(id_, data.data(), metadata);
    return absl::OkStatus();
  }
  void Close(absl::Status) override {}

 private:
  DnsResolver& resolver_;
  QueryId id_;
};

absl::StatusOr<std::unique_ptr<DnsResolver>> DnsResolver::Create(udp::UdpStack& udp,
                                                                 udp::RandomSource& random,
                                                                 ResolverOptions options) {
  if (options.servers.empty()) return absl::InvalidArgumentError("dns: no server given");
  if (!options.clock_ms) return absl::InvalidArgumentError("dns: the resolver needs a clock");
  if (options.attempt_timeout_ms <= 0 || options.attempts_per_server <= 0 ||
      options.total_timeout_ms <= 0 || options.max_queries == 0) {
    return absl::InvalidArgumentError("dns: timeouts, tries and max_queries must be positive");
  }
  for (wire::SocketAddress& server : options.servers) {
    if (server.port == 0) server.port = 53;
  }
  return std::unique_ptr<DnsResolver>(new DnsResolver(udp, random, std::move(options)));
}

DnsResolver::DnsResolver(udp::UdpStack& udp, udp::RandomSource& random, ResolverOptions options)
    : udp_(udp), random_(random), options_(std::move(options)), cache_(options_.cache_entries) {}

DnsResolver::~DnsResolver() {
  for (auto& [id, query] : queries_) CloseSocket(*query);
}

DnsResolver::Query* DnsResolver::Find(QueryId id) {
  const auto found = queries_.find(id);
  return found == queries_.end() ? nullptr : found->second.get();
}

size_t DnsResolver::pending() const {
  return static_cast<size_t>(std::count_if(queries_.begin(), queries_.end(), [](const auto& entry) {
    return !entry.second->result.has_value();
  }));
}

absl::StatusOr<DnsResolver::QueryId> DnsResolver::Start(std::string_view text,
                                                        AddressFamilies families, Callback done) {
  absl::StatusOr<DnsName> name = DnsName::FromText(text);
  if (!name.ok()) return name.status();
  if (queries_.size() >= options_.max_queries) {
    return absl::ResourceExhaustedError(
        absl::StrCat("dns: ", options_.max_queries, " queries are pending or not yet taken"));
  }
  auto query = std::make_unique<Query>();
  query->id = next_id_++;
  query->name = *name;
  query->types = TypesFor(families);
  query->done = std::move(done);
  query->started_ms = Now();
  ++counters_.queries;
  Query& started = *query;
  const QueryId id = started.id;
  queries_.emplace(id, std::move(query));
  if (auto cached = cache_.Lookup(started.name, started.types.front(), started.started_ms)) {
    ++counters_.cache_hits;
    Complete(started, DnsAnswer{cached->name, cached->canonical, cached->type,
                                std::move(cached->addresses), /*from_cache=*/true});
    return id;
  }
  SendTry(started);
  return id;
}

std::optional<absl::StatusOr<DnsAnswer>> DnsResolver::Take(QueryId id) {
  Query* query = Find(id);
  if (query == nullptr || !query->result.has_value()) return std::nullopt;
  std::optional<absl::StatusOr<DnsAnswer>> result = std::move(query->result);
  queries_.erase(id);
  return result;
}

std::string DnsResolver::Describe(const Query& query) const {
  return absl::StrCat(query.name.ToText(), " (", TypeName(query.types.front()), ") via ",
                      options_.servers[query.server].ToString());
}

void DnsResolver::CloseSocket(Query& query) {
  if (query.socket.has_value()) {
    query.socket->Close(absl::OkStatus());
    query.socket.reset();
  }
  if (query.receiver != nullptr) retired_.push_back(std::move(query.receiver));
}

void DnsResolver::SendTry(Query& query) {
  CloseSocket(query);
  // RFC 5452 9.2: an unpredictable ID and source port for every try (the
  // stack picks the port at random from its ephemeral range).
  query.transaction_id = static_cast<uint16_t>(random_.Next() & 0xFFFFu);
  query.receiver = std::make_unique<QueryReceiver>(*this, query.id);
  query.try_deadline_ms = Now() + options_.attempt_timeout_ms;
  if (query.tries > 0 || query.server > 0) ++counters_.retries;
  ++query.tries;
  udp::OpenOptions open;
  open.strict_peer = true;  // the UDP layer drops datagrams from anyone else
  absl::StatusOr<udp::UdpSocket> socket =
      udp_.Open(*query.receiver, options_.servers[query.server], std::nullopt, open);
  if (!socket.ok()) {
    query.last_error = absl::StrCat(Describe(query), ": ", socket.status().message());
    return;  // the try times out and the next one tries again
  }
  query.socket.emplace(std::move(socket).value());
  const std::vector<std::byte> message =
      BuildQuery(query.transaction_id, query.name, query.types.front());
  udp::IoBuffer buffer = query.socket->AllocateBuffer(message.size());
  absl::Status sent = buffer.Append(message);
  if (sent.ok()) sent = query.socket->Deliver(std::move(buffer), {});
  if (!sent.ok()) {
    query.last_error = absl::StrCat(Describe(query), ": ", sent.message());
    return;
  }
  ++counters_.sent;
}

void DnsResolver::Complete(Query& query, absl::StatusOr<DnsAnswer> result) {
  CloseSocket(query);
  if (result.ok()) {
    ++counters_.answered;
  } else {
    ++counters_.failed;
  }
  if (!query.done) {
    query.result = std::move(result);
    return;
  }
  // With a callback the result goes there and the query is forgotten; the
  // callback may start or take other queries.
  Callback done = std::move(query.done);
  const QueryId id = query.id;
  queries_.erase(id);
  done(id, result);
}

void DnsResolver::Tick() {
  retired_.clear();
  const int64_t now = Now();
  std::vector<QueryId> waiting;
  for (const auto& [id, query] : queries_) {
    if (!query->result.has_value()) waiting.push_back(id);
  }
  for (const QueryId id : waiting) {
    Query* query = Find(id);
    if (query == nullptr || query->result.has_value()) continue;
    // A clock that went backwards counts as no time passed.
    const int64_t elapsed = std::max<int64_t>(0, now - query->started_ms);
    const bool bound_reached = elapsed >= options_.total_timeout_ms;
    if (!bound_reached && now < query->try_deadline_ms) continue;
    if (!bound_reached && query->tries >= static_cast<size_t>(options_.attempts_per_server)) {
      ++query->server;
      query->tries = 0;
    }
    if (bound_reached || query->server >= options_.servers.size()) {
      ++counters_.timed_out;
      std::vector<std::string> servers;
      for (const wire::SocketAddress& server : options_.servers) {
        servers.push_back(server.ToString());
      }
      query->server = std::min(query->server, options_.servers.size() - 1);
      std::string message = absl::StrCat(query->name.ToText(), " (", TypeName(query->types.front()),
                                         "): no answer from ", absl::StrJoin(servers, ", "),
                                         " within ", elapsed, " ms");
      if (!query->last_error.empty()) absl::StrAppend(&message, " (last: ", query->last_error, ")");
      Complete(*query, absl::DeadlineExceededError(message));
      continue;
    }
    SendTry(*query);
  }
}

void DnsResolver::OnResponse(QueryId id, std::span<const std::byte> payload,
                             const udp::TransferMetadata& metadata) {
  Query* query = Find(id);
  if (query == nullptr || query->result.has_value()) return;
  if (!metadata.source.has_value() || *metadata.source != options_.servers[query->server]) {
    counters_.drops.Count(Reason::kDnsWrongSource);
    return;
  }
  if (payload.size() > dns_field::kMaxUdpMessage) {
    counters_.drops.Count(Reason::kDnsResponseTooLong);
    return;
  }
  auto parsed = DnsMessage::Create(payload);
  if (const auto* refused = std::get_if<DnsRefusal>(&parsed)) {
    counters_.drops.Count(refused->reason);
    return;
  }
  const DnsMessage& message = std::get<DnsMessage>(parsed);
  if (const Reason refused = CheckResponse(*query, message); refused != Reason::kNone) {
    counters_.drops.Count(refused);
    return;
  }
  ++counters_.accepted;
  UseResponse(*query, message);
}

Reason DnsResolver::CheckResponse(const Query& query, const DnsMessage& message) const {
  const DnsHeader& header = message.header();
  if (!header.qr() || header.opcode() != 0) return Reason::kDnsNotResponse;
  if (header.id != query.transaction_id) return Reason::kDnsIdMismatch;
  if (message.questions().size() != 1) return Reason::kDnsQuestionMismatch;
  const DnsQuestion& question = message.questions().front();
  if (question.type != query.types.front() || question.klass != kClassIn ||
      !question.name.EqualsIgnoringCase(query.name)) {
    return Reason::kDnsQuestionMismatch;
  }
  return Reason::kNone;
}

void DnsResolver::UseResponse(Query& query, const DnsMessage& message) {
  const DnsHeader& header = message.header();
  if (header.tc()) {
    counters_.drops.Count(Reason::kDnsTruncatedAnswer);
    Complete(query, absl::UnavailableError(
                        absl::StrCat(Describe(query),
                                     ": the answer was truncated (TC); rampart does not "
                                     "retry over TCP")));
    return;
  }
  if (header.rcode() == dns_rcode::kNxDomain) {
    Complete(query,
             absl::NotFoundError(absl::StrCat(Describe(query), ": no such name (NXDOMAIN)")));
    return;
  }
  if (header.rcode() != dns_rcode::kNoError) {
    // SERVFAIL, REFUSED, FORMERR, NOTIMP: the next server may do better.
    query.last_error = absl::StrCat(Describe(query), " answered ", RcodeName(header.rcode()));
    if (query.server + 1 < options_.servers.size()) {
      ++query.server;
      query.tries = 0;
      SendTry(query);
      return;
    }
    Complete(query, absl::UnavailableError(query.last_error));
    return;
  }
  // Follow the CNAME chain from the name asked, within the bound.
  const std::vector<DnsRecord>& records = message.records();
  std::vector<const DnsName*> chain = {&query.name};
  uint32_t ttl = options_.max_ttl_seconds;
  while (true) {
    const auto cname = std::find_if(records.begin(), records.end(), [&](const DnsRecord& record) {
      return IsAnswerIn(record) && record.type == dns_type::kCname &&
             record.owner.EqualsIgnoringCase(*chain.back());
    });
    if (cname == records.end()) break;
    if (chain.size() > options_.max_cname_hops) {
      counters_.drops.Count(Reason::kDnsCnameChainTooLong);
      Complete(query, absl::DataLossError(absl::StrCat(Describe(query), ": more than ",
                                                       options_.max_cname_hops, " CNAMEs")));
      return;
    }
    ttl = std::min(ttl, cname->ttl());
    chain.push_back(&std::get<DnsName>(cname->data));
  }
  DnsAnswer answer{query.name, *chain.back(), query.types.front(), {}, false};
  for (const DnsRecord& record : records) {
    if (record.section != DnsSection::kAnswer) continue;
    const bool on_chain = std::any_of(chain.begin(), chain.end(), [&](const DnsName* name) {
      return record.owner.EqualsIgnoringCase(*name);
    });
    if (!on_chain) {
      counters_.drops.Count(Reason::kDnsRecordNotAsked);
      continue;
    }
    if (IsAnswerIn(record) && record.type == answer.type &&
        record.owner.EqualsIgnoringCase(answer.canonical)) {
      answer.addresses.push_back(std::get<wire::IpAddress>(record.data));
      ttl = std::min(ttl, record.ttl());
    }
  }
  if (answer.addresses.empty()) {
    NextTypeOrFail(query,
                   absl::NotFoundError(absl::StrCat(Describe(query), ": no ", TypeName(answer.type),
                                                    " record (NODATA)")));
    return;
  }
  const int64_t now = Now();
  cache_.Insert(CachedAnswer{answer.name, answer.type, answer.canonical, answer.addresses, 0},
                int64_t{ttl} * 1000, now);
  Complete(query, std::move(answer));
}

void DnsResolver::NextTypeOrFail(Query& query, absl::Status why) {
  if (query.types.size() <= 1) {
    if (!query.nodata.empty()) {
      why = absl::Status(why.code(), absl::StrCat(query.nodata, "; ", why.message()));
    }
    Complete(query, std::move(why));
    return;
  }
  query.nodata = std::string(why.message());
  query.types.erase(query.types.begin());
  query.server = 0;
  query.tries = 0;
  SendTry(query);
}

absl::StatusOr<wire::IpAddress> DnsResolver::Resolve(std::string_view name) {
  if (!options_.pump) {
    return absl::FailedPreconditionError("dns: Resolve needs a pump (the caller's poll loop)");
  }
  absl::StatusOr<QueryId> id = Start(name, options_.families);
  if (!id.ok()) return id.status();
  while (true) {
    if (auto result = Take(*id)) {
      if (!result->ok()) return result->status();
      return (*result)->addresses.front();
    }
    if (absl::Status pumped = options_.pump(); !pumped.ok()) {
      if (Query* query = Find(*id)) {
        CloseSocket(*query);
        queries_.erase(*id);
      }
      return pumped;
    }
    Tick();
  }
}

}  // namespace rampart::dns
