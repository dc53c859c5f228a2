#include "charset_labels.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <unordered_map>

namespace docpipe::clean_html {
namespace {

constexpr const char* kUtf8 = "UTF-8";
constexpr const char* kUtf16le = "UTF-16LE";
constexpr const char* kUtf16be = "UTF-16BE";

constexpr std::array kCanonical{
    kUtf8,          kUtf16le,       kUtf16be,       "GB18030",       "Big5-HKSCS",
    "Shift_JIS",    "EUC-JP",       "ISO-2022-JP",  "windows-949",   "windows-1250",
    "windows-1251", "windows-1252", "windows-1253", "windows-1254",  "windows-1255",
    "windows-1256", "windows-1257", "windows-1258", "windows-874",   "ISO-8859-2",
    "ISO-8859-3",   "ISO-8859-4",   "ISO-8859-5",   "ISO-8859-6",    "ISO-8859-7",
    "ISO-8859-8",   "ISO-8859-8-I", "ISO-8859-10",  "ISO-8859-13",   "ISO-8859-14",
    "ISO-8859-15",  "KOI8-R",       "KOI8-U",       "IBM866",        "macintosh",
    "x-mac-cyrillic", "EUC-TW"};

struct Alias {
  const char* label;
  const char* canonical;
};

// Labels follow the WHATWG Encoding Standard where it has one, with the
// deliberate widenings pages need: every GB label decodes as GB18030 (a
// superset, so a page labelled gb2312 that uses GBK characters still
// decodes), Big5 as Big5-HKSCS, EUC-KR as windows-949 (UHC), and Latin-1 /
// ASCII as windows-1252, which is what browsers do with them. Names uchardet
// returns are here too, in lower case.
constexpr Alias kAliases[] = {
    {"utf-8", kUtf8}, {"utf8", kUtf8}, {"unicode-1-1-utf-8", kUtf8}, {"x-unicode20utf8", kUtf8},
    {"unicode11utf8", kUtf8}, {"unicode20utf8", kUtf8},
    {"utf-16", kUtf16le}, {"utf-16le", kUtf16le}, {"unicode", kUtf16le}, {"ucs-2", kUtf16le},
    {"csunicode", kUtf16le}, {"iso-10646-ucs-2", kUtf16le}, {"unicodefeff", kUtf16le},
    {"utf-16be", kUtf16be}, {"unicodefffe", kUtf16be},
    {"gbk", "GB18030"}, {"gb2312", "GB18030"}, {"gb_2312", "GB18030"}, {"gb_2312-80", "GB18030"},
    {"x-gbk", "GB18030"}, {"cp936", "GB18030"}, {"ms936", "GB18030"}, {"windows-936", "GB18030"},
    {"csgb2312", "GB18030"}, {"chinese", "GB18030"}, {"iso-ir-58", "GB18030"},
    {"euc-cn", "GB18030"}, {"x-euc-cn", "GB18030"}, {"gb18030", "GB18030"}, {"csiso58gb231280", "GB18030"},
    {"big5", "Big5-HKSCS"}, {"big5-hkscs", "Big5-HKSCS"}, {"cn-big5", "Big5-HKSCS"},
    {"csbig5", "Big5-HKSCS"}, {"x-x-big5", "Big5-HKSCS"}, {"cp950", "Big5-HKSCS"},
    {"shift_jis", "Shift_JIS"}, {"shift-jis", "Shift_JIS"}, {"sjis", "Shift_JIS"},
    {"x-sjis", "Shift_JIS"}, {"ms_kanji", "Shift_JIS"}, {"csshiftjis", "Shift_JIS"},
    {"windows-31j", "Shift_JIS"}, {"ms932", "Shift_JIS"}, {"cp932", "Shift_JIS"},
    {"euc-jp", "EUC-JP"}, {"x-euc-jp", "EUC-JP"}, {"cseucpkdfmtjapanese", "EUC-JP"},
    {"iso-2022-jp", "ISO-2022-JP"}, {"csiso2022jp", "ISO-2022-JP"},
    {"euc-kr", "windows-949"}, {"ks_c_5601-1987", "windows-949"}, {"ks_c_5601-1989", "windows-949"},
    {"ksc5601", "windows-949"}, {"ksc_5601", "windows-949"}, {"korean", "windows-949"},
    {"csksc56011987", "windows-949"}, {"iso-ir-149", "windows-949"}, {"windows-949", "windows-949"},
    {"cp949", "windows-949"}, {"uhc", "windows-949"}, {"x-windows-949", "windows-949"},
    {"euc-tw", "EUC-TW"},
    {"windows-1250", "windows-1250"}, {"cp1250", "windows-1250"}, {"x-cp1250", "windows-1250"},
    {"windows-1251", "windows-1251"}, {"cp1251", "windows-1251"}, {"x-cp1251", "windows-1251"},
    {"windows-1252", "windows-1252"}, {"cp1252", "windows-1252"}, {"x-cp1252", "windows-1252"},
    {"iso-8859-1", "windows-1252"}, {"iso8859-1", "windows-1252"}, {"iso_8859-1", "windows-1252"},
    {"iso88591", "windows-1252"}, {"latin1", "windows-1252"}, {"l1", "windows-1252"},
    {"cp819", "windows-1252"}, {"ibm819", "windows-1252"}, {"us-ascii", "windows-1252"},
    {"ascii", "windows-1252"}, {"ansi_x3.4-1968", "windows-1252"}, {"iso-ir-100", "windows-1252"},
    {"csisolatin1", "windows-1252"},
    {"windows-1253", "windows-1253"}, {"cp1253", "windows-1253"}, {"x-cp1253", "windows-1253"},
    {"windows-1254", "windows-1254"}, {"cp1254", "windows-1254"}, {"x-cp1254", "windows-1254"},
    {"iso-8859-9", "windows-1254"}, {"iso8859-9", "windows-1254"}, {"latin5", "windows-1254"},
    {"windows-1255", "windows-1255"}, {"cp1255", "windows-1255"}, {"x-cp1255", "windows-1255"},
    {"windows-1256", "windows-1256"}, {"cp1256", "windows-1256"}, {"x-cp1256", "windows-1256"},
    {"windows-1257", "windows-1257"}, {"cp1257", "windows-1257"}, {"x-cp1257", "windows-1257"},
    {"windows-1258", "windows-1258"}, {"cp1258", "windows-1258"}, {"x-cp1258", "windows-1258"},
    {"windows-874", "windows-874"}, {"tis-620", "windows-874"}, {"iso-8859-11", "windows-874"},
    {"dos-874", "windows-874"},
    {"iso-8859-2", "ISO-8859-2"}, {"iso8859-2", "ISO-8859-2"}, {"latin2", "ISO-8859-2"},
    {"iso-8859-3", "ISO-8859-3"}, {"iso8859-3", "ISO-8859-3"}, {"latin3", "ISO-8859-3"},
    {"iso-8859-4", "ISO-8859-4"}, {"iso8859-4", "ISO-8859-4"}, {"latin4", "ISO-8859-4"},
    {"iso-8859-5", "ISO-8859-5"}, {"iso8859-5", "ISO-8859-5"}, {"cyrillic", "ISO-8859-5"},
    {"iso-8859-6", "ISO-8859-6"}, {"iso8859-6", "ISO-8859-6"}, {"arabic", "ISO-8859-6"},
    {"iso-8859-7", "ISO-8859-7"}, {"iso8859-7", "ISO-8859-7"}, {"greek", "ISO-8859-7"},
    {"iso-8859-8", "ISO-8859-8"}, {"iso8859-8", "ISO-8859-8"}, {"hebrew", "ISO-8859-8"},
    {"iso-8859-8-i", "ISO-8859-8-I"}, {"logical", "ISO-8859-8-I"},
    {"iso-8859-10", "ISO-8859-10"}, {"iso8859-10", "ISO-8859-10"}, {"latin6", "ISO-8859-10"},
    {"iso-8859-13", "ISO-8859-13"}, {"iso8859-13", "ISO-8859-13"},
    {"iso-8859-14", "ISO-8859-14"}, {"iso8859-14", "ISO-8859-14"},
    {"iso-8859-15", "ISO-8859-15"}, {"iso8859-15", "ISO-8859-15"}, {"latin9", "ISO-8859-15"},
    {"koi8-r", "KOI8-R"}, {"koi8", "KOI8-R"}, {"koi", "KOI8-R"}, {"cskoi8r", "KOI8-R"},
    {"koi8_r", "KOI8-R"}, {"koi8-u", "KOI8-U"}, {"koi8-ru", "KOI8-U"},
    {"ibm866", "IBM866"}, {"cp866", "IBM866"}, {"866", "IBM866"}, {"csibm866", "IBM866"},
    {"macintosh", "macintosh"}, {"mac", "macintosh"}, {"x-mac-roman", "macintosh"},
    {"csmacintosh", "macintosh"},
    {"x-mac-cyrillic", "x-mac-cyrillic"}, {"x-mac-ukrainian", "x-mac-cyrillic"},
    {"mac-cyrillic", "x-mac-cyrillic"},
};

using AliasMap = std::unordered_map<std::string_view, const char*>;

const AliasMap& alias_map() {
  static const AliasMap map = [] {
    AliasMap m;
    m.reserve(std::size(kAliases));
    for (const Alias& a : kAliases) m.emplace(a.label, a.canonical);
    return m;
  }();
  return map;
}

// A trailing slash comes from unquoted "<meta charset=utf-8/>", common enough
// to accept though the prescan keeps it in the value.
bool is_label_trim(char c) {
  return c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '"' || c == '\'';
}

}  // namespace

const char* canonical_charset(std::string_view label) noexcept {
  while (!label.empty() && is_label_trim(label.front())) label.remove_prefix(1);
  while (!label.empty() && is_label_trim(label.back())) label.remove_suffix(1);
  // Labels are short; anything longer is garbage, and a fixed buffer keeps
  // the lookup free of allocation.
  char lower[40];
  if (label.empty() || label.size() > sizeof(lower)) return nullptr;
  for (size_t i = 0; i < label.size(); ++i) {
    char c = label[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const AliasMap& map = alias_map();
  auto it = map.find(std::string_view(lower, label.size()));
  return it == map.end() ? nullptr : it->second;
}

bool is_utf16(const char* canonical) noexcept {
  return canonical != nullptr &&
         (std::strcmp(canonical, kUtf16le) == 0 || std::strcmp(canonical, kUtf16be) == 0);
}

bool is_utf8(const char* canonical) noexcept {
  return canonical != nullptr && std::strcmp(canonical, kUtf8) == 0;
}

std::span<const char* const> all_canonical_charsets() noexcept { return kCanonical; }

}  // namespace docpipe::clean_html
