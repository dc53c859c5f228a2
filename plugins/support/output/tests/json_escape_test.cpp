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

// The obvious byte-at-a-time escape, to check the word-at-a-time one against.
std::string reference(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xE2 && i + 2 < text.size() && text[i + 1] == '\x80' &&
        (text[i + 2] == '\xa8' || text[i + 2] == '\xa9')) {
      out += text[i + 2] == '\xa8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      static constexpr std::string_view short_forms = "\b\f\n\r\t";
      static constexpr std::string_view letters = "bfnrt";
      size_t k = short_forms.find(static_cast<char>(c));
      if (k != std::string_view::npos) {
        out += '\\';
        out += letters[k];
      } else {
        static constexpr char hex[] = "0123456789abcdef";
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xF];
      }
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

TEST(JsonEscape, EverySpecialByteAtEveryOffsetOfLongText) {
  // The fast path reads 8 bytes at a time: put each special sequence at every
  // offset around word boundaries, among ASCII and among Chinese.
  const std::string_view specials[] = {"\"", "\\", "\n", std::string_view("\0", 1), "\x1f",
                                       "\u2028", "\u2029", "—", "€", "\xe2", "\xe2\x80"};
  for (std::string_view filler : {std::string_view("a"), std::string_view("中")}) {
    for (std::string_view special : specials) {
      for (size_t at = 0; at < 24; ++at) {
        for (size_t tail = 0; tail < 10; ++tail) {
          std::string text;
          for (size_t k = 0; k < at; ++k) text += filler;
          text += special;
          for (size_t k = 0; k < tail; ++k) text += 'z';
          ASSERT_EQ(json(text), reference(text)) << "at " << at << " tail " << tail;
        }
      }
    }
  }
  std::string mixed;
  for (int k = 0; k < 500; ++k) mixed += k % 7 == 0 ? "\"q\"\n" : k % 5 == 0 ? "中文\u2028" : "words ";
  EXPECT_EQ(json(mixed), reference(mixed));
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
