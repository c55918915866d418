// Helpers shared by rampart's tests. Nothing here calls the code under
// test to build expectations: checksums and headers are computed by the
// slow, obvious code below.
#ifndef RAMPART_TESTS_TEST_UTIL_H_
#define RAMPART_TESTS_TEST_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "base/reason.h"
#include "udp/data_transfer.h"
#include "udp/io_buffer.h"
#include "udp/random_source.h"
#include "wire/ip_address.h"

namespace rampart {
/// gtest prints a Reason by its stable name.
inline void PrintTo(Reason reason, std::ostream* out) { *out << ReasonName(reason); }
}  // namespace rampart

namespace rampart::testing {

/// Bytes from a list of small integers.
std::vector<std::byte> Bytes(std::initializer_list<int> values);

/// Bytes from a string's characters.
std::vector<std::byte> BytesOf(std::string_view text);

/// The slow reference checksum: sum 16-bit big-endian words of the
/// concatenation of all pieces (odd tail padded), fold, complement.
uint16_t ReferenceChecksum(const std::vector<std::vector<std::byte>>& pieces);

/// @return the pseudo-header bytes written out by hand (RFC 768 / 8200)
std::vector<std::byte> ReferencePseudoHeader(const wire::IpAddress& source,
                                             const wire::IpAddress& destination,
                                             uint32_t udp_length);

/// Builds a UDP datagram by hand.
struct DatagramSpec {
  uint16_t source_port = 1234;
  uint16_t destination_port = 53;
  std::vector<std::byte> payload;
  /// Overrides the length field (default: 8 + payload size).
  std::optional<uint16_t> length_field;
  /// Overrides the checksum field (default: computed correctly over the
  /// pseudo-header with the length field, 0 sent as 0xFFFF).
  std::optional<uint16_t> checksum_field;
  /// Bytes appended after the datagram (not covered by length/checksum).
  std::vector<std::byte> trailer;
};
std::vector<std::byte> BuildDatagram(const wire::IpAddress& source,
                                     const wire::IpAddress& destination, const DatagramSpec& spec);

/// Documentation addresses used across tests.
wire::IpAddress V4(uint8_t a, uint8_t b, uint8_t c, uint8_t d);
wire::IpAddress V6(std::string_view text);  // aborts on bad text

/// A receiver that records what it is given.
class RecordingReceiver : public udp::DataTransfer {
 public:
  struct Datagram {
    std::vector<std::byte> payload;
    udp::TransferMetadata metadata;
  };
  absl::Status Deliver(udp::IoBuffer data, const udp::TransferMetadata& metadata) override;
  void Close(absl::Status reason) override;

  std::vector<Datagram> received;
  std::vector<absl::Status> closes;
};

/// A random source replaying a fixed sequence (then repeating its last).
class FixedRandom : public udp::RandomSource {
 public:
  explicit FixedRandom(std::vector<uint32_t> values) : values_(std::move(values)) {}
  uint32_t Next() override;

 private:
  std::vector<uint32_t> values_;
  size_t next_ = 0;
};

}  // namespace rampart::testing

#endif  // RAMPART_TESTS_TEST_UTIL_H_
