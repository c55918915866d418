// A stub DNS resolver over rampart's own UDP (RFC 1035 queries, RFC 3596
// AAAA, RFC 5452 spoofing defences). It owns no thread and makes no
// blocking call: the caller's poll loop delivers datagrams through the UDP
// stack and calls Tick() with the stack's clock; each query has an id the
// caller polls (Take) and an optional completion callback.
#ifndef RAMPART_DNS_RESOLVER_H_
#define RAMPART_DNS_RESOLVER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/reason_counters.h"
#include "dns/cache.h"
#include "dns/message.h"
#include "dns/name.h"
#include "udp/random_source.h"
#include "udp/udp_stack.h"
#include "udp/udp_uri.h"
#include "wire/ip_address.h"

namespace rampart::dns {

/// Which address records a query asks for, in order: the second type is
/// asked only when the first has no data (NODATA).
enum class AddressFamilies { kIpv4, kIpv6, kIpv4ThenIpv6, kIpv6ThenIpv4 };

/// A positive answer.
struct DnsAnswer {
  DnsName name;       ///< the name asked
  DnsName canonical;  ///< where the CNAME chain ended (the name itself without one)
  uint16_t type = 0;  ///< dns_type::kA or kAaaa: the type that answered
  /// Every address of that type for the canonical name, in message order.
  std::vector<wire::IpAddress> addresses;
  bool from_cache = false;
};

/// Settings of a resolver. Defaults: two tries of 1 s per server, 5 s in
/// all, 64 cached answers for at most an hour, 8 CNAMEs, 16 queries at once.
struct ResolverOptions {
  /// Servers, asked in order (port 53 unless given).
  std::vector<wire::SocketAddress> servers;
  /// Wait for one try before the next (a new ID and a new source port).
  int64_t attempt_timeout_ms = 1000;
  /// Tries per server before moving to the next.
  int attempts_per_server = 2;
  /// Bound on a whole query, every try and both address types included.
  int64_t total_timeout_ms = 5000;
  /// Cached positive answers, at most; 0 disables the cache.
  size_t cache_entries = 64;
  /// A cached answer lives for the smallest TTL it used, at most this.
  uint32_t max_ttl_seconds = 3600;
  /// CNAMEs followed from the name asked, at most.
  size_t max_cname_hops = 8;
  /// Queries pending or finished and not yet taken, at most.
  size_t max_queries = 16;
  /// What Resolve() (the udp::Resolver interface) asks for.
  AddressFamilies families = AddressFamilies::kIpv4ThenIpv6;
  /// Milliseconds on a monotonic clock: the stack's (required).
  std::function<int64_t()> clock_ms;
  /// One turn of the caller's poll loop (wait for input, poll the stack),
  /// used by Resolve() only; it must let the clock advance.
  std::function<absl::Status()> pump;
};

/// The resolver's counters: every refused response by its reason (layer
/// dns), and what happened to queries.
struct ResolverCounters {
  ReasonCounters drops;
  uint64_t queries = 0;     ///< started
  uint64_t sent = 0;        ///< query datagrams sent (tries)
  uint64_t retries = 0;     ///< tries after the first
  uint64_t answered = 0;    ///< completed with addresses
  uint64_t failed = 0;      ///< completed with an error (timeouts included)
  uint64_t timed_out = 0;   ///< of those, for lack of an answer
  uint64_t cache_hits = 0;  ///< answered from the cache
  uint64_t accepted = 0;    ///< responses that passed every check

  /// @return the counters as one JSON object, every dns reason by name
  std::string ToJson() const;
};

/// The resolver. Not thread-safe; driven by one poll loop.
class DnsResolver final : public udp::Resolver {
 public:
  using QueryId = uint64_t;
  /// Called once when a query completes (maybe from inside Start, for a
  /// cached answer or a name that cannot be asked).
  using Callback = std::function<void(QueryId, const absl::StatusOr<DnsAnswer>&)>;

  /// @param udp    the UDP layer queries go through (must outlive this)
  /// @param random IDs (ports come from the stack's own allocator)
  /// @param options settings
  /// @return the resolver; InvalidArgument without servers or a clock, or
  ///         for a bound of 0
  static absl::StatusOr<std::unique_ptr<DnsResolver>> Create(udp::UdpStack& udp,
                                                             udp::RandomSource& random,
                                                             ResolverOptions options);
  ~DnsResolver() override;
  DnsResolver(const DnsResolver&) = delete;
  DnsResolver& operator=(const DnsResolver&) = delete;

