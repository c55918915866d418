// Fuzz target: the DNS resolver (src/dns/resolver.h) against a model.
//
// Input: a configuration (servers, tries, timeouts, CNAME bound, cache
// size, address families), then a script of steps: start a query, move
// the clock (forwards or backwards), answer a query's live try (an answer,
// a CNAME chain of any length, NXDOMAIN, NODATA, SERVFAIL, TC), send it a
// spoofed answer (other ID, other question, other port or address, QR
// clear, duplicate), or raw bytes (up to 1,023, so past the 512-octet
// bound) with its ID.
// Oracle: a model written here from the resolver's documented rules knows
// every query's live try (server, type), when the next try is due and
// when the query must give up, the cache (entries, expiry, eviction), and
// so predicts exactly: which datagrams the resolver sends (to whom, for
// what), and when each query completes with what (addresses, or the error
// code). It never accepts a spoofed answer, never sends more tries than
// servers x tries x types, never holds more cache entries or sockets than
// its bounds, and every query completes by its time bound.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dns/message.h"
#include "dns/resolver.h"
#include "harness/byte_reader.h"
#include "harness/dns_rig.h"
#include "harness/fuzz_check.h"
#include "wire/bytes.h"

namespace {

using rampart::dns::AddressFamilies;
using rampart::dns::DnsMessage;
using rampart::dns::ResolverOptions;
namespace dns = rampart::dns;
namespace fz = rampart::fuzzing;
using rampart::wire::IpAddress;
using rampart::wire::SocketAddress;

constexpr const char* kNames[] = {"a.test", "B.test", "alias.test", "z.example"};

/// What the model expects of one query.
struct ModelQuery {
  std::string name;
  std::vector<uint16_t> types;  // first is current
  int64_t started = 0;
  int64_t try_deadline = 0;
  size_t server = 0;
  int tries = 0;
  bool done = false;
  std::optional<fz::SentQuery> live;  // the try the resolver sent last
  dns::DnsResolver::QueryId id = 0;
  // Set when the model knows the outcome and the resolver must have it.
  std::optional<absl::StatusCode> expect_code;
  std::vector<IpAddress> expect_addresses;
};

struct CacheEntry {
  std::string name;  // lower case
  uint16_t type;
  int64_t expires;
  std::vector<IpAddress> addresses;
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return s;
}

std::vector<uint16_t> TypesOf(AddressFamilies f) {
  switch (f) {
    case AddressFamilies::kIpv4:
      return {1};
    case AddressFamilies::kIpv6:
      return {28};
    case AddressFamilies::kIpv4ThenIpv6:
      return {1, 28};
    case AddressFamilies::kIpv6ThenIpv4:
      return {28, 1};
  }
  return {1};
}

class Model {
 public:
  explicit Model(rampart::fuzz::ByteReader& in) : in_(in) {
    const uint8_t c0 = in_.Byte();
    const uint8_t c1 = in_.Byte();
    options_.servers.push_back(SocketAddress{IpAddress::V4(0xC0000201u), 53});
    if ((c0 & 1) != 0) options_.servers.push_back(SocketAddress{IpAddress::V4(0xC0000203u), 53});
    options_.attempts_per_server = 1 + ((c0 >> 1) & 1);
    families_ = static_cast<AddressFamilies>((c0 >> 2) & 3);
    options_.cache_entries = (c0 >> 4) & 3;
    options_.max_cname_hops = c1 % 4;
    options_.attempt_timeout_ms = 100 * (1 + (c1 >> 2) % 8);
    options_.total_timeout_ms = options_.attempt_timeout_ms * (1 + (c1 >> 5) % 6);
    options_.max_queries = 4;
    options_.max_ttl_seconds = 2;
    rig_.emplace(options_, 99);
    // Create refuses, as InvalidArgument, every setting it cannot run
    // with (one of them per input, picked by the configuration bytes).
    ResolverOptions bad = options_;
    bad.clock_ms = [] { return int64_t{0}; };
    switch ((c0 ^ c1) % 6) {
      case 0:
        bad.servers.clear();
        break;
      case 1:
        bad.clock_ms = nullptr;
        break;
      case 2:
        bad.attempt_timeout_ms = 0;
        break;
      case 3:
        bad.attempts_per_server = 0;
        break;
      case 4:
        bad.total_timeout_ms = -1;
        break;
      default:
        bad.max_queries = 0;
        break;
    }
    fz::CountingRandom random(1);
    FUZZ_CHECK(dns::DnsResolver::Create(rig_->udp(), random, std::move(bad)).status().code() ==
               absl::StatusCode::kInvalidArgument);
  }

