#include <docpipe_output/path_template.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

namespace docpipe::output {
namespace {

using ::testing::HasSubstr;

// std::regex is avoided: GCC 12 warns falsely inside it under the sanitizers.
bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool ends_with_hash(const std::string& s) {
  if (s.size() < 17 || s[s.size() - 17] != '~') return false;
  for (size_t i = s.size() - 16; i < s.size(); ++i) {
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
  }
  return true;
}

TemplateVars sample_vars() {
  TemplateVars v;
  v.shard = 3;
  v.shard_count = 16;
  v.part = 7;
  v.date = "2024-05-01";
  v.pipeline = "zh-news";
  v.id = "sub/a.html";
  return v;
}

TEST(ExpandTemplate, EveryPlaceholder) {
  EXPECT_EQ(expand_template("out/{pipeline}/{date}/part-{shard}-of-{shard_count}-{part}.jsonl", sample_vars()),
            "out/zh-news/2024-05-01/part-3-of-16-7.jsonl");
  EXPECT_EQ(expand_template("{id}.txt", sample_vars()), "sub/a.html.txt");
}

TEST(ExpandTemplate, ZeroPadding) {
  EXPECT_EQ(expand_template("s{shard:05}-p{part:03}-n{shard_count:2}", sample_vars()), "s00003-p007-n16");
  TemplateVars v = sample_vars();
  v.part = 123456;
  EXPECT_EQ(expand_template("{part:03}", v), "123456");  // never truncates
}

TEST(ExpandTemplate, LiteralBracesAndPlainPaths) {
  EXPECT_EQ(expand_template("a{{b}}c.jsonl", sample_vars()), "a{b}c.jsonl");
  EXPECT_EQ(expand_template("/tmp/plain.jsonl", sample_vars()), "/tmp/plain.jsonl");
}

TEST(ExpandTemplate, UnknownOrMalformedPlaceholdersAreErrors) {
  try {
    expand_template("out/{shrad}.jsonl", sample_vars());
    FAIL() << "a misspelt placeholder was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("{shrad}"));
    EXPECT_THAT(e.what(), HasSubstr("{part}"));
  }
  EXPECT_THROW(expand_template("out/{part", sample_vars()), std::invalid_argument);
  EXPECT_THROW(expand_template("out/{part:x5}", sample_vars()), std::invalid_argument);
  EXPECT_THROW(expand_template("out/{part:}", sample_vars()), std::invalid_argument);
}

TEST(ExpandTemplate, IdIsMadeSafe) {
  TemplateVars v = sample_vars();
  v.id = "../../etc/passwd";
  std::string path = expand_template("out/{id}.txt", v);
  EXPECT_EQ(path.find(".."), std::string::npos) << path;
  EXPECT_EQ(path.rfind("out/", 0), 0u) << path;
}

TEST(ExpandTemplate, DateDefaultsToTheRunStart) {
  TemplateVars v;
  std::string date = expand_template("{date}", v);
  EXPECT_TRUE(is_date(date)) << date;
  EXPECT_EQ(date, run_start_date());
}

TEST(TemplateHas, FindsPlaceholdersWithOrWithoutPadding) {
  EXPECT_TRUE(template_has("a-{part}.jsonl", "part"));
  EXPECT_TRUE(template_has("a-{part:05}.jsonl", "part"));
  EXPECT_FALSE(template_has("a-{{part}}.jsonl", "part"));
  EXPECT_FALSE(template_has("a-{shard}.jsonl", "part"));
}

TEST(InsertBeforeExtension, SkipsCompressionSuffixes) {
  EXPECT_EQ(insert_before_extension("out/docs.jsonl.zst", "-{part:05}"), "out/docs-{part:05}.jsonl.zst");
  EXPECT_EQ(insert_before_extension("out/docs.jsonl", "-X"), "out/docs-X.jsonl");
  EXPECT_EQ(insert_before_extension("out/docs.csv.gz", "-X"), "out/docs-X.csv.gz");
  EXPECT_EQ(insert_before_extension("out/docs", "-X"), "out/docs-X");
  EXPECT_EQ(insert_before_extension("out.d/docs", "-X"), "out.d/docs-X");
  EXPECT_EQ(insert_before_extension(".hidden", "-X"), ".hidden-X");
}

// The properties every safe name has, whatever the id.
void expect_safe(const std::string& name, size_t max_length = 200) {
  ASSERT_FALSE(name.empty());
  EXPECT_NE(name[0], '/') << name;
  EXPECT_LE(name.size(), max_length) << name;
  size_t start = 0;
  while (start <= name.size()) {
    size_t slash = name.find('/', start);
    if (slash == std::string::npos) slash = name.size();
    std::string component = name.substr(start, slash - start);
    EXPECT_FALSE(component.empty()) << name;
    EXPECT_NE(component, "..") << name;
    EXPECT_NE(component, ".") << name;
    if (!component.empty()) {
      EXPECT_NE(component[0], '.') << name;
    }
    start = slash + 1;
  }
  for (unsigned char c : name) EXPECT_FALSE(c < 0x20 || c == 0x7F) << "control byte in " << name;
}

TEST(SafeFileName, TraversalIsDefused) {
  std::string name = safe_file_name("../../etc/passwd");
  expect_safe(name);
  EXPECT_EQ(name, "_./_./etc/passwd");
  expect_safe(safe_file_name(".."));
  expect_safe(safe_file_name("a/../../b"));
  expect_safe(safe_file_name("./."));
}

TEST(SafeFileName, AbsoluteIdsBecomeRelative) {
  EXPECT_EQ(safe_file_name("/etc/passwd"), "etc/passwd");
  EXPECT_EQ(safe_file_name("//a///b/"), "a/b");
  EXPECT_EQ(safe_file_name("/"), "_");
  EXPECT_EQ(safe_file_name(""), "_");
}

TEST(SafeFileName, ControlAndReservedCharactersAreReplaced) {
  std::string id = std::string("a\x01" "b\nc\td\x7f") + std::string(1, '\0') + "e:f*g?h\\i";
  std::string name = safe_file_name(id);
  expect_safe(name);
  EXPECT_EQ(name, "a_b_c_d__e_f_g_h_i");
  EXPECT_EQ(safe_file_name("bad\xff\xfeutf8"), "bad__utf8");
}

TEST(SafeFileName, UrlsKeepTheirShape) {
  EXPECT_EQ(safe_file_name("https://example.com/a/b.html?x=1"), "https_/example.com/a/b.html_x=1");
}

TEST(SafeFileName, LongIdsAreCutWithAHashSoTheyStayDistinct) {
  std::string a(10000, 'a');
  std::string b = a;
  b.back() = 'b';
  std::string na = safe_file_name(a);
  std::string nb = safe_file_name(b);
  expect_safe(na);
  expect_safe(nb);
  EXPECT_EQ(na.size(), 200u);
  EXPECT_NE(na, nb);
  EXPECT_TRUE(ends_with_hash(na)) << na;
  expect_safe(safe_file_name(a, 50), 50);
  // A long id of many components never ends on a separator before the hash.
  std::string slashes;
  for (int i = 0; i < 2000; ++i) slashes += "ab/";
  expect_safe(safe_file_name(slashes));
}

TEST(SafeFileName, CjkIdsAreKeptAndCutOnCharacterBoundaries) {
  EXPECT_EQ(safe_file_name("新闻/北京.html"), "新闻/北京.html");
  std::string long_cjk;
  for (int i = 0; i < 3000; ++i) long_cjk += "中文";
  std::string name = safe_file_name(long_cjk);
  expect_safe(name);
  std::string body = name.substr(0, name.rfind('~'));
  EXPECT_EQ(body.size() % 3, 0u) << "a CJK character was cut in half";
  // Every 3-byte step of the kept part starts on a lead byte, never a continuation byte.
  for (size_t i = 0; i < body.size(); i += 3) EXPECT_GE(static_cast<unsigned char>(body[i]), 0xE0u);
}

TEST(SafeFileName, DistinctShortIdsStayDistinct) {
  std::set<std::string> names;
  for (std::string id : {"a", "b", "a.html", "a/b", "中", "文"}) names.insert(safe_file_name(id));
  EXPECT_EQ(names.size(), 6u);
}

}  // namespace
}  // namespace docpipe::output
