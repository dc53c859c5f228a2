#include <docpipe_output/json_escape.hpp>

#include <gtest/gtest.h>

#include <docpipe_output/iso8601.hpp>

namespace docpipe::output {
namespace {

std::string json(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

TEST(JsonEscape, PlainTextIsQuotedOnly) {
  EXPECT_EQ(json(""), "\"\"");
  EXPECT_EQ(json("hello, world"), "\"hello, world\"");
  EXPECT_EQ(json("a/b<c>&'d'"), "\"a/b<c>&'d'\"");
}

TEST(JsonEscape, QuotesAndBackslashes) {
  EXPECT_EQ(json("say \"hi\""), R"("say \"hi\"")");
  EXPECT_EQ(json("C:\\dir\\"), R"("C:\\dir\\")");
}

TEST(JsonEscape, EveryControlCharacter) {
  EXPECT_EQ(json("a\nb\tc\rd\be\ff"), R"("a\nb\tc\rd\be\ff")");
  EXPECT_EQ(json(std::string_view("\0", 1)), R"("\u0000")");
  EXPECT_EQ(json("\x01\x1f\x0b"), R"("\u0001\u001f\u000b")");
  for (int c = 0; c < 0x20; ++c) {
    std::string escaped = json(std::string(1, static_cast<char>(c)));
    EXPECT_EQ(escaped[1], '\\') << c;
    for (char e : escaped) EXPECT_GE(static_cast<unsigned char>(e), 0x20) << c;
  }
  EXPECT_EQ(json("\x7f"), "\"\x7f\"");  // DEL needs no escape in JSON
}

TEST(JsonEscape, NonAsciiStaysRawUtf8) {
  EXPECT_EQ(json("中文新闻"), "\"中文新闻\"");
  EXPECT_EQ(json("emoji 😀 and é"), "\"emoji 😀 and é\"");
  // Other characters with lead byte E2 are not mistaken for U+2028.
  EXPECT_EQ(json("a—b€c"), "\"a—b€c\"");
}

TEST(JsonEscape, LineAndParagraphSeparatorsAreEscaped) {
  EXPECT_EQ(json("a\u2028b\u2029c"), R"("a\u2028b\u2029c")");
  EXPECT_EQ(json("\u2028"), R"("\u2028")");
  // A cut-off sequence at the end is never read past.
  EXPECT_EQ(json(std::string_view("x\xe2\x80", 3)), "\"x\xe2\x80\"");
}

TEST(JsonEscape, AppendsToWhatIsThere) {
  std::string out = "{\"k\":";
  append_json_string(out, "v\n");
  EXPECT_EQ(out, R"({"k":"v\n")");
}

TEST(Iso8601, MillisecondsUtc) {
  std::string out;
  append_iso8601_utc(out, 0);
  EXPECT_EQ(out, "1970-01-01T00:00:00.000Z");
  out.clear();
  append_iso8601_utc(out, 1714566896789);
  EXPECT_EQ(out, "2024-05-01T12:34:56.789Z");
  out.clear();
  append_iso8601_utc(out, -1);
  EXPECT_EQ(out, "1969-12-31T23:59:59.999Z");
}

}  // namespace
}  // namespace docpipe::output
