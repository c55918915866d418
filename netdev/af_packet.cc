#include "netdev/af_packet.h"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "base/absl_view.h"
#include "base/unsafe_buffers.h"
#include "wire/bytes.h"

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

namespace rampart::netdev {
namespace {

/// Where frame data starts in a transmit slot (TPACKET_V2).
constexpr size_t kTxDataOffset = TPACKET_ALIGN(sizeof(tpacket2_hdr));

/// The slot's header, read and written with acquire/release ordering on
/// tp_status since the kernel shares the memory.
tpacket2_hdr* Header(std::span<std::byte> slot) {
  // Audited exception to Safe Buffers (SECURITY.md): every slot is at
  // least a frame (>= 128 bytes, checked at open) and starts with the
  // kernel's header.
  RAMPART_UNSAFE_BUFFERS_BEGIN
  return reinterpret_cast<tpacket2_hdr*>(slot.data());
  RAMPART_UNSAFE_BUFFERS_END
}
uint32_t LoadStatus(tpacket2_hdr* header) {
  return __atomic_load_n(&header->tp_status, __ATOMIC_ACQUIRE);
}
void StoreStatus(tpacket2_hdr* header, uint32_t status) {
  __atomic_store_n(&header->tp_status, status, __ATOMIC_RELEASE);
}

}  // namespace

absl::StatusOr<std::unique_ptr<AfPacketDevice>> AfPacketDevice::Open(std::string_view interface,
                                                                     wire::MacAddress mac,
                                                                     size_t mtu,
                                                                     PacketRingShape shape) {
  const std::string name(interface);
  const unsigned index = ::if_nametoindex(name.c_str());
  if (index == 0) return ErrnoStatus(absl::StrCat("afpacket: interface ", name));
  Fd fd(::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(ETH_P_ALL)));
  if (!fd.valid()) return ErrnoStatus("afpacket: socket", "needs CAP_NET_RAW");
  const int version = TPACKET_V2;
  if (::setsockopt(fd.get(), SOL_PACKET, PACKET_VERSION, &version, sizeof(version)) != 0) {
    return ErrnoStatus("afpacket: PACKET_VERSION");
  }
  const int ignore_outgoing = 1;
  if (::setsockopt(fd.get(), SOL_PACKET, PACKET_IGNORE_OUTGOING, &ignore_outgoing,
                   sizeof(ignore_outgoing)) != 0) {
    return ErrnoStatus("afpacket: PACKET_IGNORE_OUTGOING", "needs Linux 4.20 or later");
  }
  if (shape.frame_size == 0) {
    shape.frame_size = 2048;
    while (shape.frame_size < mtu + 128) shape.frame_size *= 2;
  }
  if (shape.frame_size < mtu + 128 || shape.block_size % shape.frame_size != 0) {
    return absl::InvalidArgumentError(
        "afpacket: ring frames must hold a whole frame and "
        "divide the block size");
  }
  tpacket_req request{};
  request.tp_block_size = shape.block_size;
  request.tp_block_nr = shape.block_count;
  request.tp_frame_size = shape.frame_size;
  request.tp_frame_nr = shape.block_count * (shape.block_size / shape.frame_size);
  if (::setsockopt(fd.get(), SOL_PACKET, PACKET_RX_RING, &request, sizeof(request)) != 0) {
    return ErrnoStatus("afpacket: PACKET_RX_RING");
  }
  if (::setsockopt(fd.get(), SOL_PACKET, PACKET_TX_RING, &request, sizeof(request)) != 0) {
    return ErrnoStatus("afpacket: PACKET_TX_RING");
  }
  const size_t ring_bytes = size_t{shape.block_size} * shape.block_count;
  void* map = ::mmap(nullptr, 2 * ring_bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
  if (map == MAP_FAILED) return ErrnoStatus("afpacket: mmap of the rings");
  // Audited exception to Safe Buffers (SECURITY.md): the mapping is
  // exactly 2 * ring_bytes long; from here on it is only used as a span.
  RAMPART_UNSAFE_BUFFERS_BEGIN
  std::span<std::byte> rings(static_cast<std::byte*>(map), 2 * ring_bytes);
  RAMPART_UNSAFE_BUFFERS_END
  std::unique_ptr<AfPacketDevice> device(
      new AfPacketDevice(std::move(fd), name, mac, mtu, shape, rings));

  sockaddr_ll address{};
  address.sll_family = AF_PACKET;
  address.sll_protocol = htons(ETH_P_ALL);
  address.sll_ifindex = static_cast<int>(index);
  if (::bind(device->fd_.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    return ErrnoStatus(absl::StrCat("afpacket: bind to ", name));
  }
  packet_mreq membership{};
  membership.mr_ifindex = static_cast<int>(index);
  membership.mr_type = PACKET_MR_PROMISC;
  if (::setsockopt(device->fd_.get(), SOL_PACKET, PACKET_ADD_MEMBERSHIP, &membership,
                   sizeof(membership)) != 0) {
    return ErrnoStatus("afpacket: promiscuous mode");
  }
  return device;
}

AfPacketDevice::AfPacketDevice(Fd fd, std::string interface, wire::MacAddress mac, size_t mtu,
                               PacketRingShape shape, std::span<std::byte> rings)
    : fd_(std::move(fd)),
      interface_(std::move(interface)),
      mac_(mac),
      mtu_(mtu),
      shape_(shape),
      rings_(rings),
      frame_count_(size_t{shape.block_count} * (shape.block_size / shape.frame_size)) {}

AfPacketDevice::~AfPacketDevice() { ::munmap(rings_.data(), rings_.size()); }

std::span<std::byte> AfPacketDevice::RxSlot(size_t index) const {
  return rings_.subspan(index * shape_.frame_size, shape_.frame_size);
}

std::span<std::byte> AfPacketDevice::TxSlot(size_t index) const {
  return rings_.subspan(rings_.size() / 2 + index * shape_.frame_size, shape_.frame_size);
}

bool AfPacketDevice::link_up() const {
  ifreq request{};
  interface_.copy(&request.ifr_name[0], std::min(interface_.size(), size_t{IFNAMSIZ - 1}));
  if (::ioctl(fd_.get(), SIOCGIFFLAGS, &request) != 0) return false;
  return (request.ifr_flags & IFF_RUNNING) != 0;
}

absl::StatusOr<size_t> AfPacketDevice::Poll(
    const std::function<void(const stack::RxFrame&)>& on_frame, size_t budget) {
  size_t handed = 0;
  while (handed < budget) {
    std::span<std::byte> slot = RxSlot(rx_next_);
    tpacket2_hdr* header = Header(slot);
    const uint32_t status = LoadStatus(header);
    if ((status & TP_STATUS_USER) == 0) break;
    // The kernel wrote these offsets; they are checked against the slot
    // before the frame is viewed.
    const size_t offset = header->tp_mac;
    const size_t length = header->tp_snaplen;
    if (offset > slot.size() || length > slot.size() - offset || header->tp_len != length) {
      ++counters_.rx_dropped;
    } else {
      ++counters_.rx_frames;
      counters_.rx_bytes += length;
      on_frame(
          stack::RxFrame{slot.subspan(offset, length), (status & TP_STATUS_CSUMNOTREADY) != 0});
    }
    StoreStatus(header, TP_STATUS_KERNEL);
    rx_next_ = (rx_next_ + 1) % frame_count_;
    ++handed;
  }
  return handed;
}

absl::Status AfPacketDevice::Transmit(std::span<const std::byte> frame) {
  if (frame.size() > mtu_ + wire::eth_field::kTaggedHeaderSize ||
      frame.size() > shape_.frame_size - kTxDataOffset) {
    ++counters_.tx_errors;
    return absl::InvalidArgumentError(absl::StrCat(name(), ": frame exceeds the mtu"));
  }
  std::span<std::byte> slot = TxSlot(tx_next_);
  tpacket2_hdr* header = Header(slot);
  uint32_t status = LoadStatus(header);
  if (status == TP_STATUS_WRONG_FORMAT) {
    ++counters_.tx_errors;
    StoreStatus(header, TP_STATUS_AVAILABLE);
    status = TP_STATUS_AVAILABLE;
  }
  if (status != TP_STATUS_AVAILABLE) {
    // The ring is full: push what is queued, then look once more.
    ::send(fd_.get(), nullptr, 0, 0);
    if (LoadStatus(header) != TP_STATUS_AVAILABLE) {
      ++counters_.tx_errors;
      return absl::UnavailableError(absl::StrCat(name(), ": transmit ring full"));
    }
  }
  if (!wire::CopyBytes(slot.subspan(kTxDataOffset), frame)) {
    return absl::InternalError("afpacket: slot smaller than frame");
  }
  header->tp_len = static_cast<uint32_t>(frame.size());
  StoreStatus(header, TP_STATUS_SEND_REQUEST);
  tx_next_ = (tx_next_ + 1) % frame_count_;
  if (::send(fd_.get(), nullptr, 0, 0) < 0 && errno != EAGAIN && errno != ENOBUFS) {
    ++counters_.tx_errors;
    return ErrnoStatus(absl::StrCat(name(), ": send"));
  }
  ++counters_.tx_frames;
  counters_.tx_bytes += frame.size();
  return absl::OkStatus();
}

}  // namespace rampart::netdev
