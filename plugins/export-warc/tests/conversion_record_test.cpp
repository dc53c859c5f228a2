#include "conversion_record.hpp"

#include <docpipe_warc/digest.hpp>
#include <docpipe_warc/reader.hpp>
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using docpipe::test::TempDir;
using namespace docpipe::export_warc;
namespace warc = docpipe::warc;

TEST(ConversionRecord, FieldsAndDigests) {
  TempDir dir;
  ConversionInput in;
  in.text = "Clean text, \xE4\xB8\xAD\xE6\x96\x87.";
  in.url = "http://x.example/a";
  in.refers_to = "<urn:uuid:1234>";
  in.fetch_time_ms = 1714566896000;
  in.language = "zh";
  std::string bytes = encode_warcinfo("p", true) + encode_conversion(in, true);
  warc::Reader reader(dir.write("a.warc.gz", bytes));
  warc::Record r;
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.type, "warcinfo");
  EXPECT_NE(r.block.find("docpipe"), std::string::npos);
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.type, "conversion");
  EXPECT_EQ(r.block, in.text);
  EXPECT_EQ(r.headers.find("WARC-Target-URI").value_or(""), "http://x.example/a");
  EXPECT_EQ(r.headers.find("WARC-Refers-To").value_or(""), "<urn:uuid:1234>");
  EXPECT_EQ(r.headers.find("WARC-Date").value_or(""), "2024-05-01T12:34:56Z");
  EXPECT_EQ(r.headers.find("Content-Type").value_or(""), "text/plain; charset=utf-8");
  EXPECT_EQ(r.headers.find("WARC-Identified-Content-Language").value_or(""), "zh");
  std::string error;
  EXPECT_TRUE(warc::verify_digests(r, error)) << error;
  EXPECT_FALSE(reader.next(r));
}

TEST(ConversionRecord, NoRefersToWhenUnknownAndGzipBySuffix) {
  ConversionInput in;
  in.text = "t";
  in.url = "u";
  std::string plain = encode_conversion(in, false);
  EXPECT_EQ(plain.find("WARC-Refers-To"), std::string::npos);
  EXPECT_TRUE(plain.starts_with("WARC/1.1\r\n"));
  EXPECT_TRUE(wants_gzip("out/x-{shard}.warc.gz"));
  EXPECT_FALSE(wants_gzip("out/x.warc"));
}

}  // namespace
