#include <docpipe_warc/http.hpp>

#include <string_view>

#include "inflate.hpp"

namespace docpipe::warc {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses a chunk-size line's hex number (extensions after ';' ignored).
bool parse_chunk_size(std::string_view line, uint64_t& size) {
  line = trim(line.substr(0, line.find(';')));
  if (line.empty() || line.size() > 15) return false;
  size = 0;
  for (char c : line) {
    int v = hex_value(c);
    if (v < 0) return false;
    size = size * 16 + static_cast<uint64_t>(v);
  }
  return true;
}

enum class Dechunk { ok, not_chunked, malformed, too_large, truncated };

// Joins the chunks. A chunk that declares more bytes than the block holds is
// truncated whatever max_size is, so a raised limit cannot turn a corrupt
// size into an ok document. not_chunked when the first size line is not one:
// the archiver already removed the chunking but kept the header.
Dechunk dechunk(std::string_view body, uint64_t max_size, std::string& out) {
  out.clear();
  size_t pos = 0;
  bool first = true;
  while (pos < body.size()) {
    size_t eol = body.find('\n', pos);
    if (eol == std::string_view::npos) return first ? Dechunk::not_chunked : Dechunk::ok;
    uint64_t size = 0;
    if (!parse_chunk_size(body.substr(pos, eol - pos), size)) {
      return first ? Dechunk::not_chunked : Dechunk::malformed;
    }
    first = false;
    pos = eol + 1;
    if (size == 0) return Dechunk::ok;
    if (size > body.size() - pos) return Dechunk::truncated;
    if (out.size() + size > max_size) return Dechunk::too_large;
    out.append(body.substr(pos, static_cast<size_t>(size)));
    pos += static_cast<size_t>(size);
    if (body.substr(pos, 2) == "\r\n") {
      pos += 2;
    } else if (body.substr(pos, 1) == "\n") {
      pos += 1;
    } else if (pos < body.size()) {
      return Dechunk::malformed;
    }
  }
  return first ? Dechunk::not_chunked : Dechunk::ok;
}

bool has_token(std::string_view list, std::string_view token) {
  std::string l = lower(list);
  size_t pos = 0;
  while (pos <= l.size()) {
    size_t comma = l.find(',', pos);
    std::string_view item =
        trim(std::string_view(l).substr(pos, comma == std::string::npos ? comma : comma - pos));
    if (item == token) return true;
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return false;
}

}  // namespace

bool parse_http_response(std::string_view block, HttpResponse& out, std::string& error) {
  out = HttpResponse{};
  size_t end = block.find("\r\n\r\n");
  size_t body = end == std::string_view::npos ? end : end + 4;
  size_t lf_end = block.find("\n\n");
  if (lf_end != std::string_view::npos && (end == std::string_view::npos || lf_end < end)) {
    end = lf_end;
    body = lf_end + 2;
  }
  if (end == std::string_view::npos) {
    error = "HTTP response without the blank line that ends its headers";
    return false;
  }
  std::string_view head = block.substr(0, end);
  size_t eol = head.find('\n');
  std::string_view status_line = trim(head.substr(0, eol));
  if (!status_line.starts_with("HTTP/")) {
    error = "block does not start with an HTTP status line";
    return false;
  }
  size_t sp = status_line.find(' ');
  if (sp == std::string_view::npos) {
    error = "HTTP status line without a status code";
    return false;
  }
  out.version = status_line.substr(0, sp);
  std::string_view rest = trim(status_line.substr(sp + 1));
  size_t digits = 0;
  int status = 0;
  while (digits < rest.size() && digits < 3 && rest[digits] >= '0' && rest[digits] <= '9') {
    status = status * 10 + (rest[digits] - '0');
    ++digits;
  }
  if (digits != 3 || (rest.size() > 3 && rest[3] != ' ')) {
    error = "bad HTTP status code in \"" + std::string(status_line.substr(0, 60)) + "\"";
    return false;
  }
  out.status = status;
  out.reason = trim(rest.substr(3));
  if (eol != std::string_view::npos &&
      !parse_header_lines(head.substr(eol + 1), out.headers, error)) {
    error = "bad HTTP header: " + error;
    return false;
  }
  out.body_offset = body;
  return true;
}

bool decode_http_body(const HttpResponse& response, std::string_view body,
                      const BodyOptions& options, std::string& scratch, std::string_view& decoded,
                      std::string& error) {
  decoded = body;
  std::string dechunked;
  if (options.dechunk) {
    if (auto te = response.headers.find("Transfer-Encoding"); te && has_token(*te, "chunked")) {
      switch (dechunk(body, options.max_size, dechunked)) {
        case Dechunk::ok:
          decoded = dechunked;
          break;
        case Dechunk::not_chunked:
          break;
        case Dechunk::malformed:
          error = "malformed chunked transfer encoding";
          return false;
        case Dechunk::truncated:
          error = "truncated chunked transfer encoding: a chunk runs past the end of the record";
          return false;
        case Dechunk::too_large:
          error = "decoded body larger than " + std::to_string(options.max_size) + " bytes";
          return false;
      }
    }
  }
  auto ce = response.headers.find("Content-Encoding");
  std::string coding = ce ? lower(trim(*ce)) : std::string();
  if (!options.decode_content || coding.empty() || coding == "identity" || decoded.empty()) {
    if (decoded.data() == dechunked.data()) {
      scratch = std::move(dechunked);
      decoded = scratch;
    }
    return true;
  }
  std::string_view input = decoded;  // body or dechunked, never scratch
  if (coding == "gzip" || coding == "x-gzip") {
    if (!detail::inflate_all(input, detail::Wrapper::gzip, options.max_size, scratch, error)) {
      error = "Content-Encoding " + coding + ": " + error;
      return false;
    }
    decoded = scratch;
    return true;
  }
  if (coding == "deflate") {
    // "deflate" is zlib-wrapped by the standard, raw deflate by some servers.
    std::string first_error;
    if (detail::inflate_all(input, detail::Wrapper::zlib, options.max_size, scratch, first_error) ||
        detail::inflate_all(input, detail::Wrapper::raw, options.max_size, scratch, error)) {
      decoded = scratch;
      return true;
    }
    error = "Content-Encoding deflate: " + error;
    return false;
  }
  error = "unsupported Content-Encoding \"" + coding.substr(0, 40) + "\"";
  return false;
}

std::string media_type(std::string_view content_type) {
  return lower(trim(content_type.substr(0, content_type.find(';'))));
}

}  // namespace docpipe::warc
