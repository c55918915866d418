// pcap files through libpcap (Ethernet link type, readable by tcpdump and
// Wireshark): a reader, a writer, and a device that receives the frames
// of one file and records what it sends in another.
#ifndef RAMPART_NETDEV_PCAP_H_
#define RAMPART_NETDEV_PCAP_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "stack/net_device.h"

namespace rampart::netdev {

/// Reads Ethernet frames from a pcap file, in order.
class PcapReader {
 public:
  /// @return the reader; NotFound/InvalidArgument (libpcap's message) if
  ///         the file cannot be read; InvalidArgument if it is not Ethernet
  static absl::StatusOr<std::unique_ptr<PcapReader>> Open(const std::string& path);
  ~PcapReader();
  PcapReader(const PcapReader&) = delete;
  PcapReader& operator=(const PcapReader&) = delete;

  /// @return the next frame (valid until the next call); nullopt at the
  ///         end; DataLoss for a damaged file. A record captured shorter
  ///         than it was on the wire is returned as captured and counted
  ///         in truncated_records().
  absl::StatusOr<std::optional<std::span<const std::byte>>> Next();
  /// @return records whose capture length was below their wire length
  size_t truncated_records() const { return truncated_; }
  /// @return true if the record Next() returned last was cut by the
  ///         capture's snap length (it holds fewer bytes than were on the wire)
  bool last_truncated() const { return last_wire_length_ > last_captured_length_; }
  /// @return the wire length of the record Next() returned last
  size_t last_wire_length() const { return last_wire_length_; }

 private:
  PcapReader(void* handle, std::string path) : handle_(handle), path_(std::move(path)) {}
  void* handle_;      // pcap_t
  std::string path_;  // for messages
  size_t truncated_ = 0;
  size_t last_wire_length_ = 0;
  size_t last_captured_length_ = 0;
};

/// Writes Ethernet frames to a pcap file, time-stamped now.
class PcapWriter {
 public:
  /// @return the writer; an error with libpcap's message otherwise
  static absl::StatusOr<std::unique_ptr<PcapWriter>> Open(const std::string& path);
  ~PcapWriter();
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  /// Appends one frame (and flushes, so a crash loses nothing written).
  void Write(std::span<const std::byte> frame);

 private:
  PcapWriter(void* handle, void* dumper) : handle_(handle), dumper_(dumper) {}
  void* handle_;      // pcap_t
  std::string path_;  // for messages
  void* dumper_;      // pcap_dumper_t
};

/// A device over pcap files: Poll() returns the input file's frames (then
/// nothing), Transmit() appends to the output file (or discards).
class PcapDevice final : public stack::NetDevice {
 public:
  /// @param input  file to read, or empty for none
  /// @param output file to write, or empty for none
  static absl::StatusOr<std::unique_ptr<PcapDevice>> Open(const std::string& input,
                                                          const std::string& output,
                                                          wire::MacAddress mac, size_t mtu);

  absl::Status Transmit(std::span<const std::byte> frame) override;
  absl::StatusOr<size_t> Poll(const std::function<void(const stack::RxFrame&)>& on_frame,
                              size_t budget) override;
  wire::MacAddress mac() const override { return mac_; }
  size_t mtu() const override { return mtu_; }
  bool link_up() const override { return true; }
  const stack::DeviceCounters& counters() const override { return counters_; }
  std::string name() const override { return "pcap:" + input_path_; }
  /// @return true once every input frame has been handed up
  bool input_done() const { return reader_ == nullptr; }

 private:
  PcapDevice(std::unique_ptr<PcapReader> reader, std::unique_ptr<PcapWriter> writer,
             std::string input_path, wire::MacAddress mac, size_t mtu);

  std::unique_ptr<PcapReader> reader_;
  std::unique_ptr<PcapWriter> writer_;
  std::string input_path_;
  wire::MacAddress mac_;
  size_t mtu_;
  stack::DeviceCounters counters_;
};

/// A device wrapper that records every frame received and sent by another
/// device in a pcap file (`--capture`).
class CapturingDevice final : public stack::NetDevice {
 public:
  CapturingDevice(std::unique_ptr<stack::NetDevice> inner, std::unique_ptr<PcapWriter> writer)
      : inner_(std::move(inner)), writer_(std::move(writer)) {}

  absl::Status Transmit(std::span<const std::byte> frame) override;
  absl::StatusOr<size_t> Poll(const std::function<void(const stack::RxFrame&)>& on_frame,
                              size_t budget) override;
  wire::MacAddress mac() const override { return inner_->mac(); }
  size_t mtu() const override { return inner_->mtu(); }
  bool link_up() const override { return inner_->link_up(); }
  const stack::DeviceCounters& counters() const override { return inner_->counters(); }
  int wait_fd() const override { return inner_->wait_fd(); }
  std::string name() const override { return inner_->name(); }
  absl::StatusOr<stack::LinkState> CheckLink(short revents) override {
    return inner_->CheckLink(revents);
  }

 private:
  std::unique_ptr<stack::NetDevice> inner_;
  std::unique_ptr<PcapWriter> writer_;
};

}  // namespace rampart::netdev

#endif  // RAMPART_NETDEV_PCAP_H_
