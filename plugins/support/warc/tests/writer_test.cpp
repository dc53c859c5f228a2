#include <docpipe_warc/digest.hpp>
#include <docpipe_warc/reader.hpp>
#include <docpipe_warc/writer.hpp>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

using docpipe::test::TempDir;
using namespace docpipe::warc;

TEST(WarcDigest, Base32KnownValues) {
  // RFC 4648 test vectors.
  EXPECT_EQ(base32(""), "");
  EXPECT_EQ(base32("f"), "MY======");
  EXPECT_EQ(base32("fo"), "MZXQ====");
  EXPECT_EQ(base32("foobar"), "MZXW6YTBOI======");
  // sha1("") = da39a3ee5e6b4b0d3255bfef95601890afd80709
  EXPECT_EQ(sha1_digest(""), "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
}

// "<urn:uuid:xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx>" with lower-case hex.
bool is_v4_urn(const std::string& id) {
  const std::string shape = "<urn:uuid:hhhhhhhh-hhhh-4hhh-vhhh-hhhhhhhhhhhh>";
  if (id.size() != shape.size()) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (shape[i] == 'h' && !hex) return false;
    if (shape[i] == 'v' && c != '8' && c != '9' && c != 'a' && c != 'b') return false;
    if (shape[i] != 'h' && shape[i] != 'v' && c != shape[i]) return false;
  }
  return true;
}

TEST(WarcWriter, RecordIdsAreRandomV4Urns) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string id = new_record_id();
    EXPECT_TRUE(is_v4_urn(id)) << id;
    seen.insert(id);
  }
  EXPECT_FALSE(is_v4_urn("<urn:uuid:00000000-0000-1000-8000-000000000000>"));
  EXPECT_EQ(seen.size(), 100u);
}

std::vector<Record> round_trip(bool gzip, std::vector<std::string>* ids) {
  TempDir dir;
  std::string http = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>h\xC3\xA9llo</p>";
  RecordToWrite info{"warcinfo", "", "", "application/warc-fields", {}, "software: docpipe\r\n"};
  RecordToWrite response{"response", "http://example.com/a?b=1", "2026-11-26T06:05:01Z",
                         "application/http; msgtype=response", {}, http};
  RecordToWrite conversion{"conversion", "http://example.com/a?b=1", "", "text/plain; charset=utf-8",
                           {{"WARC-Refers-To", "<urn:uuid:x>"}, {"X-Evil", "a\r\nWARC-Type: hacked"}},
                           "h\xC3\xA9llo"};
  std::string bytes;
  for (const RecordToWrite* r : {&info, &response, &conversion}) {
    std::string id;
    bytes += encode_record(*r, gzip, &id);
    ids->push_back(id);
  }
  std::string path = dir.write(gzip ? "a.warc.gz" : "a.warc", bytes);
  Reader reader(path);
  std::vector<Record> out;
  Record rec;
  while (reader.next(rec)) out.push_back(rec);
  EXPECT_EQ(reader.layout(), gzip ? Layout::gzip : Layout::plain);
  return out;
}

void check_round_trip(bool gzip) {
  std::vector<std::string> ids;
  auto got = round_trip(gzip, &ids);
  ASSERT_EQ(got.size(), 3u);
  for (size_t i = 0; i < got.size(); ++i) {
    const Record& r = got[i];
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.version, "WARC/1.1");
    EXPECT_EQ(r.headers.find("WARC-Record-ID").value_or(""), ids[i]);
    ASSERT_TRUE(r.headers.find("WARC-Block-Digest"));
    std::string error;
    EXPECT_TRUE(verify_digests(r, error)) << error;
    EXPECT_TRUE(r.headers.find("WARC-Date"));
    if (gzip) {
      EXPECT_EQ(r.offset_kind, OffsetKind::gzip_member);
    }
  }
  EXPECT_EQ(got[0].type, "warcinfo");
  EXPECT_EQ(got[1].type, "response");
  EXPECT_EQ(got[1].headers.find("WARC-Date").value_or(""), "2026-11-26T06:05:01Z");
  EXPECT_EQ(got[1].headers.find("WARC-Target-URI").value_or(""), "http://example.com/a?b=1");
  EXPECT_TRUE(got[1].headers.find("WARC-Payload-Digest"));
  EXPECT_FALSE(got[2].headers.find("WARC-Payload-Digest"));
  EXPECT_EQ(got[2].type, "conversion");
  EXPECT_EQ(got[2].block, "h\xC3\xA9llo");
  EXPECT_EQ(got[2].headers.find("WARC-Refers-To").value_or(""), "<urn:uuid:x>");
  // A value with a line break cannot inject a header.
  EXPECT_EQ(got[2].headers.find("X-Evil").value_or(""), "a  WARC-Type: hacked");
}

TEST(WarcWriter, PlainRoundTripWithDigests) { check_round_trip(false); }
TEST(WarcWriter, PerRecordGzipRoundTripWithDigests) { check_round_trip(true); }

TEST(WarcDigest, TamperedBlockIsDetected) {
  TempDir dir;
  RecordToWrite r{"resource", "http://x/", "", "text/plain", {}, "original"};
  std::string bytes = encode_record(r, false);
  bytes.replace(bytes.find("original"), 8, "tampered");
  Reader reader(dir.write("a.warc", bytes));
  Record rec;
  ASSERT_TRUE(reader.next(rec));
  std::string error;
  EXPECT_FALSE(verify_digests(rec, error));
  EXPECT_NE(error.find("WARC-Block-Digest"), std::string::npos);
}

}  // namespace