  void Run() {
    for (int step = 0; step < 200 && !in_.Rest().empty(); ++step) {
      switch (in_.Byte() % 8) {
        case 0:
          Advance(in_.U16() % 3000);
          break;
        case 1:
          Advance(-static_cast<int64_t>(in_.U16() % 500));
          break;
        case 2:
        case 3:
          if (auto* q = Pick()) Answer(*q);
          break;
        case 4:
          if (auto* q = Pick()) Spoof(*q);
          break;
        case 5:
          if (auto* q = Pick()) Raw(*q);
          break;
        default:
          Start(kNames[in_.Byte() % 4]);
          break;
      }
      Observe();
    }
    // Whatever is left must end by its bound, measured from its start (the
    // clock may have gone backwards since).
    int64_t jump = options_.total_timeout_ms + 1;
    for (const ModelQuery& q : queries_) {
      if (!q.done) jump = std::max(jump, q.started + options_.total_timeout_ms - Now() + 1);
    }
    Advance(jump);
    Observe();
    for (const ModelQuery& q : queries_) FUZZ_CHECK(q.done);
    FUZZ_CHECK(rig_->resolver().pending() == 0);
    FUZZ_CHECK(rig_->udp().connection_count() == 0);
    // The JSON the command prints carries the resolver's own figures, and
    // every query is counted once: answered or failed.
    const dns::ResolverCounters& counters = rig_->resolver().counters();
    FUZZ_CHECK(counters.answered + counters.failed == counters.queries);
    FUZZ_CHECK(counters.queries == queries_.size());
    const std::string json = counters.ToJson();
    for (const auto& [field, value] :
         {std::pair<const char*, uint64_t>{"Queries", counters.queries},
          {"Sent", counters.sent},
          {"Answered", counters.answered},
          {"Failed", counters.failed},
          {"Accepted", counters.accepted}}) {
      FUZZ_CHECK(json.find(absl::StrCat("\"", field, "\":", value)) != std::string::npos);
    }
    CheckBlockingResolve();
  }

 private:
  int64_t Now() const { return rig_->now(); }

  /// The blocking Resolve(), on a resolver of its own beside the first (no
  /// cache, the same stack and clock), with a pump that lets one try's
  /// time pass per call and, if the input says so, fails at its Nth call.
  /// Without a pump it refuses (FailedPrecondition); with one it returns
  /// the pump's own error if the pump failed, else DeadlineExceeded (no
  /// server ever answers); either way it leaves nothing pending and no
  /// socket open.
  void CheckBlockingResolve() {
    const uint8_t how = in_.Byte();
    const bool has_pump = (how & 8) == 0;
    const bool pump_fails = (how & 4) != 0;
    const int fail_at = how % 4;
    int pumps = 0;
    bool pump_failed = false;
    ResolverOptions blocking = options_;
    blocking.cache_entries = 0;
    blocking.clock_ms = [this] { return Now(); };
    if (has_pump) {
      blocking.pump = [&]() -> absl::Status {
        if (pump_fails && pumps == fail_at) {
          pump_failed = true;
          return absl::AbortedError("the caller's poll loop stopped");
        }
        ++pumps;
        rig_->Advance(options_.attempt_timeout_ms);
        return absl::OkStatus();
      };
    }
    fz::CountingRandom random(7);
    auto resolver = dns::DnsResolver::Create(rig_->udp(), random, std::move(blocking));
    FUZZ_CHECK(resolver.ok());
    const absl::StatusOr<IpAddress> result = (*resolver)->Resolve(kNames[(how >> 4) % 4]);
    absl::StatusCode want = absl::StatusCode::kDeadlineExceeded;
    if (!has_pump) want = absl::StatusCode::kFailedPrecondition;
    if (pump_failed) want = absl::StatusCode::kAborted;
    FUZZ_CHECK(result.status().code() == want);
    FUZZ_CHECK((*resolver)->pending() == 0);
    FUZZ_CHECK(rig_->udp().connection_count() == 0);
  }

