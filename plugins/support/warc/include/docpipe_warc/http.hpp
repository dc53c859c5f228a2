// HTTP responses as archived in WARC `response` records: status line,
// headers, and the body with transfer and content encodings undone on request.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <docpipe_warc/headers.hpp>

namespace docpipe::warc {

//! The head of an HTTP response and where its body starts.
struct HttpResponse {
  std::string version;   //!< "HTTP/1.1"
  int status = 0;        //!< 200
  std::string reason;    //!< "OK" (may be empty)
  Headers headers;       //!< response headers
  size_t body_offset = 0;  //!< offset of the body in the block
};

//! Splits a response block; false with a reason when it is not an HTTP response.
bool parse_http_response(std::string_view block, HttpResponse& out, std::string& error);

//! Which encodings decode_http_body undoes, and how big the result may get.
struct BodyOptions {
  bool dechunk = true;                //!< undo Transfer-Encoding: chunked
  bool decode_content = true;         //!< undo Content-Encoding gzip, x-gzip, deflate
  uint64_t max_size = 64ull << 20;    //!< largest decoded body
};

//! Decodes a body; the result points into body or into scratch. False with a
//! reason (malformed chunks, corrupt gzip, unsupported encoding, too large).
bool decode_http_body(const HttpResponse& response, std::string_view body,
                      const BodyOptions& options, std::string& scratch, std::string_view& decoded,
                      std::string& error);

//! The media type of a Content-Type value, lower case, without parameters.
std::string media_type(std::string_view content_type);

}  // namespace docpipe::warc
