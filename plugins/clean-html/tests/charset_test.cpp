// Charset labels, the Content-Type charset parameter and the <meta> prescan.
#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <string>

#include "charset_labels.hpp"
#include "charset_param.hpp"
#include "meta_prescan.hpp"

namespace docpipe::clean_html {
namespace {

std::string canonical(std::string_view label) {
  const char* c = canonical_charset(label);
  return c != nullptr ? c : "(unknown)";
}

TEST(CharsetLabels, ChineseLabelsAllDecodeAsGb18030) {
  for (const char* label : {"gbk", "GB2312", "x-gbk", "cp936", "gb_2312-80", "GB18030", "euc-cn"}) {
    EXPECT_EQ(canonical(label), "GB18030") << label;
  }
}

TEST(CharsetLabels, OtherAsianLabelsWidenToTheirSupersets) {
  EXPECT_EQ(canonical("big5"), "Big5-HKSCS");
  EXPECT_EQ(canonical("Shift_JIS"), "Shift_JIS");
  EXPECT_EQ(canonical("x-sjis"), "Shift_JIS");
  EXPECT_EQ(canonical("euc-kr"), "windows-949");
  EXPECT_EQ(canonical("EUC-JP"), "EUC-JP");
}

TEST(CharsetLabels, LatinLabelsFollowBrowsers) {
  EXPECT_EQ(canonical("iso-8859-1"), "windows-1252");
  EXPECT_EQ(canonical("US-ASCII"), "windows-1252");
  EXPECT_EQ(canonical("koi8-r"), "KOI8-R");
  EXPECT_EQ(canonical("windows-1251"), "windows-1251");
}

TEST(CharsetLabels, TrimsWhitespaceAndQuotesAndIgnoresCase) {
  EXPECT_EQ(canonical("  \"UTF-8\" "), "UTF-8");
  EXPECT_EQ(canonical("'Gbk'"), "GB18030");
}

TEST(CharsetLabels, UnknownAndAbsurdLabelsAreRejected) {
  EXPECT_EQ(canonical_charset(""), nullptr);
  EXPECT_EQ(canonical_charset("ebcdic-cp-us"), nullptr);
  EXPECT_EQ(canonical_charset(std::string(200, 'a')), nullptr);
}

TEST(CharsetLabels, EveryCanonicalNameOpensInIcu) {
  for (const char* name : all_canonical_charsets()) {
    UErrorCode err = U_ZERO_ERROR;
    UConverter* cnv = ucnv_open(name, &err);
    EXPECT_TRUE(U_SUCCESS(err) && cnv != nullptr) << name << ": " << u_errorName(err);
    if (cnv != nullptr) ucnv_close(cnv);
  }
}

TEST(ContentTypeCharset, FindsTheParameterWhereverItIs) {
  EXPECT_EQ(charset_from_content_type("text/html; charset=gbk"), "gbk");
  EXPECT_EQ(charset_from_content_type("text/html;charset=\"UTF-8\";q=1"), "UTF-8");
  EXPECT_EQ(charset_from_content_type("text/html; CharSet = 'big5' "), "big5");
  EXPECT_EQ(charset_from_content_type("text/html; charset=gb2312; format=flowed"), "gb2312");
  EXPECT_EQ(charset_from_content_type("text/html"), "");
  EXPECT_EQ(charset_from_content_type("text/html; charset"), "");
}

std::string prescan(std::string_view html) {
  const char* c = prescan_meta_charset(html);
  return c != nullptr ? c : "(none)";
}

TEST(MetaPrescan, MetaCharsetInItsUsualPlace) {
  EXPECT_EQ(prescan("<!doctype html><html><head><meta charset=\"gbk\"></head>"), "GB18030");
}

TEST(MetaPrescan, SingleQuotesAndNoQuotes) {
  EXPECT_EQ(prescan("<meta charset='shift_jis'>"), "Shift_JIS");
  EXPECT_EQ(prescan("<META CHARSET=big5>"), "Big5-HKSCS");
  EXPECT_EQ(prescan("<meta charset=euc-kr/>"), "windows-949");
}

TEST(MetaPrescan, HttpEquivWithCharsetInTheMiddleOfContent) {
  EXPECT_EQ(prescan("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312; x=y\">"),
            "GB18030");
  EXPECT_EQ(prescan("<meta content='text/html;charset=windows-1251' http-equiv='content-type'>"),
            "windows-1251");
}

TEST(MetaPrescan, HttpEquivOtherThanContentTypeIsIgnored) {
  EXPECT_EQ(prescan("<meta http-equiv=\"refresh\" content=\"0; charset=gbk\">"), "(none)");
}

TEST(MetaPrescan, CommentedOutMetaDoesNotCountButTheNextOneDoes) {
  EXPECT_EQ(prescan("<!-- <meta charset=\"utf-8\"> --><meta charset=\"gbk\">"), "GB18030");
}

TEST(MetaPrescan, MetaInsideAnAttributeValueDoesNotCount) {
  EXPECT_EQ(prescan("<div title='<meta charset=big5>'></div><meta charset=koi8-r>"), "KOI8-R");
}

TEST(MetaPrescan, MetaAfterScriptsAndInTheBodyStillCountsWithinTheLimit) {
  std::string html = "<html><head><script>var a = 1 < 2;</script></head><body><p>text</p>"
                     "<meta http-equiv=content-type content=\"text/html; charset=GBK\"></body>";
  EXPECT_EQ(prescan(html), "GB18030");
}

TEST(MetaPrescan, OnlyTheFirstBytesAreScanned) {
  std::string html = "<html><!--" + std::string(5000, 'x') + "--><meta charset=gbk>";
  EXPECT_EQ(prescan(html), "(none)");
  EXPECT_EQ(prescan_meta_charset(html, html.size()), canonical_charset("gbk"));
}

TEST(MetaPrescan, DeclaredUtf16MeansUtf8) {
  EXPECT_EQ(prescan("<meta charset=utf-16le>"), "UTF-8");
}

TEST(MetaPrescan, UnknownLabelIsSkippedForALaterKnownOne) {
  EXPECT_EQ(prescan("<meta charset=klingon><meta charset=utf-8>"), "UTF-8");
}

TEST(MetaPrescan, TruncatedInputDoesNotReadPastTheEnd) {
  EXPECT_EQ(prescan("<meta charset=\"gb"), "(none)");
  EXPECT_EQ(prescan("<meta"), "(none)");
  EXPECT_EQ(prescan("<!--"), "(none)");
  EXPECT_EQ(prescan("<"), "(none)");
}

}  // namespace
}  // namespace docpipe::clean_html
