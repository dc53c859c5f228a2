// Which peer addresses fetch.http refuses unless allow_private=true.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docpipe::http {

//! True for loopback, private, link-local, unique-local, CGNAT, unspecified, multicast
//! and broadcast addresses (IPv4, IPv6, and IPv4 mapped into IPv6).
bool is_private_address(const sockaddr* addr, socklen_t len) noexcept;

//! An address range: IPv4 ranges are kept as IPv4-mapped IPv6, so one comparison serves both.
struct Cidr {
  uint8_t bytes[16] = {};
  int bits = 0;  //!< prefix length over the 128 bits
};

//! Parses "10.0.0.0/8", "127.0.0.1" (a /32), "fd00::/8" or "::1"; nullopt (with *why) otherwise.
std::optional<Cidr> parse_cidr(std::string_view text, std::string* why);

//! True when the address lies in one of the ranges (IPv4-mapped IPv6 counts as IPv4).
bool in_any_cidr(const std::vector<Cidr>& ranges, const sockaddr* addr, socklen_t len) noexcept;

//! The address in text form ("127.0.0.1", "::1"), for messages.
std::string address_text(const sockaddr* addr, socklen_t len);

}  // namespace docpipe::http