  ModelQuery* Pick() {
    std::vector<ModelQuery*> live;
    for (ModelQuery& q : queries_) {
      if (!q.done && q.live.has_value()) live.push_back(&q);
    }
    return live.empty() ? nullptr : live[in_.Byte() % live.size()];
  }

  void Start(const char* name) {
    const size_t outstanding = static_cast<size_t>(
        std::count_if(queries_.begin(), queries_.end(), [](const auto& q) { return !q.done; }));
    auto id = rig_->resolver().Start(name, families_);
    if (outstanding >= options_.max_queries) {
      FUZZ_CHECK(!id.ok() && id.status().code() == absl::StatusCode::kResourceExhausted);
      return;
    }
    FUZZ_CHECK(id.ok());
    ModelQuery q;
    q.name = name;
    q.types = TypesOf(families_);
    q.started = Now();
    q.id = *id;
    // The cache answers the first type only.
    if (const CacheEntry* hit = Cached(q.name, q.types.front())) {
      q.expect_code = absl::StatusCode::kOk;
      q.expect_addresses = hit->addresses;
    } else {
      q.try_deadline = Now() + options_.attempt_timeout_ms;
      q.tries = 1;
      expected_tries_.push_back(ExpectedTry{queries_.size(), 0, q.types.front()});
    }
    queries_.push_back(q);
  }

  const CacheEntry* Cached(const std::string& name, uint16_t type) {
    std::erase_if(cache_, [&](const CacheEntry& e) { return e.expires <= Now(); });
    for (const CacheEntry& e : cache_) {
      if (e.type == type && e.name == Lower(name)) return &e;
    }
    return nullptr;
  }

  void CacheInsert(const ModelQuery& q, uint16_t type, std::vector<IpAddress> addresses,
                   uint32_t ttl) {
    if (options_.cache_entries == 0 || ttl == 0) return;
    const int64_t expires = Now() + int64_t{ttl} * 1000;
    std::erase_if(cache_, [&](const CacheEntry& e) {
      return e.expires <= Now() || (e.type == type && e.name == Lower(q.name));
    });
    if (cache_.size() >= options_.cache_entries) {
      auto first = std::min_element(cache_.begin(), cache_.end(), [](const auto& a, const auto& b) {
        return a.expires < b.expires;
      });
      cache_.erase(first);
    }
    cache_.push_back(CacheEntry{Lower(q.name), type, expires, std::move(addresses)});
  }

  void Advance(int64_t ms) {
    rig_->Advance(ms);
    for (size_t i = 0; i < queries_.size(); ++i) {
      ModelQuery& q = queries_[i];
      if (q.done || q.expect_code.has_value()) continue;
      const int64_t elapsed = std::max<int64_t>(0, Now() - q.started);
      const bool bound = elapsed >= options_.total_timeout_ms;
      if (!bound && Now() < q.try_deadline) continue;
      if (!bound && q.tries >= options_.attempts_per_server) {
        ++q.server;
        q.tries = 0;
      }
      if (bound || q.server >= options_.servers.size()) {
        q.expect_code = absl::StatusCode::kDeadlineExceeded;
        continue;
      }
      NewTry(i);
    }
  }

  void NewTry(size_t index) {
    ModelQuery& q = queries_[index];
    ++q.tries;
    q.try_deadline = Now() + options_.attempt_timeout_ms;
    q.live.reset();
    expected_tries_.push_back(ExpectedTry{index, q.server, q.types.front()});
  }