  /// Starts a query (or answers it from the cache).
  /// @param name     the name, as text
  /// @param families the address types to ask for
  /// @param done     called once at completion; may be null
  /// @return the query's id; InvalidArgument for a malformed name;
  ///         ResourceExhausted when max_queries are pending or untaken
  absl::StatusOr<QueryId> Start(std::string_view name, AddressFamilies families,
                                Callback done = nullptr);

  /// @return nullopt while the query is pending (or unknown); once it
  ///         completed, its result (and the query is forgotten). Errors:
  ///         NotFound (NXDOMAIN, or no record of the types asked: NODATA),
  ///         DeadlineExceeded (no answer within the bounds), Unavailable
  ///         (every server answered with an error, or the answer was
  ///         truncated), DataLoss (a CNAME chain too long); every message
  ///         names the name and the server
  std::optional<absl::StatusOr<DnsAnswer>> Take(QueryId id);

  /// Sends the next try of queries whose try timed out and fails those
  /// past their bound. Call after every poll of the stack.
  void Tick();

  /// @return queries not yet completed
  size_t pending() const;

  /// The udp::Resolver interface, for OpenUdpUri: starts a query of
  /// options.families and turns options.pump and Tick until it completes.
  /// @return the first address; the query's error; FailedPrecondition
  ///         without a pump
  absl::StatusOr<wire::IpAddress> Resolve(std::string_view name) override;

  /// @return the counters
  const ResolverCounters& counters() const { return counters_; }
  /// @return the cache
  const AnswerCache& cache() const { return cache_; }

 private:
  class QueryReceiver;
  struct Query {
    QueryId id = 0;
    DnsName name;
    std::vector<uint16_t> types;  // still to ask, first is current
    Callback done;
    int64_t started_ms = 0;
    int64_t try_deadline_ms = 0;
    size_t tries = 0;             // for the current type
    size_t servers_refusing = 0;  // servers that answered with an error code
    uint16_t transaction_id = 0;
    size_t server = 0;  // index into options_.servers
    std::unique_ptr<QueryReceiver> receiver;
    std::optional<udp::UdpSocket> socket;
    std::optional<absl::StatusOr<DnsAnswer>> result;
    std::string last_error;  // what servers said, for the final message
    std::string nodata;      // the first type's NODATA, for the final message
  };

  DnsResolver(udp::UdpStack& udp, udp::RandomSource& random, ResolverOptions options);
  int64_t Now() const { return options_.clock_ms(); }
  Query* Find(QueryId id);
  /// Sends a try of the query's current type to its current server.
  void SendTry(Query& query);
  /// Closes the query's socket (its receiver is retired until the next
  /// Tick, since the close may come from inside its own Deliver).
  void CloseSocket(Query& query);
  /// Completes a query with `result`.
  void Complete(Query& query, absl::StatusOr<DnsAnswer> result);
  /// A datagram arrived on the query's socket.
  void OnResponse(QueryId id, std::span<const std::byte> payload,
                  const udp::TransferMetadata& metadata);
  /// The checks of a response against its query, in order.
  /// @return Reason::kNone if it answers the query
  Reason CheckResponse(const Query& query, const DnsMessage& message) const;
  /// Uses an accepted response (the rcode and the answer section).
  void UseResponse(Query& query, const DnsMessage& message);
  /// Moves to the next type (after NODATA) or fails with `why`.
  void NextTypeOrFail(Query& query, absl::Status why);
  /// @return "host.example. (A) from 192.0.2.1:53"
  std::string Describe(const Query& query) const;

  udp::UdpStack& udp_;
  udp::RandomSource& random_;
  ResolverOptions options_;
  AnswerCache cache_;
  ResolverCounters counters_;
  std::map<QueryId, std::unique_ptr<Query>> queries_;
  std::vector<std::unique_ptr<QueryReceiver>> retired_;
  QueryId next_id_ = 1;
};

/// @return "A", "AAAA" or the number
std::string TypeName(uint16_t type);

}  // namespace rampart::dns

#endif  // RAMPART_DNS_RESOLVER_H_
