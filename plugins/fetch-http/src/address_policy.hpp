// Which peer addresses fetch.http refuses unless allow_private=true.
#pragma once

#include <sys/socket.h>

#include <string>

namespace docpipe::http {

//! True for loopback, private, link-local, unique-local, CGNAT, unspecified, multicast
//! and broadcast addresses (IPv4, IPv6, and IPv4 mapped into IPv6).
bool is_private_address(const sockaddr* addr, socklen_t len) noexcept;

//! The address in text form ("127.0.0.1", "::1"), for messages.
std::string address_text(const sockaddr* addr, socklen_t len);

}  // namespace docpipe::http
