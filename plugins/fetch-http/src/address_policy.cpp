#include "address_policy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdint>
#include <cstring>

namespace docpipe::http {
namespace {

bool private_v4(uint32_t a) noexcept {  // host byte order
  auto in = [a](uint32_t net, int bits) {
    uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
    return (a & mask) == net;
  };
  return in(0x00000000, 8)      // 0.0.0.0/8 "this network"
         || in(0x0A000000, 8)   // 10/8
         || in(0x64400000, 10)  // 100.64/10 carrier-grade NAT
         || in(0x7F000000, 8)   // 127/8 loopback
         || in(0xA9FE0000, 16)  // 169.254/16 link-local (cloud metadata lives here)
         || in(0xAC100000, 12)  // 172.16/12
         || in(0xC0000000, 24)  // 192.0.0/24 IETF protocol assignments
         || in(0xC0A80000, 16)  // 192.168/16
         || in(0xC6120000, 15)  // 198.18/15 benchmarking
         || in(0xE0000000, 4)   // multicast
         || in(0xF0000000, 4);  // reserved and broadcast
}

constexpr uint8_t v4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

// The address as 16 bytes, IPv4 mapped into IPv6; false for other families.
bool as_v6_bytes(const sockaddr* addr, socklen_t len, uint8_t out[16]) noexcept {
  if (addr == nullptr) return false;
  if (addr->sa_family == AF_INET && len >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in v4;
    std::memcpy(&v4, addr, sizeof v4);
    std::memcpy(out, v4_mapped_prefix, 12);
    std::memcpy(out + 12, &v4.sin_addr.s_addr, 4);
    return true;
  }
  if (addr->sa_family == AF_INET6 && len >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 v6;
    std::memcpy(&v6, addr, sizeof v6);
    std::memcpy(out, v6.sin6_addr.s6_addr, 16);
    return true;
  }
  return false;
}

}  // namespace

std::optional<Cidr> parse_cidr(std::string_view text, std::string* why) {
  auto bad = [&](const std::string& reason) -> std::optional<Cidr> {
    if (why != nullptr) *why = "invalid address range \"" + std::string(text) + "\": " + reason;
    return std::nullopt;
  };
  size_t slash = text.find('/');
  std::string address(text.substr(0, slash));
  Cidr c;
  int max_bits = 0;
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) {
    std::memcpy(c.bytes, v4_mapped_prefix, 12);
    std::memcpy(c.bytes + 12, &v4.s_addr, 4);
    max_bits = 32;
  } else if (inet_pton(AF_INET6, address.c_str(), &v6) == 1) {
    std::memcpy(c.bytes, v6.s6_addr, 16);
    max_bits = 128;
  } else {
    return bad("not an IPv4 or IPv6 address");
  }
  int bits = max_bits;
  if (slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3) return bad("bad prefix length");
    bits = 0;
    for (char ch : digits) {
      if (ch < '0' || ch > '9') return bad("bad prefix length");
      bits = bits * 10 + (ch - '0');
    }
    if (bits > max_bits) return bad("prefix longer than " + std::to_string(max_bits) + " bits");
  }
  c.bits = bits + (max_bits == 32 ? 96 : 0);
  return c;
}

bool in_any_cidr(const std::vector<Cidr>& ranges, const sockaddr* addr, socklen_t len) noexcept {
  uint8_t a[16];
  if (ranges.empty() || !as_v6_bytes(addr, len, a)) return false;
  for (const Cidr& c : ranges) {
    int full = c.bits / 8, rest = c.bits % 8;
    if (std::memcmp(a, c.bytes, static_cast<size_t>(full)) != 0) continue;
    if (rest != 0) {
      auto mask = static_cast<uint8_t>(0xff << (8 - rest));
      if ((a[full] & mask) != (c.bytes[full] & mask)) continue;
    }
    return true;
  }
  return false;
}

bool is_private_address(const sockaddr* addr, socklen_t len) noexcept {
  if (addr == nullptr) return true;
  if (addr->sa_family == AF_INET && len >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in v4;
    std::memcpy(&v4, addr, sizeof v4);
    return private_v4(ntohl(v4.sin_addr.s_addr));
  }
  if (addr->sa_family == AF_INET6 && len >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 v6;
    std::memcpy(&v6, addr, sizeof v6);
    const uint8_t* b = v6.sin6_addr.s6_addr;
    static constexpr uint8_t zero[16] = {};
    if (std::memcmp(b, zero, 15) == 0 && (b[15] == 0 || b[15] == 1)) return true;  // :: and ::1
    // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::/96) carry an IPv4 address to check.
    static constexpr uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    static constexpr uint8_t nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    if (std::memcmp(b, mapped, 12) == 0 || std::memcmp(b, nat64, 12) == 0) {
      uint32_t a =
          (uint32_t{b[12]} << 24) | (uint32_t{b[13]} << 16) | (uint32_t{b[14]} << 8) | b[15];
      return private_v4(a);
    }
    if ((b[0] & 0xfe) == 0xfc) return true;                  // fc00::/7 unique local
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return true;  // fe80::/10 link-local
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return true;  // fec0::/10 old site-local
    if (b[0] == 0xff) return true;                           // multicast
    return false;
  }
  return true;  // unknown families (AF_UNIX) are never a public web server
}

std::string address_text(const sockaddr* addr, socklen_t len) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (addr != nullptr && addr->sa_family == AF_INET &&
      len >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in v4;
    std::memcpy(&v4, addr, sizeof v4);
    inet_ntop(AF_INET, &v4.sin_addr, buf, sizeof buf);
  } else if (addr != nullptr && addr->sa_family == AF_INET6 &&
             len >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 v6;
    std::memcpy(&v6, addr, sizeof v6);
    inet_ntop(AF_INET6, &v6.sin6_addr, buf, sizeof buf);
  } else {
    return "unknown address";
  }
  return buf;
}

}  // namespace docpipe::http
