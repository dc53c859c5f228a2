#include <gtest/gtest.h>
#include <docpipe_warc/http.hpp>

#include <string>

#include "warc_test_util.hpp"

namespace {

using namespace docpipe::warc;
using docpipe::warc::test::deflate_data;
using docpipe::warc::test::gzip;

struct Decoded {
  bool ok = false;
  std::string body;
  std::string error;
  int status = 0;
};

Decoded decode(const std::string& block, BodyOptions options = {}) {
  Decoded d;
  HttpResponse response;
  if (!parse_http_response(block, response, d.error)) return d;
  d.status = response.status;
  std::string scratch;
  std::string_view body;
  d.ok = decode_http_body(response, std::string_view(block).substr(response.body_offset), options,
                          scratch, body, d.error);
  d.body = body;
  return d;
}

TEST(HttpResponse, SplitsStatusHeadersAndBody) {
  std::string block =
      "HTTP/1.1 404 Not Found\r\nContent-Type: text/html; charset=GBK\r\nX-A: 1\r\n\r\nbody";
  HttpResponse r;
  std::string error;
  ASSERT_TRUE(parse_http_response(block, r, error)) << error;
  EXPECT_EQ(r.version, "HTTP/1.1");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.reason, "Not Found");
  EXPECT_EQ(r.headers.find("content-type").value_or(""), "text/html; charset=GBK");
  EXPECT_EQ(block.substr(r.body_offset), "body");
  EXPECT_EQ(media_type(*r.headers.find("Content-Type")), "text/html");
}

TEST(HttpResponse, StatusWithoutReasonAndLfOnly) {
  std::string block = "HTTP/1.0 200\nServer: x\n\n<html>";
  Decoded d = decode(block);
  ASSERT_TRUE(d.ok) << d.error;
  EXPECT_EQ(d.status, 200);
  EXPECT_EQ(d.body, "<html>");
}

TEST(HttpResponse, RejectsNonHttp) {
  HttpResponse r;
  std::string error;
  EXPECT_FALSE(parse_http_response("GET / HTTP/1.1\r\n\r\n", r, error));
  EXPECT_FALSE(parse_http_response("HTTP/1.1 2x0 OK\r\n\r\n", r, error));
  EXPECT_FALSE(parse_http_response("HTTP/1.1 200 OK\r\nno end", r, error));
  EXPECT_FALSE(error.empty());
}

TEST(HttpResponse, ChunkedBodyIsJoined) {
  Decoded d = decode(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, "
      "world\r\n0\r\n\r\n");
  ASSERT_TRUE(d.ok) << d.error;
  EXPECT_EQ(d.body, "hello, world");
}

TEST(HttpResponse, ChunkedHeaderOverAlreadyDechunkedBodyIsKept) {
  Decoded d = decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n<html>hello</html>");
  ASSERT_TRUE(d.ok) << d.error;
  EXPECT_EQ(d.body, "<html>hello</html>");
}

TEST(HttpResponse, MalformedChunksFail) {
  Decoded d = decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX7\r\n");
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.error.find("chunked"), std::string::npos);
}

// Minimised from a fuzzing campaign: a chunk size far past the end of the
// block was accepted as ok once max_size was raised above it.
TEST(HttpResponse, ChunkLongerThanTheBlockFailsWhateverTheLimit) {
  std::string response =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffff0\r\n123456789";
  for (uint64_t max_size : {uint64_t{64} << 20, uint64_t{1} << 40}) {
    BodyOptions options;
    options.max_size = max_size;
    Decoded d = decode(response, options);
    EXPECT_FALSE(d.ok) << max_size;
    EXPECT_NE(d.error.find("truncated chunked"), std::string::npos) << d.error;
  }
  Decoded cut =
      decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n9\r\nwor");
  EXPECT_FALSE(cut.ok);
  Decoded exact = decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello");
  ASSERT_TRUE(exact.ok) << exact.error;
  EXPECT_EQ(exact.body, "hello");
}

TEST(HttpResponse, GzipAndDeflateBodiesAreDecoded) {
  std::string page = "<html><body>" + std::string(3000, 'a') + "</body></html>";
  Decoded g = decode("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + gzip(page));
  ASSERT_TRUE(g.ok) << g.error;
  EXPECT_EQ(g.body, page);
  Decoded z =
      decode("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n" + deflate_data(page, 15));
  ASSERT_TRUE(z.ok) << z.error;
  EXPECT_EQ(z.body, page);
  Decoded raw =
      decode("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n" + deflate_data(page, -15));
  ASSERT_TRUE(raw.ok) << raw.error;
  EXPECT_EQ(raw.body, page);
}

TEST(HttpResponse, ChunkedGzipBody) {
  std::string page = "<p>chunked and gzipped</p>";
  std::string z = gzip(page);
  char size[16];
  std::snprintf(size, sizeof size, "%zx", z.size());
  Decoded d =
      decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n" +
             std::string(size) + "\r\n" + z + "\r\n0\r\n\r\n");
  ASSERT_TRUE(d.ok) << d.error;
  EXPECT_EQ(d.body, page);
}

TEST(HttpResponse, CorruptGzipTooLargeAndUnknownEncodingFail) {
  std::string z = gzip(std::string(100000, 'x'));
  Decoded truncated =
      decode("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + z.substr(0, z.size() / 2));
  EXPECT_FALSE(truncated.ok);
  BodyOptions small;
  small.max_size = 1000;
  Decoded big = decode("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + z, small);
  EXPECT_FALSE(big.ok);
  EXPECT_NE(big.error.find("larger"), std::string::npos);
  Decoded br = decode("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxxxx");
  EXPECT_FALSE(br.ok);
  EXPECT_NE(br.error.find("br"), std::string::npos);
}

TEST(HttpResponse, DecodingCanBeTurnedOff) {
  std::string z = gzip("abc");
  BodyOptions off;
  off.decode_content = false;
  Decoded d = decode("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + z, off);
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.body, z);
}

}  // namespace
