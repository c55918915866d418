// rampart_kernel_peer: the Linux kernel's own UDP sockets as the peer of
// the interop tests (an implementation nobody here wrote).
//
//   rampart_kernel_peer echo-check ADDRESS PORT SIZES   sends each size
//       (comma-separated) and checks the echo is byte-exact; exit 1 if any
//       is lost or differs
//   rampart_kernel_peer refused ADDRESS PORT            a connected socket
//       must see ECONNREFUSED (an ICMP port unreachable came back)
//   rampart_kernel_peer echo-server PORT SECONDS        echoes datagrams on
//       [::]:PORT (both families) until SECONDS pass without traffic
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Peer {
  sockaddr_storage address{};
  socklen_t length = 0;
  int family = AF_INET;
};

bool ParsePeer(const char* text, const char* port_text, Peer& peer) {
  const long port = std::strtol(port_text, nullptr, 10);
  if (port < 1 || port > 65535) return false;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&peer.address);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&peer.address);
  if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    peer.length = sizeof(sockaddr_in);
    peer.family = AF_INET;
    return true;
  }
  if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    peer.length = sizeof(sockaddr_in6);
    peer.family = AF_INET6;
    return true;
  }
  return false;
}

void SetTimeout(int fd, int milliseconds) {
  timeval timeout{milliseconds / 1000, (milliseconds % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
}

std::vector<unsigned char> Pattern(size_t size, unsigned attempt) {
  std::vector<unsigned char> bytes(size);
  for (size_t i = 0; i < size; ++i) {
    bytes[i] = static_cast<unsigned char>((i * 13 + size * 3 + attempt + 1) & 0xFF);
  }
  return bytes;
}

int EchoCheck(const Peer& peer, const char* sizes_text) {
  const int fd = socket(peer.family, SOCK_DGRAM, 0);
  if (fd < 0) return std::perror("socket"), 1;
  const int buffer = 1 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof(buffer));
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof(buffer));
  SetTimeout(fd, 3000);
  std::vector<unsigned char> reply(70000);
  int failures = 0;
  std::string sizes(sizes_text);
  for (size_t start = 0; start <= sizes.size();) {
    const size_t comma = std::min(sizes.find(',', start), sizes.size());
    const size_t size = std::strtoul(sizes.substr(start, comma - start).c_str(), nullptr, 10);
    start = comma + 1;
    bool ok = false;
    for (unsigned attempt = 0; attempt < 3 && !ok; ++attempt) {
      const std::vector<unsigned char> payload = Pattern(size, attempt);
      if (sendto(fd, payload.data(), payload.size(), 0,
                 reinterpret_cast<const sockaddr*>(&peer.address), peer.length) < 0) {
        std::fprintf(stderr, "size %zu: sendto: %s\n", size, std::strerror(errno));
        continue;
      }
      // Replies to earlier attempts may still arrive: read until this
      // attempt's pattern comes back or the wait ends.
      for (;;) {
        const ssize_t got = recv(fd, reply.data(), reply.size(), 0);
        if (got < 0) break;
        if (static_cast<size_t>(got) == size &&
            std::equal(payload.begin(), payload.end(), reply.begin())) {
          ok = true;
          break;
        }
        if (static_cast<size_t>(got) == size) continue;  // an older attempt's echo
        std::fprintf(stderr, "size %zu: echo of %zd bytes\n", size, got);
        break;
      }
    }
    std::printf("size %zu %s\n", size, ok ? "ok" : "FAILED");
    if (!ok) ++failures;
  }
  close(fd);
  return failures == 0 ? 0 : 1;
}

int Refused(const Peer& peer) {
  const int fd = socket(peer.family, SOCK_DGRAM, 0);
  if (fd < 0) return std::perror("socket"), 1;
  if (connect(fd, reinterpret_cast<const sockaddr*>(&peer.address), peer.length) != 0) {
    return std::perror("connect"), 1;
  }
  SetTimeout(fd, 2000);
  for (int attempt = 0; attempt < 3; ++attempt) {
    const char probe = 'x';
    if (send(fd, &probe, 1, 0) < 0 && errno == ECONNREFUSED) {
      std::printf("ECONNREFUSED\n");
      return 0;
    }
    char reply[16];
    if (recv(fd, reply, sizeof(reply), 0) < 0 && errno == ECONNREFUSED) {
      std::printf("ECONNREFUSED\n");
      return 0;
    }
  }
  std::printf("no ECONNREFUSED\n");
  return 1;
}

int EchoServer(const char* port_text, const char* seconds_text) {
  const long port = std::strtol(port_text, nullptr, 10);
  const int idle_ms = static_cast<int>(std::strtol(seconds_text, nullptr, 10) * 1000);
  const int fd = socket(AF_INET6, SOCK_DGRAM, 0);
  if (fd < 0) return std::perror("socket"), 1;
  const int off = 0;
  setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
  sockaddr_in6 local{};
  local.sin6_family = AF_INET6;
  local.sin6_port = htons(static_cast<uint16_t>(port));
  local.sin6_addr = in6addr_any;
  if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0) {
    return std::perror("bind"), 1;
  }
  SetTimeout(fd, idle_ms);
  std::printf("ready\n");
  std::fflush(stdout);
  std::vector<unsigned char> buffer(70000);
  size_t echoed = 0;
  for (;;) {
    sockaddr_storage from{};
    socklen_t from_length = sizeof(from);
    const ssize_t got = recvfrom(fd, buffer.data(), buffer.size(), 0,
                                 reinterpret_cast<sockaddr*>(&from), &from_length);
    if (got < 0) break;
    sendto(fd, buffer.data(), static_cast<size_t>(got), 0, reinterpret_cast<sockaddr*>(&from),
           from_length);
    ++echoed;
  }
  std::printf("echoed %zu\n", echoed);
  close(fd);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  Peer peer;
  if (mode == "echo-check" && argc == 5 && ParsePeer(argv[2], argv[3], peer)) {
    return EchoCheck(peer, argv[4]);
  }
  if (mode == "refused" && argc == 4 && ParsePeer(argv[2], argv[3], peer)) return Refused(peer);
  if (mode == "echo-server" && argc == 4) return EchoServer(argv[2], argv[3]);
  std::fprintf(stderr,
               "usage: rampart_kernel_peer echo-check ADDRESS PORT SIZES\n"
               "       rampart_kernel_peer refused ADDRESS PORT\n"
               "       rampart_kernel_peer echo-server PORT IDLE_SECONDS\n");
  return 2;
}
