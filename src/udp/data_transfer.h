// The data-transfer interface (iPXE's "xfer"): how datagrams and
// closes move between a UDP connection and whoever uses it.
#ifndef RAMPART_UDP_DATA_TRANSFER_H_
#define RAMPART_UDP_DATA_TRANSFER_H_

#include <optional>

#include "absl/status/status.h"
#include "udp/io_buffer.h"
#include "wire/ip_address.h"

namespace rampart::udp {

/// Addresses that travel with a datagram. On receive both are always set.
/// On transmit each one, when set, overrides the connection's default
/// (source: its local address; destination: its peer).
struct TransferMetadata {
  std::optional<wire::SocketAddress> source;
  std::optional<wire::SocketAddress> destination;
};

/// One side of a data-transfer pairing. The application implements it to
/// receive; a UDP socket implements it to transmit. Both directions use the
/// same two operations, as in iPXE.
class DataTransfer {
 public:
  virtual ~DataTransfer() = default;

  /// Hands over one datagram.
  /// @param data     the payload (ownership moves to the callee)
  /// @param metadata source and destination
  /// @return OK, or why it was refused
  virtual absl::Status Deliver(IoBuffer data, const TransferMetadata& metadata) = 0;

  /// Tells this side that the other side closed.
  /// @param reason OK for an orderly close, otherwise why
  virtual void Close(absl::Status reason) = 0;
};

}  // namespace rampart::udp

#endif  // RAMPART_UDP_DATA_TRANSFER_H_
