#include "udp/udp_stack.h"

#include <cassert>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/absl_view.h"
#include "base/status_or_else.h"
#include "wire/bytes.h"
#include "wire/udp.h"
#include "wire/udp_checksum.h"

namespace rampart::udp {

using wire::IpAddress;
using wire::IpFamily;
using wire::SocketAddress;

namespace {

/// The error for an operation on a connection that is not open.
absl::Status NotOpen(ConnectionId id) {
  return absl::NotFoundError(absl::StrCat("UDP connection ", id.value, " is not open"));
}

}  // namespace

UdpStack::UdpStack(NetworkLayer& network, UdpStackOptions options)
    : network_(network),
      options_(std::move(options)),
      ports_(*options_.random, options_.ephemeral_range),
      small_pool_(BufferPool::Create(options_.small_buffers, options_.small_buffer_payload,
                                     network_.header_room() + wire::udp_field::kHeaderSize)),
      large_pool_(BufferPool::Create(options_.large_buffers, wire::udp_field::kMaxPayload,
                                     network_.header_room() + wire::udp_field::kHeaderSize)),
      self_(std::make_shared<UdpStack*>(this)) {}

absl::StatusOr<std::unique_ptr<UdpStack>> UdpStack::Create(NetworkLayer& network,
                                                           UdpStackOptions options) {
  return ValueOrStatus(ValidatePortRange(options.ephemeral_range), [&] {
    if (options.random == nullptr) {
      options.random = MakeSystemRandomSource();
    }
    return std::unique_ptr<UdpStack>(new UdpStack(network, std::move(options)));
  });
}

UdpStack::~UdpStack() {
  self_.reset();
  std::vector<ConnectionId> open;
  for (const auto& [value, connection] : connections_) {
    open.push_back(connection->id);
  }
  for (ConnectionId id : open) {
    (void)Close(id, absl::CancelledError("UDP stack destroyed"));
  }
}

UdpStack::Connection* UdpStack::Find(ConnectionId id) const {
  auto it = connections_.find(id.value);
  return it == connections_.end() ? nullptr : it->second.get();
}

absl::Status UdpStack::CheckPortFree(const SocketAddress& local, const OpenOptions& options) const {
  if (!ports_.InUse(local.family(), local.port)) return absl::OkStatus();
  bool shared_ok = options.share_port_by_address;
  for (const auto& [value, other] : connections_) {
    if (!other->promiscuous && other->local.family() == local.family() &&
        other->local.port == local.port) {
      shared_ok = shared_ok && other->options.share_port_by_address &&
                  other->local.address != local.address;
    }
  }
  if (shared_ok) return absl::OkStatus();
  return absl::AlreadyExistsError(absl::StrCat("UDP port ", local.port, " (",
                                               AbslView(wire::FamilyName(local.family())),
                                               ") is already in use"));
}

UdpSocket UdpStack::Register(std::unique_ptr<Connection> connection) {
  ConnectionId id = connection->id;
  connections_.emplace(id.value, std::move(connection));
  // Each open connection appears at most once in each delivery list, so
  // these reservations keep DeliverQueued and Apply from allocating.
  ready_.reserve(connections_.size());
  round_.reserve(connections_.size());
  return UdpSocket(self_, id);
}

absl::StatusOr<UdpSocket> UdpStack::Open(DataTransfer& receiver, std::optional<SocketAddress> peer,
                                         std::optional<SocketAddress> local, OpenOptions options) {
  if (!peer.has_value() && !local.has_value()) {
    return absl::InvalidArgumentError("UDP open needs a peer or a local address to fix the family");
  }
  if (peer.has_value() && local.has_value() && peer->family() != local->family()) {
    return absl::InvalidArgumentError(absl::StrCat("UDP open: peer ", peer->ToString(),
                                                   " and local ", local->ToString(),
                                                   " are of different families"));
  }
  if (options.strict_peer && (!peer.has_value() || peer->port == 0)) {
    return absl::InvalidArgumentError("UDP open: strict_peer needs a peer with a port");
  }
  const IpFamily family = local.has_value() ? local->family() : peer->family();
  SocketAddress bound = local.value_or(SocketAddress{IpAddress::Unspecified(family), 0});
  if (bound.address.is_multicast() || bound.address.is_limited_broadcast()) {
    return absl::InvalidArgumentError(
        absl::StrCat("UDP open: cannot bind to multicast or broadcast ", bound.address.ToString()));
  }
  if (bound.port == 0) {
    absl::StatusOr<uint16_t> port = ports_.PickFree(family, options.privileged_port);
    if (!port.ok()) return port.status();
    bound.port = *port;
  } else if (absl::Status free = CheckPortFree(bound, options); !free.ok()) {
    return free;
  }
  const ConnectionId id{next_id_};
  const DemuxEntry entry{id, options.accept_ipv6_zero_checksum,
                         options.strict_peer ? peer : std::nullopt};
  if (absl::Status inserted = demux_.Insert(bound, entry); !inserted.ok()) return inserted;
  ++next_id_;
  ports_.Acquire(family, bound.port);
  auto connection = std::make_unique<Connection>(options_.max_queued_datagrams);
  connection->id = id;
  connection->receiver = &receiver;
  connection->peer = peer;
  connection->local = bound;
  connection->options = options;
  return Register(std::move(connection));
}

absl::StatusOr<UdpSocket> UdpStack::OpenPromiscuous(DataTransfer& receiver, OpenOptions options) {
  if (options.strict_peer) {
    return absl::InvalidArgumentError("a promiscuous connection cannot filter by peer");
  }
  const ConnectionId id{next_id_};
  if (absl::Status set =
          demux_.SetPromiscuous(DemuxEntry{id, options.accept_ipv6_zero_checksum, std::nullopt});
      !set.ok()) {
    return set;
  }
  ++next_id_;
  auto connection = std::make_unique<Connection>(options_.max_queued_datagrams);
  connection->id = id;
  connection->receiver = &receiver;
  connection->promiscuous = true;
  connection->options = options;
  return Register(std::move(connection));
}

absl::Status UdpStack::Close(ConnectionId id, absl::Status reason) {
  auto node = connections_.extract(id.value);
  if (node.empty()) return NotOpen(id);
  std::unique_ptr<Connection> connection = std::move(node.mapped());
  if (connection->promiscuous) {
    demux_.ClearPromiscuous();
  } else {
    demux_.Remove(connection->local);
    ports_.Release(connection->local.family(), connection->local.port);
  }
  counters_.drops.Count(Reason::kUdpConnectionClosed, connection->queue.size());
  while (!connection->queue.empty()) connection->queue.Pop();  // buffers go back to the pool
  connection->receiver->Close(std::move(reason));
  return absl::OkStatus();
}

IoBuffer UdpStack::AllocateBuffer(size_t payload_size) const {
  return IoBuffer(network_.header_room() + wire::udp_field::kHeaderSize, payload_size);
}

absl::Status UdpStack::Send(ConnectionId id, IoBuffer payload, const TransferMetadata& overrides) {
  const Connection* connection = Find(id);
  if (connection == nullptr) return NotOpen(id);
  SocketAddress source = overrides.source.value_or(connection->local);
  const std::optional<SocketAddress> chosen =
      overrides.destination.has_value() ? overrides.destination : connection->peer;
  if (!chosen.has_value()) {
    return absl::FailedPreconditionError(
        "UDP send: no destination (the connection has no peer and none was given)");
  }
  const SocketAddress destination = *chosen;
  if (destination.port == 0 || destination.address.is_unspecified()) {
    return absl::InvalidArgumentError(
        absl::StrCat("UDP send: bad destination ", destination.ToString()));
  }
  if (source.port == 0) return absl::InvalidArgumentError("UDP send: no source port");
  if (source.family() != destination.family()) {
    return absl::InvalidArgumentError(absl::StrCat("UDP send: source ", source.ToString(),
                                                   " and destination ", destination.ToString(),
                                                   " are of different families"));
  }
  if (payload.size() > wire::udp_field::kMaxPayload) {
    return absl::InvalidArgumentError(absl::StrCat(
        "UDP send: payload of ", payload.size(), " bytes exceeds ", wire::udp_field::kMaxPayload));
  }
  if (source.address.is_unspecified()) {
    absl::StatusOr<IpAddress> selected = network_.SelectSource(destination.address);
    if (!selected.ok()) return selected.status();
    source.address = *selected;
  }
  payload.EnsureHeadroom(network_.header_room() + wire::udp_field::kHeaderSize);
  const auto length = static_cast<uint16_t>(payload.size() + wire::udp_field::kHeaderSize);
  absl::StatusOr<std::span<std::byte>> header = payload.Push(wire::udp_field::kHeaderSize);
  if (!header.ok()) return header.status();  // EnsureHeadroom made room: not reached
  wire::UdpHeader{source.port, destination.port, length, 0}.Emit(
      header->first<wire::udp_field::kHeaderSize>());
  // UdpChecksum sends a computed 0 as 0xFFFF (0 means "no checksum").
  wire::StoreBe16(*header, wire::udp_field::kChecksum,
                  wire::UdpChecksum(source.address, destination.address, payload.data()));
  absl::Status sent = network_.Transmit(
      std::move(payload),
      TxFacts{source.address, destination.address, wire::udp_field::kProtocolNumber});
  ++(sent.ok() ? counters_.out_datagrams : counters_.out_errors);
  return sent;
}

Reason UdpStack::Enqueue(const DeliverVerdict& verdict, std::span<const std::byte> payload) {
  Connection* connection = Find(verdict.connection);
  // The demux table and the connections change together (Open, Close):
  // a verdict for a connection that is not open is a bug in this class.
  assert(connection != nullptr);
  if (connection == nullptr) return Reason::kUdpNoListener;
  if (connection->queue.full()) return Reason::kUdpReceiveQueueFull;
  if (payload.size() > options_.max_queued_bytes - connection->queued_bytes) {
    return Reason::kUdpReceiveQueueBytesFull;
  }
  BufferPool& pool = payload.size() <= small_pool_->payload_size() ? *small_pool_ : *large_pool_;
  std::optional<IoBuffer> buffer = pool.Take(payload);
  if (!buffer.has_value()) return Reason::kUdpBufferPoolEmpty;
  // A connection is listed in ready_ exactly while its queue holds
  // datagrams: it is listed when its queue stops being empty.
  if (connection->queue.empty()) ready_.push_back(connection->id);
  connection->queued_bytes += payload.size();
  (void)connection->queue.Push(Queued{std::move(*buffer), verdict.metadata});  // not full
  ++counters_.in_datagrams;
  if (verdict.checksum_unverified) ++counters_.in_csum_unverified;
  return Reason::kNone;
}

Reason UdpStack::Apply(const RxDecision& decision, std::span<const std::byte> datagram) {
  if (const auto* drop = std::get_if<DropVerdict>(&decision)) {
    CountDrop(drop->reason);
    return drop->reason;
  }
  const auto& deliver = std::get<DeliverVerdict>(decision);
  // DecideRx guarantees the payload lies inside the datagram it saw.
  const Reason refused =
      Enqueue(deliver, datagram.subspan(deliver.payload_offset, deliver.payload_length));
  if (refused != Reason::kNone) CountDrop(refused);
  return refused;
}

RxDecision UdpStack::Receive(std::span<const std::byte> datagram, const RxFacts& facts,
                             ChecksumPolicy policy) {
  const RxDecision decision = DecideRx(datagram, facts, policy, demux_);
  const Reason refused = Apply(decision, datagram);
  if (refused != Reason::kNone) return DropVerdict{refused};
  return decision;
}

size_t UdpStack::DeliverQueued(size_t budget) {
  size_t delivered = 0;
  while (delivered < budget && !ready_.empty()) {
    // One round: one datagram from each ready connection, in order.
    // Connections that still have datagrams, or get new ones from inside a
    // receiver, go back on ready_ for the next round.
    round_.swap(ready_);
    ready_.clear();
    size_t i = 0;
    for (; i < round_.size() && delivered < budget; ++i) {
      // Looked up afresh each time: an earlier receiver may have closed it.
      Connection* connection = Find(round_[i]);
      if (connection == nullptr) continue;
      Queued item = connection->queue.Pop();
      connection->queued_bytes -= item.payload.size();
      if (!connection->queue.empty()) ready_.push_back(connection->id);
      DataTransfer* receiver = connection->receiver;
      const TransferMetadata metadata{item.metadata.source, item.metadata.destination};
      (void)receiver->Deliver(std::move(item.payload), metadata);
      ++delivered;
    }
    // The budget ran out mid-round: the rest keep their turn, first.
    ready_.insert(ready_.begin(), round_.begin() + static_cast<std::ptrdiff_t>(i), round_.end());
  }
  return delivered;
}

absl::StatusOr<SocketAddress> UdpStack::LocalAddress(ConnectionId id) const {
  const Connection* connection = Find(id);
  return connection != nullptr ? absl::StatusOr<SocketAddress>(connection->local)
                               : absl::StatusOr<SocketAddress>(NotOpen(id));
}

size_t UdpStack::QueuedDatagrams(ConnectionId id) const {
  const Connection* connection = Find(id);
  return connection == nullptr ? 0 : connection->queue.size();
}

// ---- UdpSocket ----

UdpSocket::UdpSocket(UdpSocket&& other) noexcept
    : stack_(std::move(other.stack_)), id_(std::exchange(other.id_, ConnectionId{})) {}

UdpSocket& UdpSocket::operator=(UdpSocket&& other) noexcept {
  if (this != &other) {
    Close(absl::OkStatus());
    stack_ = std::move(other.stack_);
    id_ = std::exchange(other.id_, ConnectionId{});
  }
  return *this;
}

UdpSocket::~UdpSocket() { Close(absl::OkStatus()); }

UdpStack* UdpSocket::stack() const {
  std::shared_ptr<UdpStack*> locked = stack_.lock();
  return locked == nullptr ? nullptr : *locked;
}

absl::Status UdpSocket::Deliver(IoBuffer data, const TransferMetadata& metadata) {
  UdpStack* owner = stack();
  return owner == nullptr ? absl::FailedPreconditionError("UDP stack is gone")
                          : owner->Send(id_, std::move(data), metadata);
}

void UdpSocket::Close(absl::Status reason) {
  UdpStack* owner = stack();
  if (owner != nullptr && id_.value != 0) {
    (void)owner->Close(id_, std::move(reason));
  }
}

IoBuffer UdpSocket::AllocateBuffer(size_t payload_size) const {
  UdpStack* owner = stack();
  return owner == nullptr ? IoBuffer(0, payload_size) : owner->AllocateBuffer(payload_size);
}

absl::StatusOr<wire::SocketAddress> UdpSocket::LocalAddress() const {
  UdpStack* owner = stack();
  return owner == nullptr ? absl::FailedPreconditionError("UDP stack is gone")
                          : owner->LocalAddress(id_);
}

bool UdpSocket::is_open() const {
  UdpStack* owner = stack();
  return owner != nullptr && owner->LocalAddress(id_).ok();
}

}  // namespace rampart::udp
