// The stateful UDP layer: connections, ports, receive queues, transmit.
// It applies the decisions of the pure DecideRx().
#ifndef RAMPART_UDP_UDP_STACK_H_
#define RAMPART_UDP_UDP_STACK_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/reason.h"
#include "udp/buffer_pool.h"
#include "udp/connection_id.h"
#include "udp/counters.h"
#include "udp/data_transfer.h"
#include "udp/demux_table.h"
#include "udp/io_buffer.h"
#include "udp/network_layer.h"
#include "udp/port_allocator.h"
#include "udp/random_source.h"
#include "udp/ring_queue.h"
#include "udp/rx_decision.h"

namespace rampart::udp {

class UdpSocket;

/// Settings of one stack.
struct UdpStackOptions {
  /// Range for port-0 binds (RFC 6056 random selection inside it).
  PortRange ephemeral_range = kDefaultEphemeralRange;
  /// Per-connection receive queue bounds: a datagram that would exceed the
  /// count is dropped as udp_receive_queue_full, one that would exceed the
  /// bytes as udp_receive_queue_bytes_full. The byte bound's default is
  /// Linux's default SO_RCVBUF (net.core.rmem_default).
  size_t max_queued_datagrams = 64;
  size_t max_queued_bytes = 212'992;
  /// The receive buffer pool: every queued or handed-over datagram holds
  /// one buffer until its receiver drops it. Payloads up to
  /// small_buffer_payload bytes take a small buffer, larger ones (up to
  /// 65,507 bytes, from reassembly) a large one. When the right pool is
  /// spent, the datagram is dropped as udp_buffer_pool_empty. Buffers are
  /// made on first need, so an idle stack holds none.
  size_t small_buffers = 1024;
  size_t small_buffer_payload = 2048;
  size_t large_buffers = 16;
  /// Randomness for ephemeral ports; null means the kernel CSPRNG.
  std::unique_ptr<RandomSource> random;
};

/// Per-connection choices made at open.
struct OpenOptions {
  /// For port 0: pick from the privileged range 1-1023 instead.
  bool privileged_port = false;
  /// IPv6: accept datagrams with a zero checksum field (RFC 6935/6936).
  bool accept_ipv6_zero_checksum = false;
  /// Receive only from the peer given at open (address and port).
  bool strict_peer = false;
  /// Allow other connections on the same family and port when every one
  /// of them also sets this and their local addresses differ (an exact
  /// address and the wildcard may then coexist; the exact one wins).
  bool share_port_by_address = false;
};

/// The UDP layer of one network stack. Not thread-safe: one thread drives
/// it (receive, deliver, send, open, close).
class UdpStack {
 public:
  /// @param network the layer beneath (not owned; must outlive the stack)
  /// @param options settings
  /// @return the stack; InvalidArgument for a bad ephemeral range
  static absl::StatusOr<std::unique_ptr<UdpStack>> Create(NetworkLayer& network,
                                                          UdpStackOptions options);
  /// Closes every open connection (receivers see Close(Cancelled)).
  ~UdpStack();
  UdpStack(const UdpStack&) = delete;
  UdpStack& operator=(const UdpStack&) = delete;

  /// Opens a connection (iPXE's udp_open).
  /// @param receiver gets received datagrams and the close (not owned;
  ///                 must stay valid until the connection is closed)
  /// @param peer     default destination, or nullopt
  /// @param local    local address and port; port 0 or nullopt picks an
  ///                 ephemeral port; the unspecified address is the wildcard
  /// @param options  see OpenOptions
  /// @return the socket; InvalidArgument if neither peer nor local is given,
  ///         their families differ, the local address is multicast or
  ///         broadcast, or strict_peer lacks a peer with a port;
  ///         AlreadyExists if the port is in use; ResourceExhausted if no
  ///         ephemeral port is free
  absl::StatusOr<UdpSocket> Open(DataTransfer& receiver, std::optional<wire::SocketAddress> peer,
                                 std::optional<wire::SocketAddress> local,
                                 OpenOptions options = {});

  /// Opens the promiscuous connection (iPXE's udp_open_promisc): it
  /// receives, for both families, every datagram no bound connection
  /// claims. It binds no port.
  /// @return the socket; AlreadyExists if one is already open
  absl::StatusOr<UdpSocket> OpenPromiscuous(DataTransfer& receiver, OpenOptions options = {});

  /// Closes a connection: frees its port, discards its queue (counted as
  /// kConnectionClosed), then calls receiver.Close(reason) once.
  /// @return OK; NotFound if it is not open
  absl::Status Close(ConnectionId id, absl::Status reason);

  /// Sends one datagram (iPXE's udp_tx).
  /// @param id        the connection
  /// @param payload   the payload; headroom is added if missing
  /// @param overrides source and/or destination instead of the defaults
  /// @return OK; NotFound (no such connection); FailedPrecondition (no
  ///         destination); InvalidArgument (port 0, family mismatch,
  ///         unspecified destination, payload over 65527 bytes); the
  ///         network layer's error (counted as OutErrors)
  absl::Status Send(ConnectionId id, IoBuffer payload, const TransferMetadata& overrides = {});

  /// @param payload_size bytes the caller will Put()
  /// @return an empty buffer with header room in front and payload_size
  ///         bytes of tailroom (iPXE's udp_xfer_alloc_iob)
  IoBuffer AllocateBuffer(size_t payload_size) const;

