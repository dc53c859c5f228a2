#include <docpipe_warc/digest.hpp>

#include <openssl/evp.h>

#include <stdexcept>

#include <docpipe_warc/http.hpp>
#include <docpipe_warc/reader.hpp>

namespace docpipe::warc {
namespace {

std::string sha1_raw(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), md, &size, EVP_sha1(), nullptr) != 1) {
    throw std::runtime_error("SHA-1 failed (libcrypto)");
  }
  return std::string(reinterpret_cast<const char*>(md), size);
}

// "sha1:ABC..." values compare without regard to case (base32 is case-free).
bool same_digest(std::string_view a, std::string_view b) { return iequals(a, b); }

}  // namespace

std::string base32(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  out.reserve((bytes.size() + 4) / 5 * 8);
  uint64_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  while (out.size() % 8 != 0) out += '=';
  return out;
}

std::string sha1_digest(std::string_view data) { return "sha1:" + base32(sha1_raw(data)); }

bool verify_digests(const Record& record, std::string& error) {
  if (auto block = record.headers.find("WARC-Block-Digest"); block && block->starts_with("sha1:")) {
    std::string actual = sha1_digest(record.block);
    if (!same_digest(*block, actual)) {
      error = "WARC-Block-Digest " + std::string(*block) + " does not match the block (" + actual + ")";
      return false;
    }
  }
  auto payload = record.headers.find("WARC-Payload-Digest");
  if (payload && payload->starts_with("sha1:") && record.type == "response") {
    HttpResponse response;
    std::string http_error;
    if (!parse_http_response(record.block, response, http_error)) {
      error = "WARC-Payload-Digest present but the block is not HTTP: " + http_error;
      return false;
    }
    std::string actual = sha1_digest(std::string_view(record.block).substr(response.body_offset));
    if (!same_digest(*payload, actual)) {
      error = "WARC-Payload-Digest " + std::string(*payload) + " does not match the payload (" + actual + ")";
      return false;
    }
  }
  return true;
}

}  // namespace docpipe::warc
