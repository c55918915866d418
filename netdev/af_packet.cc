#include "netdev/af_packet.h"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
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
/// An 802.1Q tag: TPID and TCI.
constexpr size_t kTagSize = 4;
/// The two MAC addresses that precede a tag.
constexpr size_t kMacPairSize = 12;

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
      new AfPacketDevice(std::move(fd), name, static_cast<int>(index), mac, mtu, shape, rings));

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

AfPacketDevice::AfPacketDevice(Fd fd, std::string interface, int ifindex, wire::MacAddress mac,
                               size_t mtu, PacketRingShape shape, std::span<std::byte> rings)
    : fd_(std::move(fd)),
      interface_(std::move(interface)),
      ifindex_(ifindex),
      mac_(mac),
      mtu_(mtu),
      shape_(shape),
      rings_(rings),
      frame_count_(size_t{shape.block_count} * (shape.block_size / shape.frame_size)),
      retagged_(shape.frame_size + kTagSize) {}

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

std::optional<std::span<const std::byte>> AfPacketDevice::Retag(std::span<const std::byte> frame,
                                                                uint16_t tpid, uint16_t tci) {
  if (frame.size() < kMacPairSize || frame.size() + kTagSize > retagged_.size()) {
    return std::nullopt;
  }
  std::span<std::byte> out(retagged_);
  if (!wire::CopyBytes(out, frame.first(kMacPairSize))) return std::nullopt;
  wire::StoreBe16(out, kMacPairSize, tpid);
  wire::StoreBe16(out, kMacPairSize + 2, tci);
  if (!wire::CopyBytes(out.subspan(kMacPairSize + kTagSize), frame.subspan(kMacPairSize))) {
    return std::nullopt;
  }
  return out.first(frame.size() + kTagSize);
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
    std::optional<std::span<const std::byte>> frame;
    if (offset <= slot.size() && length <= slot.size() - offset && header->tp_len == length) {
      frame = slot.subspan(offset, length);
    }
    // Linux takes the 802.1Q tag out of the frame before a packet socket
    // sees it (whatever the offload settings) and reports it beside the
    // frame; the tag goes back where it was, so the classifier's VLAN rule
    // (eth_vlan_not_configured, eth_vlan_mismatch) sees the frame as sent.
    if (frame.has_value() && (status & TP_STATUS_VLAN_VALID) != 0) {
      const uint16_t tpid = (status & TP_STATUS_VLAN_TPID_VALID) != 0 && header->tp_vlan_tpid != 0
                                ? header->tp_vlan_tpid
                                : wire::ether_type::kVlan;
      frame = Retag(*frame, tpid, header->tp_vlan_tci);
    }
    if (!frame.has_value()) {
      ++counters_.rx_dropped;
    } else {
      NoteLinkUp();
      ++counters_.rx_frames;
      counters_.rx_bytes += frame->size();
      on_frame(stack::RxFrame{*frame, (status & TP_STATUS_CSUMNOTREADY) != 0});
    }
    StoreStatus(header, TP_STATUS_KERNEL);
    rx_next_ = (rx_next_ + 1) % frame_count_;
    ++handed;
  }
  return handed;
}

void AfPacketDevice::NoteLinkUp() {
  if (link_state_ == stack::LinkState::kUp) return;
  link_state_ = stack::LinkState::kUp;
  ++counters_.link_ups;
}

absl::StatusOr<stack::LinkState> AfPacketDevice::CheckLink(short revents) {
  if ((revents & POLLNVAL) != 0) {
    ++counters_.hangups;
    return absl::InternalError(absl::StrCat(name(), ": the socket was closed"));
  }
  if ((revents & POLLHUP) != 0) ++counters_.hangups;
  // Reading SO_ERROR clears it; an error left pending would make every
  // poll(2) return at once.
  int pending = 0;
  socklen_t pending_size = sizeof(pending);
  if (::getsockopt(fd_.get(), SOL_SOCKET, SO_ERROR, &pending, &pending_size) != 0) {
    return ErrnoStatus(absl::StrCat(name(), ": SO_ERROR"));
  }
  if (pending != 0) ++counters_.errors;
  if (pending == ENETDOWN && link_state_ == stack::LinkState::kUp) {
    link_state_ = stack::LinkState::kDown;
    ++counters_.link_downs;
  }
  // Linux sets a packet socket's interface index to -1 when the interface
  // it is bound to is deleted, and says nothing more.
  sockaddr_ll bound{};
  socklen_t bound_size = sizeof(bound);
  if (::getsockname(fd_.get(), reinterpret_cast<sockaddr*>(&bound), &bound_size) != 0) {
    return ErrnoStatus(absl::StrCat(name(), ": getsockname"));
  }
  if (bound.sll_ifindex != ifindex_) {
    return absl::NotFoundError(absl::StrCat(name(), ": the interface was deleted"));
  }
  return link_state_;
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
  if (::send(fd_.get(), nullptr, 0, 0) < 0 && errno != EAGAIN && errno != ENOBUFS) {
    const int error = errno;
    ++counters_.tx_errors;
    // With the link down (ENETDOWN) or the interface gone (ENXIO) the
    // kernel refuses before it reads the ring: the slot is taken back, so
    // a stale frame does not leave once the link returns.
    if (error == ENETDOWN || error == ENXIO) {
      StoreStatus(header, TP_STATUS_AVAILABLE);
    } else {
      tx_next_ = (tx_next_ + 1) % frame_count_;
    }
    errno = error;
    return ErrnoStatus(absl::StrCat(name(), ": send"));
  }
  tx_next_ = (tx_next_ + 1) % frame_count_;
  NoteLinkUp();
  ++counters_.tx_frames;
  counters_.tx_bytes += frame.size();
  return absl::OkStatus();
}

}  // namespace rampart::netdev
