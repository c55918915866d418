#include "udp/udp_stack.h"

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
  absl::Status status;
  bool shared_ok = options.share_port_by_address;
  if (ports_.InUse(local.family(), local.port)) {
    for (const auto& [value, other] : connections_) {
      if (!other->promiscuous && other->local.family() == local.family() &&
          other->local.port == local.port) {
        shared_ok = shared_ok && other->options.share_port_by_address &&
                    other->local.address != local.address;
      }
    }
    if (!shared_ok) {
      status = absl::AlreadyExistsError(absl::StrCat("UDP port ", local.port, " (",
                                                     AbslView(wire::FamilyName(local.family())),
                                                     ") is already in use"));
    }
  }
  return status;
}

UdpSocket UdpStack::Register(std::unique_ptr<Connection> connection) {
  ConnectionId id = connection->id;
  connections_.emplace(id.value, std::move(connection));
  return UdpSocket(self_, id);
}

absl::StatusOr<UdpSocket> UdpStack::Open(DataTransfer& receiver, std::optional<SocketAddress> peer,
                                         std::optional<SocketAddress> local, OpenOptions options) {
  absl::Status status;
  if (!peer.has_value() && !local.has_value()) {
    status =
        absl::InvalidArgumentError("UDP open needs a peer or a local address to fix the family");
  } else if (peer.has_value() && local.has_value() && peer->family() != local->family()) {
    status =
        absl::InvalidArgumentError(absl::StrCat("UDP open: peer ", peer->ToString(), " and local ",
                                                local->ToString(), " are of different families"));
  } else if (options.strict_peer && (!peer.has_value() || peer->port == 0)) {
    status = absl::InvalidArgumentError("UDP open: strict_peer needs a peer with a port");
  }
  IpFamily family =
      local.has_value() ? local->family() : (peer.has_value() ? peer->family() : IpFamily::kIpv4);
  SocketAddress bound{local.has_value() ? local->address : IpAddress::Unspecified(family),
                      local.has_value() ? local->port : uint16_t{0}};
  if (status.ok() && (bound.address.is_multicast() || bound.address.is_limited_broadcast())) {
    status = absl::InvalidArgumentError(
        absl::StrCat("UDP open: cannot bind to multicast or broadcast ", bound.address.ToString()));
  }
  if (status.ok() && bound.port == 0) {
    absl::StatusOr<uint16_t> port = ports_.PickFree(family, options.privileged_port);
    status = port.status();
    bound.port = port.value_or(0);
  } else if (status.ok()) {
    status = CheckPortFree(bound, options);
  }
  auto connection = std::make_unique<Connection>();
  connection->id = ConnectionId{next_id_};
  if (status.ok()) {
    DemuxEntry entry{connection->id, options.accept_ipv6_zero_checksum,
                     options.strict_peer ? peer : std::nullopt};
    status = demux_.Insert(bound, entry);
  }
  return ValueOrStatus(status, [&] {
    ++next_id_;
    ports_.Acquire(family, bound.port);
    connection->receiver = &receiver;
    connection->peer = peer;
    connection->local = bound;
    connection->options = options;
    return Register(std::move(connection));
  });
}

absl::StatusOr<UdpSocket> UdpStack::OpenPromiscuous(DataTransfer& receiver, OpenOptions options) {
  auto connection = std::make_unique<Connection>();
  connection->id = ConnectionId{next_id_};
  absl::Status status =
      options.strict_peer
          ? absl::InvalidArgumentError("a promiscuous connection cannot filter by peer")
          : demux_.SetPromiscuous(
                DemuxEntry{connection->id, options.accept_ipv6_zero_checksum, std::nullopt});
  return ValueOrStatus(status, [&] {
    ++next_id_;
    connection->receiver = &receiver;
    connection->promiscuous = true;
    connection->options = options;
    return Register(std::move(connection));
  });
}

absl::Status UdpStack::Close(ConnectionId id, absl::Status reason) {
  absl::Status status;
  auto node = connections_.extract(id.value);
  if (node.empty()) {
    status = NotOpen(id);
  } else {
    std::unique_ptr<Connection> connection = std::move(node.mapped());
    if (connection->promiscuous) {
      demux_.ClearPromiscuous();
    } else {
      demux_.Remove(connection->local);
      ports_.Release(connection->local.family(), connection->local.port);
    }
    for (size_t i = 0; i < connection->queue.size(); ++i) {
      counters_.CountDrop(DropReason::kConnectionClosed);
    }
    connection->queue.clear();
    connection->receiver->Close(std::move(reason));
  }
  return status;
}

IoBuffer UdpStack::AllocateBuffer(size_t payload_size) const {
  return IoBuffer(network_.header_room() + wire::udp_field::kHeaderSize, payload_size);
}