  /// Builds the answer section the script asks for and predicts the result.
  void Answer(ModelQuery& q) {
    const fz::SentQuery live = *q.live;  // NewTry below forgets it
    const uint16_t type = q.types.front();
    const uint8_t raw_kind = in_.Byte();
    const uint8_t kind = raw_kind % 6;
    const uint32_t ttl = in_.Byte() % 4;
    std::vector<fz::RecordSpec> records;
    uint16_t flags = 0;
    const size_t index = static_cast<size_t>(&q - queries_.data());
    if (kind <= 1) {  // addresses, after `chain` CNAMEs
      const size_t chain = kind == 0 ? 0 : in_.Byte() % 10;
      std::vector<std::byte> owner = {std::byte{0xC0}, std::byte{0x0C}};
      for (size_t i = 0; i < chain; ++i) {
        const std::string target = "c" + std::to_string(i) + ".test";
        records.push_back(fz::RecordSpec{owner, 5, 1, ttl, fz::WireName(target)});
        owner = fz::WireName(target);
      }
      std::vector<IpAddress> addresses;
      const size_t count = 1 + in_.Byte() % 3;
      for (size_t i = 0; i < count; ++i) {
        std::vector<std::byte> rdata(type == 1 ? 4 : 16, std::byte{0});
        rdata[0] = std::byte{192};
        rdata.back() = static_cast<std::byte>(in_.Byte());
        addresses.push_back(*IpAddress::FromBytes(
            type == 1 ? rampart::wire::IpFamily::kIpv4 : rampart::wire::IpFamily::kIpv6, rdata));
        records.push_back(fz::RecordSpec{owner, type, 1, ttl, rdata});
      }
      if (chain > options_.max_cname_hops) {
        q.expect_code = absl::StatusCode::kDataLoss;
      } else {
        q.expect_code = absl::StatusCode::kOk;
        q.expect_addresses = addresses;
        CacheInsert(q, type, addresses, std::min<uint32_t>(ttl, options_.max_ttl_seconds));
      }
    } else if (kind == 2) {
      flags = dns::dns_rcode::kNxDomain;
      q.expect_code = absl::StatusCode::kNotFound;
    } else if (kind == 3) {  // NODATA
      if (q.types.size() > 1) {
        q.types.erase(q.types.begin());
        q.server = 0;
        q.tries = 0;
        NewTry(index);
      } else {
        q.expect_code = absl::StatusCode::kNotFound;
      }
    } else if (kind == 4) {
      // SERVFAIL, or any other error code: each sends the query on to the
      // next server (the byte's higher part picks which; 0 is SERVFAIL).
      constexpr uint16_t kCodes[] = {dns::dns_rcode::kServFail,
                                     dns::dns_rcode::kFormErr,
                                     dns::dns_rcode::kNotImp,
                                     dns::dns_rcode::kRefused,
                                     6,
                                     15};
      flags = kCodes[(raw_kind / 6) % std::size(kCodes)];
      if (q.server + 1 < options_.servers.size()) {
        ++q.server;
        q.tries = 0;
        NewTry(index);
      } else {
        q.expect_code = absl::StatusCode::kUnavailable;
      }
    } else {
      flags = dns::dns_field::kTc;
      q.expect_code = absl::StatusCode::kUnavailable;
    }
    const std::vector<std::byte> response = fz::BuildResponse(live.message, flags, records);
    q.live.reset();  // answered: a duplicate must change nothing
    rig_->Inject(live.to, live.from.port, response);
    last_answer_ = Sent{live, response};
  }

  void Spoof(ModelQuery& q) {
    const fz::SentQuery& live = *q.live;
    std::vector<std::byte> response =
        fz::BuildResponse(live.message, 0,
                          {fz::RecordSpec{{std::byte{0xC0}, std::byte{0x0C}},
                                          q.types.front(),
                                          1,
                                          60,
                                          std::vector<std::byte>(q.types.front() == 1 ? 4 : 16)}});
    SocketAddress from = live.to;
    uint16_t to_port = live.from.port;
    switch (in_.Byte() % 6) {
      case 0:
        response[1] ^= std::byte{1};  // another ID
        break;
      case 1:
        response[13] ^= std::byte{0x01};  // another question name
        break;
      case 2:
        from.port = 5353;
        break;
      case 3:
        from.address = IpAddress::V4(0xC6336401u);  // 198.51.100.1
        break;
      case 4:
        response[2] &= std::byte{0x7F};  // QR clear
        break;
      default:  // a duplicate of the last answer, to whatever port it went
        if (!last_answer_.has_value()) return;
        from = last_answer_->query.to;
        to_port = last_answer_->query.from.port;
        response = last_answer_->response;
        break;
    }
    InjectRefused(from, to_port, response);
  }

