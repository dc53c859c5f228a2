// Decoder: how the charset is chosen, and conversion to UTF-8.
#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <stdexcept>
#include <string>

#include "decode.hpp"
#include "utf8.hpp"

namespace docpipe::clean_html {
namespace {

// Encodes UTF-8 text into another charset with ICU, to build test pages in
// charsets a source file cannot hold.
std::string encode(const char* charset, std::string_view utf8) {
  std::string out(utf8.size() * 4 + 16, '\0');
  UErrorCode err = U_ZERO_ERROR;
  int32_t n = ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &err);
  if (U_FAILURE(err)) throw std::runtime_error(u_errorName(err));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string decode_text(Decoder& d, std::string_view bytes, std::string_view content_type = {}) {
  return std::string(d.decode(bytes, content_type).utf8);
}

TEST(Decoder, Utf8BomWinsOverEverythingAndIsStripped) {
  Decoder d;
  std::string page = "\xEF\xBB\xBF<meta charset=gbk><p>caf\xC3\xA9</p>";
  Decoded r = d.decode(page, "text/html; charset=big5");
  EXPECT_STREQ(r.choice.charset, "UTF-8");
  EXPECT_EQ(r.choice.source, CharsetSource::bom);
  EXPECT_EQ(r.utf8, "<meta charset=gbk><p>caf\xC3\xA9</p>");
}

TEST(Decoder, Utf16LittleAndBigEndianBoms) {
  Decoder d;
  std::string le("\xFF\xFE<\0p\0>\0\xE9\0", 10);
  Decoded r = d.decode(le);
  EXPECT_STREQ(r.choice.charset, "UTF-16LE");
  EXPECT_EQ(r.choice.source, CharsetSource::bom);
  EXPECT_EQ(r.utf8, "<p>\xC3\xA9");

  std::string be("\xFE\xFF\0<\0p\0>\x4E\x2D", 10);
  r = d.decode(be);
  EXPECT_STREQ(r.choice.charset, "UTF-16BE");
  EXPECT_EQ(r.utf8, "<p>\xE4\xB8\xAD");  // 中
}

TEST(Decoder, HttpHeaderCharsetBeatsMeta) {
  Decoder d;
  std::string page = "<meta charset=utf-8><p>" + encode("GBK", "中文新闻") + "</p>";
  Decoded r = d.decode(page, "text/html; charset=GBK");
  EXPECT_STREQ(r.choice.charset, "GB18030");
  EXPECT_EQ(r.choice.source, CharsetSource::http);
  EXPECT_EQ(r.utf8, "<meta charset=utf-8><p>中文新闻</p>");
}

TEST(Decoder, UnknownHttpCharsetFallsThroughToMeta) {
  Decoder d;
  std::string page = "<meta charset=windows-1251><p>" + encode("windows-1251", "Привет") + "</p>";
  Decoded r = d.decode(page, "text/html; charset=nonsense");
  EXPECT_EQ(r.choice.source, CharsetSource::meta);
  EXPECT_EQ(r.utf8, "<meta charset=windows-1251><p>Привет</p>");
}

TEST(Decoder, MetaHttpEquivGb2312) {
  Decoder d;
  std::string page =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
      "<title>" + encode("GBK", "新闻中心") + "</title></head></html>";
  Decoded r = d.decode(page);
  EXPECT_EQ(r.choice.source, CharsetSource::meta);
  EXPECT_NE(r.utf8.find("<title>新闻中心</title>"), std::string_view::npos);
}

TEST(Decoder, Gb2312LabelStillDecodesGbkOnlyCharacters) {
  // 镕 (U+9555) is in GBK but not in GB2312; bytes from iconv -t GBK.
  Decoder d;
  std::string page = "<meta charset=gb2312><p>\xD6\xEC\xE9\x46\xBB\xF9</p>";
  EXPECT_EQ(decode_text(d, page), "<meta charset=gb2312><p>朱镕基</p>");
}

TEST(Decoder, UndeclaredGbkIsDetected) {
  Decoder d;
  std::string body =
      "<html><head><title>本地新闻</title></head><body><div class=nav>首页 | 国内 | 国际 | 财经</div>"
      "<h1>城市公园今年春天将迎来大规模改造</h1><p>记者从市园林局获悉，本市多座公园将在今年春天开始改造，"
      "主要包括步道翻新、绿地扩建以及儿童游乐设施的更新。工程预计在年底前全部完成。</p>"
      "<p>市民普遍对此表示欢迎，不少人希望改造期间能够尽量减少对日常散步和锻炼的影响。</p></body></html>";
  std::string page = encode("GBK", body);
  Decoded r = d.decode(page);
  EXPECT_EQ(r.choice.source, CharsetSource::detected);
  EXPECT_STREQ(r.choice.charset, "GB18030");
  EXPECT_EQ(r.utf8, body);
}

TEST(Decoder, Big5) {
  Decoder d;
  std::string page = "<meta charset=big5><p>\xBB\x4F\xC6\x57\xC1\x63\xC5\xE9\xA4\xA4\xA4\xE5</p>";
  Decoded r = d.decode(page);
  EXPECT_STREQ(r.choice.charset, "Big5-HKSCS");
  EXPECT_EQ(r.utf8, "<meta charset=big5><p>臺灣繁體中文</p>");
}

TEST(Decoder, ShiftJis) {
  Decoder d;
  std::string page =
      "<meta charset=\"Shift_JIS\"><p>\x93\xFA\x96\x7B\x8C\xEA\x82\xCC\x83\x65\x83\x4C\x83\x58\x83\x67</p>";
  EXPECT_EQ(decode_text(d, page), "<meta charset=\"Shift_JIS\"><p>日本語のテキスト</p>");
}

TEST(Decoder, EucKrAndKoi8) {
  Decoder d;
  EXPECT_EQ(decode_text(d, "<p>\xC7\xD1\xB1\xB9\xBE\xEE", "text/html; charset=euc-kr"), "<p>한국어");
  EXPECT_EQ(decode_text(d, "<p>\xF0\xD2\xC9\xD7\xC5\xD4", "text/html; charset=koi8-r"), "<p>Привет");
}

TEST(Decoder, Windows1252SmartQuotesAndEuro) {
  Decoder d;
  std::string page = "<meta charset=windows-1252><p>\x93Quote\x94 \x96 caf\xE9 \x80</p>";
  EXPECT_EQ(decode_text(d, page), "<meta charset=windows-1252><p>“Quote” – café €</p>");
}

TEST(Decoder, Latin1LabelDecodesAsWindows1252) {
  Decoder d;
  Decoded r = d.decode("<p>\x93hi\x94</p>", "text/html; charset=ISO-8859-1");
  EXPECT_STREQ(r.choice.charset, "windows-1252");
  EXPECT_EQ(r.utf8, "<p>“hi”</p>");
}

TEST(Decoder, ValidUtf8WithoutDeclarationIsDetectedAndNotCopied) {
  Decoder d;
  std::string page = "<p>Grüße aus Köln — 中文</p>";
  Decoded r = d.decode(page);
  EXPECT_STREQ(r.choice.charset, "UTF-8");
  EXPECT_EQ(r.choice.source, CharsetSource::detected);
  EXPECT_EQ(r.utf8.data(), page.data()) << "valid UTF-8 takes the no-copy path";
  EXPECT_FALSE(r.repaired);
}

TEST(Decoder, InvalidUtf8BecomesReplacementCharacters) {
  Decoder d;
  std::string page = "<meta charset=utf-8><p>ok \xFF bad \xE4\xB8 cut \xED\xA0\x80 surrogate</p>";
  Decoded r = d.decode(page);
  EXPECT_TRUE(r.repaired);
  EXPECT_TRUE(is_valid_utf8(r.utf8));
  EXPECT_EQ(r.utf8,
            "<meta charset=utf-8><p>ok \uFFFD bad \uFFFD cut \uFFFD\uFFFD\uFFFD surrogate</p>");
}

TEST(Decoder, InvalidMultibyteSequencesBecomeReplacementCharacters) {
  Decoder d;
  // 0x81 0x20: a GB18030 lead byte followed by an invalid trail byte.
  std::string page = "<p>\xD6\xD0\x81\x20x\xFF</p>";
  std::string out = decode_text(d, page, "text/html; charset=gbk");
  EXPECT_TRUE(is_valid_utf8(out));
  EXPECT_EQ(out.substr(0, 6), "<p>中");
  EXPECT_NE(out.find("\uFFFD"), std::string::npos);
  EXPECT_NE(out.find("x"), std::string::npos);
}

TEST(Decoder, UnassignedSingleByteBecomesReplacementNotSubstituteControl) {
  Decoder d;
  // 0x98 is unassigned in windows-1253 (Greek).
  std::string out = decode_text(d, "<p>a\x98z</p>", "text/html; charset=windows-1253");
  EXPECT_TRUE(is_valid_utf8(out));
  EXPECT_EQ(out.find('\x1A'), std::string::npos);
}

TEST(Decoder, DefaultCharsetWhenNothingElseDecides) {
  Decoder d("koi8-r");
  // Not UTF-8, and too little text for uchardet to name a charset.
  Decoded r = d.decode("x\x80\x81");
  EXPECT_EQ(r.choice.source, CharsetSource::default_charset);
  EXPECT_STREQ(r.choice.charset, "KOI8-R");
  EXPECT_EQ(r.utf8, "x\u2500\u2502");  // box drawing, as KOI8-R maps 0x80 and 0x81
}

TEST(Decoder, UnknownDefaultCharsetIsRejected) {
  EXPECT_THROW(Decoder("no-such-charset"), std::invalid_argument);
}

TEST(Decoder, EmptyInput) {
  Decoder d;
  Decoded r = d.decode("");
  EXPECT_TRUE(r.utf8.empty());
}

TEST(Decoder, LargeInputGrowsTheBufferAndStaysExact) {
  Decoder d;
  // Mostly ASCII padding then CJK: the initial size estimate is too small for
  // the CJK tail when measured against the ASCII-heavy start, so the
  // overflow path runs.
  std::string utf8;
  for (int i = 0; i < 20000; ++i) utf8 += "中文段落";
  std::string page = encode("GBK", utf8);
  EXPECT_EQ(decode_text(d, page, "text/html; charset=gbk"), utf8);
}

TEST(Decoder, ReusedAcrossCharsets) {
  Decoder d;
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(decode_text(d, "<p>\xC7\xD1", "text/html; charset=euc-kr"), "<p>한");
    EXPECT_EQ(decode_text(d, "<p>\xD6\xD0", "text/html; charset=gbk"), "<p>中");
    EXPECT_EQ(decode_text(d, "<p>\x93", "text/html; charset=windows-1252"), "<p>“");
  }
}

TEST(CharsetSourceName, NamesEverySource) {
  EXPECT_EQ(charset_source_name(CharsetSource::bom), "bom");
  EXPECT_EQ(charset_source_name(CharsetSource::http), "http");
  EXPECT_EQ(charset_source_name(CharsetSource::meta), "meta");
  EXPECT_EQ(charset_source_name(CharsetSource::detected), "detected");
  EXPECT_EQ(charset_source_name(CharsetSource::default_charset), "default");
}

TEST(Utf8, ValidatesAndRepairs) {
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));          // overlong NUL
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_EQ(valid_utf8_prefix("abc\xE4\xB8"), 3u);
  std::string out;
  append_repaired_utf8("a\xF0\x9F\x98z", out);
  EXPECT_EQ(out, "a\uFFFDz") << "one replacement for one truncated sequence";
}

}  // namespace
}  // namespace docpipe::clean_html