absl::Status UdpStack::Send(ConnectionId id, IoBuffer payload, const TransferMetadata& overrides) {
  Connection* connection = Find(id);
  absl::Status status;
  SocketAddress source;
  SocketAddress destination;
  if (connection == nullptr) {
    status = NotOpen(id);
  } else {
    source = overrides.source.value_or(connection->local);
    std::optional<SocketAddress> chosen =
        overrides.destination.has_value() ? overrides.destination : connection->peer;
    if (!chosen.has_value()) {
      status = absl::FailedPreconditionError(
          "UDP send: no destination (the connection has no peer and none was given)");
    } else {
      destination = *chosen;
    }
  }
  if (status.ok()) {
    if (destination.port == 0 || destination.address.is_unspecified()) {
      status = absl::InvalidArgumentError(
          absl::StrCat("UDP send: bad destination ", destination.ToString()));
    } else if (source.port == 0) {
      status = absl::InvalidArgumentError("UDP send: no source port");
    } else if (source.family() != destination.family()) {
      status = absl::InvalidArgumentError(absl::StrCat("UDP send: source ", source.ToString(),
                                                       " and destination ", destination.ToString(),
                                                       " are of different families"));
    } else if (payload.size() > wire::udp_field::kMaxPayload) {
      status =
          absl::InvalidArgumentError(absl::StrCat("UDP send: payload of ", payload.size(),
                                                  " bytes exceeds ", wire::udp_field::kMaxPayload));
    }
  }
  if (status.ok() && source.address.is_unspecified()) {
    absl::StatusOr<IpAddress> chosen = network_.SelectSource(destination.address);
    status = chosen.status();
    source.address = chosen.value_or(source.address);
  }
  if (status.ok()) {
    payload.EnsureHeadroom(network_.header_room() + wire::udp_field::kHeaderSize);
    auto length = static_cast<uint16_t>(payload.size() + wire::udp_field::kHeaderSize);
    absl::StatusOr<std::span<std::byte>> header = payload.Push(wire::udp_field::kHeaderSize);
    status = header.status();
    if (status.ok()) {
      wire::UdpHeader{source.port, destination.port, length, 0}.Emit(
          header->first<wire::udp_field::kHeaderSize>());
      // UdpChecksum sends a computed 0 as 0xFFFF (0 means "no checksum").
      wire::StoreBe16(*header, wire::udp_field::kChecksum,
                      wire::UdpChecksum(source.address, destination.address, payload.data()));
      status = network_.Transmit(std::move(payload), TxFacts{source.address, destination.address,
                                                             wire::udp_field::kProtocolNumber});
      ++(status.ok() ? counters_.out_datagrams : counters_.out_errors);
    }
  }
  return status;
}

RxDecision UdpStack::Receive(IoBuffer datagram, const RxFacts& facts, ChecksumPolicy policy) {
  RxDecision decision = DecideRx(datagram.data(), facts, policy, demux_);
  if (auto* deliver = std::get_if<Deliver>(&decision)) {
    Connection* connection = Find(deliver->connection);
    if (connection == nullptr || connection->queue.size() >= options_.max_queued_datagrams ||
        deliver->payload_length > options_.max_queued_bytes - connection->queued_bytes ||
        !datagram.Narrow(deliver->payload_offset, deliver->payload_length).ok()) {
      decision = Drop{DropReason::kReceiveQueueFull};
    } else {
      connection->queued_bytes += deliver->payload_length;
      connection->queue.push_back(Queued{std::move(datagram), deliver->metadata});
      ++counters_.in_datagrams;
    }
  }
  if (auto* drop = std::get_if<Drop>(&decision)) {
    counters_.CountDrop(drop->reason);
  }
  return decision;
}

size_t UdpStack::DeliverQueued(size_t budget) {
  size_t delivered = 0;
  bool progress = true;
  while (progress && delivered < budget) {
    progress = false;
    std::vector<ConnectionId> ready;
    for (const auto& [value, connection] : connections_) {
      if (!connection->queue.empty()) {
        ready.push_back(connection->id);
      }
    }
    for (size_t i = 0; i < ready.size() && delivered < budget; ++i) {
      // Looked up afresh each time: an earlier receiver may have closed it.
      Connection* connection = Find(ready[i]);
      if (connection != nullptr && !connection->queue.empty()) {
        Queued item = std::move(connection->queue.front());
        connection->queue.pop_front();
        connection->queued_bytes -= item.payload.size();
        DataTransfer* receiver = connection->receiver;
        TransferMetadata metadata{item.metadata.source, item.metadata.destination};
        (void)receiver->Deliver(std::move(item.payload), metadata);
        ++delivered;
        progress = true;
      }
    }
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