  /// Raw bytes with the live try's ID, from the right server to the right
  /// port. Bytes that would answer the query (the model's own reading of
  /// RFC 5452 9.1: a response, opcode QUERY, one question equal to the
  /// query's) are not sent: everything else must be refused.
  void Raw(ModelQuery& q) {
    std::span<const std::byte> bytes = in_.Take(in_.U16() % 1024);
    std::vector<std::byte> response(bytes.begin(), bytes.end());
    if (response.size() >= 2) {
      response[0] = q.live->message[0];
      response[1] = q.live->message[1];
    }
    auto parsed = DnsMessage::Create(response);
    if (response.size() <= 512 && std::holds_alternative<DnsMessage>(parsed)) {
      const DnsMessage& m = std::get<DnsMessage>(parsed);
      if (m.header().qr() && m.header().opcode() == 0 && m.questions().size() == 1 &&
          m.questions()[0].type == q.types.front() && m.questions()[0].klass == 1 &&
          m.questions()[0].name.EqualsIgnoringCase(*dns::DnsName::FromText(q.name))) {
        return;
      }
    }
    InjectRefused(q.live->to, q.live->from.port, response);
  }

  /// Sends a datagram the resolver must not accept.
  void InjectRefused(const SocketAddress& from, uint16_t to_port,
                     std::span<const std::byte> response) {
    const uint64_t accepted = rig_->resolver().counters().accepted;
    rig_->Inject(from, to_port, response);
    FUZZ_CHECK(rig_->resolver().counters().accepted == accepted);
  }

  /// Compares what the resolver did with what the model expects.
  void Observe() {
    for (fz::SentQuery& sent : rig_->TakeQueries()) {
      FUZZ_CHECK(!expected_tries_.empty());
      const ExpectedTry expected = expected_tries_.front();
      expected_tries_.erase(expected_tries_.begin());
      ModelQuery& q = queries_[expected.query];
      FUZZ_CHECK(sent.to == options_.servers[expected.server]);
      auto parsed = DnsMessage::Create(sent.message);
      FUZZ_CHECK(std::holds_alternative<DnsMessage>(parsed));
      const DnsMessage& m = std::get<DnsMessage>(parsed);
      FUZZ_CHECK(m.questions().size() == 1 && m.questions()[0].type == expected.type);
      FUZZ_CHECK(m.questions()[0].name.EqualsIgnoringCase(*dns::DnsName::FromText(q.name)));
      FUZZ_CHECK(!m.header().qr() && m.header().rd());
      q.live = sent;
    }
    // Every outcome exactly when and as the model predicts.
    for (ModelQuery& q : queries_) {
      if (q.done) continue;
      auto result = rig_->resolver().Take(q.id);
      FUZZ_CHECK(result.has_value() == q.expect_code.has_value());
      if (!result.has_value()) continue;
      q.done = true;
      FUZZ_CHECK(result->status().code() == *q.expect_code);
      if (result->ok()) FUZZ_CHECK((*result)->addresses == q.expect_addresses);
    }
    FUZZ_CHECK(expected_tries_.empty());
    FUZZ_CHECK(rig_->resolver().cache().size() <= options_.cache_entries);
    FUZZ_CHECK(rig_->udp().connection_count() <= options_.max_queries);
  }

  struct ExpectedTry {
    size_t query;
    size_t server;
    uint16_t type;
  };
  struct Sent {
    fz::SentQuery query;
    std::vector<std::byte> response;
  };

  rampart::fuzz::ByteReader& in_;
  ResolverOptions options_;
  AddressFamilies families_ = AddressFamilies::kIpv4;
  std::optional<fz::DnsRig> rig_;
  std::vector<ModelQuery> queries_;
  std::vector<ExpectedTry> expected_tries_;
  std::vector<CacheEntry> cache_;
  std::optional<Sent> last_answer_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rampart::fuzz::ByteReader in(std::as_bytes(std::span<const uint8_t>(data, size)));
  Model model(in);
  model.Run();
  return 0;
}