  /// Applies a receive decision made by DecideRx() over `datagram` with
  /// this stack's demux(): never decides anything itself. A DeliverVerdict
  /// copies only the payload into a pooled buffer and queues it on the
  /// chosen connection; a DropVerdict is counted.
  /// @param decision the decision, made over exactly these bytes
  /// @param datagram the bytes DecideRx() saw (UDP header onward)
  /// @return Reason::kNone if queued; otherwise the reason it was dropped
  ///         (the verdict's, or udp_receive_queue_full,
  ///         udp_receive_queue_bytes_full, udp_buffer_pool_empty), counted
  Reason Apply(const RxDecision& decision, std::span<const std::byte> datagram);

  /// Receives one datagram from the IP layer: DecideRx() over demux(),
  /// then Apply().
  /// @param datagram the UDP header onward, as the IP layer holds it
  /// @param facts    addresses from the IP header
  /// @param policy   checksum policy
  /// @return the decision as applied (a DeliverVerdict that could not be
  ///         queued comes back as a DropVerdict with Apply's reason)
  RxDecision Receive(std::span<const std::byte> datagram, const RxFacts& facts,
                     ChecksumPolicy policy = ChecksumPolicy::kVerify);

  /// Hands queued datagrams to receivers, oldest first per connection,
  /// round-robin across connections. Receivers may send, open or close
  /// (even their own connection) from inside Deliver.
  /// @param budget at most this many datagrams
  /// @return how many were handed over
  size_t DeliverQueued(size_t budget = std::numeric_limits<size_t>::max());

  /// @return the counters
  const UdpCounters& counters() const { return counters_; }
  /// @return the demux table (for DecideRx callers and inspection)
  const DemuxTable& demux() const { return demux_; }
  /// @return the local address of an open connection; NotFound otherwise
  absl::StatusOr<wire::SocketAddress> LocalAddress(ConnectionId id) const;
  /// @return datagrams waiting on a connection (0 if not open)
  size_t QueuedDatagrams(ConnectionId id) const;
  /// @return number of open connections
  size_t connection_count() const { return connections_.size(); }
  /// @return receive buffers held by queues and receivers now
  size_t buffers_in_use() const { return small_pool_->in_use() + large_pool_->in_use(); }

 private:
  struct Queued {
    IoBuffer payload;
    DatagramMetadata metadata;
  };
  struct Connection {
    explicit Connection(size_t queue_capacity) : queue(queue_capacity) {}
    ConnectionId id;
    DataTransfer* receiver = nullptr;
    std::optional<wire::SocketAddress> peer;
    wire::SocketAddress local;
    bool promiscuous = false;
    OpenOptions options;
    RingQueue<Queued> queue;
    size_t queued_bytes = 0;
  };

  UdpStack(NetworkLayer& network, UdpStackOptions options);
  absl::Status CheckPortFree(const wire::SocketAddress& local, const OpenOptions& options) const;
  UdpSocket Register(std::unique_ptr<Connection> connection);
  Connection* Find(ConnectionId id) const;
  /// Copies a delivered payload into a pooled buffer and queues it.
  Reason Enqueue(const DeliverVerdict& verdict, std::span<const std::byte> payload);
  /// Counts a receive drop.
  void CountDrop(Reason reason) { counters_.drops.Count(reason); }

  NetworkLayer& network_;
  UdpStackOptions options_;
  PortAllocator ports_;
  DemuxTable demux_;
  UdpCounters counters_;
  absl::flat_hash_map<uint64_t, std::unique_ptr<Connection>> connections_;
  uint64_t next_id_ = 1;
  BufferPool::Owner small_pool_;
  BufferPool::Owner large_pool_;
  /// Connections with queued datagrams, in delivery order; `round_` is the
  /// list being worked through by DeliverQueued (kept to reuse its memory).
  std::vector<ConnectionId> ready_;
  std::vector<ConnectionId> round_;
  /// Sockets hold a weak reference, so a socket that outlives its stack
  /// fails cleanly instead of touching freed memory.
  std::shared_ptr<UdpStack*> self_;
};

/// The application's handle on one open connection: its transmit side of
/// the data-transfer interface. Move-only; closing happens on Close() or
/// when the handle is destroyed (with an OK reason). If the stack is gone,
/// every operation returns FailedPrecondition.
class UdpSocket final : public DataTransfer {
 public:
  UdpSocket(UdpSocket&& other) noexcept;
  UdpSocket& operator=(UdpSocket&& other) noexcept;
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;
  ~UdpSocket() override;

  /// Transmits (see UdpStack::Send).
  absl::Status Deliver(IoBuffer data, const TransferMetadata& metadata) override;
  /// Closes the connection (idempotent; the receiver hears of it once).
  void Close(absl::Status reason) override;

  /// @return a buffer with header room for a payload of that size
  IoBuffer AllocateBuffer(size_t payload_size) const;
  /// @return the local address; NotFound once closed
  absl::StatusOr<wire::SocketAddress> LocalAddress() const;
  /// @return the connection's id (stays valid as a name after close)
  ConnectionId id() const { return id_; }
  /// @return true until closed
  bool is_open() const;

 private:
  friend class UdpStack;
  UdpSocket(std::weak_ptr<UdpStack*> stack, ConnectionId id) : stack_(std::move(stack)), id_(id) {}
  UdpStack* stack() const;

  std::weak_ptr<UdpStack*> stack_;
  ConnectionId id_;
};

}  // namespace rampart::udp

#endif  // RAMPART_UDP_UDP_STACK_H_
