#include <docpipe_warc/writer.hpp>

#include <openssl/rand.h>

#include <cstdio>
#include <random>
#include <stdexcept>

#include <docpipe_warc/digest.hpp>
#include <docpipe_warc/headers.hpp>
#include <docpipe_warc/http.hpp>

#include "inflate.hpp"

namespace docpipe::warc {
namespace {

// Header values must stay on one line: a CR or LF would let a URL or a
// metadata value inject headers.
void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  for (char c : value) out.push_back(c == '\r' || c == '\n' ? ' ' : c);
  out.append("\r\n");
}

bool is_http_response(const RecordToWrite& r) {
  return r.type == "response" && r.content_type.find("application/http") != std::string::npos;
}

}  // namespace

std::string new_record_id() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) {
    // libcrypto without entropy is unusual; a seeded engine still gives unique ids.
    std::random_device rd;
    for (unsigned char& c : b) c = static_cast<unsigned char>(rd());
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  char text[64];
  std::snprintf(text, sizeof text,
                "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x>", b[0],
                b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return text;
}

std::string encode_record(const RecordToWrite& record, bool gzip, std::string* record_id) {
  std::string id = new_record_id();
  for (const auto& [name, value] : record.extra_headers) {
    if (iequals(name, "WARC-Record-ID")) id = value;  // the caller chose one
  }
  std::string head;
  head.reserve(512);
  head.append("WARC/1.1\r\n");
  append_field(head, "WARC-Type", record.type);
  append_field(head, "WARC-Record-ID", id);
  append_field(head, "WARC-Date", record.date.empty() ? warc_date_now() : record.date);
  if (!record.target_uri.empty()) append_field(head, "WARC-Target-URI", record.target_uri);
  for (const auto& [name, value] : record.extra_headers) {
    // These are computed here; a caller's copy would contradict them.
    if (iequals(name, "WARC-Record-ID") || iequals(name, "Content-Length") ||
        iequals(name, "WARC-Block-Digest") || iequals(name, "WARC-Payload-Digest")) {
      continue;
    }
    append_field(head, name, value);
  }
  if (!record.content_type.empty()) append_field(head, "Content-Type", record.content_type);
  append_field(head, "WARC-Block-Digest", sha1_digest(record.block));
  if (is_http_response(record)) {
    HttpResponse response;
    std::string error;
    if (parse_http_response(record.block, response, error)) {
      append_field(head, "WARC-Payload-Digest",
                   sha1_digest(record.block.substr(response.body_offset)));
    }
  }
  append_field(head, "Content-Length", std::to_string(record.block.size()));
  head.append("\r\n");
  if (record_id != nullptr) *record_id = id;

  std::string plain;
  plain.reserve(head.size() + record.block.size() + 4);
  plain.append(head);
  plain.append(record.block);
  plain.append("\r\n\r\n");
  if (!gzip) return plain;
  std::string out;
  detail::gzip_member(plain, out);
  return out;
}

}  // namespace docpipe::warc
