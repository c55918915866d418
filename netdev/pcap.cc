#include "netdev/pcap.h"

#include <pcap/pcap.h>
#include <sys/time.h>

#include <array>

#include "absl/strings/str_cat.h"
#include "base/unsafe_buffers.h"

namespace rampart::netdev {
namespace {

/// Largest record kept (bigger than any Ethernet frame rampart handles).
constexpr int kSnapLength = 262144;

pcap_t* AsPcap(void* handle) { return static_cast<pcap_t*>(handle); }

}  // namespace

absl::StatusOr<std::unique_ptr<PcapReader>> PcapReader::Open(const std::string& path) {
  std::array<char, PCAP_ERRBUF_SIZE> error{};
  pcap_t* handle = pcap_open_offline(path.c_str(), error.data());
  if (handle == nullptr) {
    // libpcap's message often names the file already: say it once.
    const std::string message = error.data();
    return absl::InvalidArgumentError(message.rfind(path, 0) == 0
                                          ? absl::StrCat("pcap: ", message)
                                          : absl::StrCat("pcap: ", path, ": ", message));
  }
  if (pcap_datalink(handle) != DLT_EN10MB) {
    pcap_close(handle);
    return absl::InvalidArgumentError(absl::StrCat("pcap: ", path, ": not an Ethernet capture"));
  }
  return std::unique_ptr<PcapReader>(new PcapReader(handle, path));
}

PcapReader::~PcapReader() { pcap_close(AsPcap(handle_)); }

absl::StatusOr<std::optional<std::span<const std::byte>>> PcapReader::Next() {
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  const int got = pcap_next_ex(AsPcap(handle_), &header, &data);
  if (got == PCAP_ERROR_BREAK) return std::nullopt;
  if (got != 1) {
    return absl::DataLossError(absl::StrCat("pcap: ", path_, ": ", pcap_geterr(AsPcap(handle_))));
  }
  if (header->caplen < header->len) ++truncated_;
  last_wire_length_ = header->len;
  last_captured_length_ = header->caplen;
  // Audited exception to Safe Buffers (SECURITY.md): libpcap guarantees
  // caplen bytes at data; this is the one place a pcap record becomes a span.
  RAMPART_UNSAFE_BUFFERS_BEGIN
  const std::span<const u_char> record(data, header->caplen);
  RAMPART_UNSAFE_BUFFERS_END
  return std::optional<std::span<const std::byte>>(std::as_bytes(record));
}

absl::StatusOr<std::unique_ptr<PcapWriter>> PcapWriter::Open(const std::string& path) {
  pcap_t* handle = pcap_open_dead(DLT_EN10MB, kSnapLength);
  if (handle == nullptr) return absl::InternalError("pcap: pcap_open_dead failed");
  pcap_dumper_t* dumper = pcap_dump_open(handle, path.c_str());
  if (dumper == nullptr) {
    absl::Status status =
        absl::InvalidArgumentError(absl::StrCat("pcap: ", path, ": ", pcap_geterr(handle)));
    pcap_close(handle);
    return status;
  }
  return std::unique_ptr<PcapWriter>(new PcapWriter(handle, dumper));
}

PcapWriter::~PcapWriter() {
  pcap_dump_close(static_cast<pcap_dumper_t*>(dumper_));
  pcap_close(AsPcap(handle_));
}

void PcapWriter::Write(std::span<const std::byte> frame) {
  pcap_pkthdr header{};
  gettimeofday(&header.ts, nullptr);
  header.caplen = static_cast<bpf_u_int32>(frame.size());
  header.len = static_cast<bpf_u_int32>(frame.size());
  auto* dumper = static_cast<pcap_dumper_t*>(dumper_);
  pcap_dump(reinterpret_cast<u_char*>(dumper), &header,
            reinterpret_cast<const u_char*>(frame.data()));
  pcap_dump_flush(dumper);
}

absl::StatusOr<std::unique_ptr<PcapDevice>> PcapDevice::Open(const std::string& input,
                                                             const std::string& output,
                                                             wire::MacAddress mac, size_t mtu) {
  std::unique_ptr<PcapReader> reader;
  std::unique_ptr<PcapWriter> writer;
  if (!input.empty()) {
    auto opened = PcapReader::Open(input);
    if (!opened.ok()) return opened.status();
    reader = std::move(opened).value();
  }
  if (!output.empty()) {
    auto opened = PcapWriter::Open(output);
    if (!opened.ok()) return opened.status();
    writer = std::move(opened).value();
  }
  return std::unique_ptr<PcapDevice>(
      new PcapDevice(std::move(reader), std::move(writer), input, mac, mtu));
}

PcapDevice::PcapDevice(std::unique_ptr<PcapReader> reader, std::unique_ptr<PcapWriter> writer,
                       std::string input_path, wire::MacAddress mac, size_t mtu)
    : reader_(std::move(reader)),
      writer_(std::move(writer)),
      input_path_(std::move(input_path)),
      mac_(mac),
      mtu_(mtu) {}

absl::Status PcapDevice::Transmit(std::span<const std::byte> frame) {
  ++counters_.tx_frames;
  counters_.tx_bytes += frame.size();
  if (writer_) writer_->Write(frame);
  return absl::OkStatus();
}

absl::StatusOr<size_t> PcapDevice::Poll(const std::function<void(const stack::RxFrame&)>& on_frame,
                                        size_t budget) {
  size_t handed = 0;
  while (reader_ && handed < budget) {
    auto next = reader_->Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) {
      reader_.reset();
      break;
    }
    ++counters_.rx_frames;
    counters_.rx_bytes += (*next)->size();
    on_frame(stack::RxFrame{**next, false});
    ++handed;
  }
  return handed;
}

absl::Status CapturingDevice::Transmit(std::span<const std::byte> frame) {
  writer_->Write(frame);
  return inner_->Transmit(frame);
}

absl::StatusOr<size_t> CapturingDevice::Poll(
    const std::function<void(const stack::RxFrame&)>& on_frame, size_t budget) {
  return inner_->Poll(
      [&](const stack::RxFrame& frame) {
        writer_->Write(frame.bytes);
        on_frame(frame);
      },
      budget);
}

}  // namespace rampart::netdev
