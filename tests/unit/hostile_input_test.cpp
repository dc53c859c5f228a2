// Hostile input to the host's parsers: configs and metadata built to be slow
// or deep. Each complexity test times an adversarial input against a benign
// one of the same size in the same run and asserts the ratio, never a time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>

#include "document.hpp"
#include "errors.hpp"
#include "pipeline_spec.hpp"

using namespace docpipe;
using ::testing::HasSubstr;

namespace {

// Best of a few runs: the least disturbed by other load on the machine.
double best_seconds(const std::function<void()>& run) {
  double best = 1e300;
  for (int i = 0; i < 3; ++i) {
    auto start = std::chrono::steady_clock::now();
    run();
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best;
}

// Linear code stays within a small factor of the benign input; the quadratic
// versions these tests guard against were thousands of times slower at these sizes.
constexpr double kMaxRatio = 50;

void expect_linear(const char* what, const std::function<void()>& adversarial,
                   const std::function<void()>& benign, double max_ratio = kMaxRatio) {
  double bad = best_seconds(adversarial);
  // A floor keeps a benign run too fast to time from making any ratio fail.
  double good = std::max(best_seconds(benign), 1e-4);
  ::testing::Test::RecordProperty(what, std::to_string(bad / good));
  EXPECT_LT(bad / good, max_ratio)
      << what << ": adversarial " << bad << " s, benign " << good << " s";
}

std::string repeat(std::string_view piece, size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

std::string padded(std::string text, size_t size, char fill) {
  text.resize(size, fill);
  return text;
}

const SourceLocation kHere{"p.xml", 1, 1};

}  // namespace

// Minimised: a 360 KB config of nested defaults overflowed the stack.
TEST(HostileConfig, DeeplyNestedDefaultsExpandWithoutRecursion) {
  unsetenv("DP_HOSTILE_UNSET");
  size_t depth = 100000;
  std::string nested = repeat("${DP_HOSTILE_UNSET:-", depth) + "x" + std::string(depth, '}');
  EXPECT_EQ(expand_env(nested, kHere), "x");
  std::string plain = padded("a ${DP_HOSTILE_UNSET:-b} ", nested.size(), 'c');
  expect_linear(
      "nested ${A:-...}", [&] { expand_env(nested, kHere); }, [&] { expand_env(plain, kHere); });
}

TEST(HostileConfig, NestedDefaultsKeepTheirMeaning) {
  setenv("DP_HOSTILE_SET", "v", 1);
  setenv("DP_HOSTILE_EMPTY", "", 1);
  unsetenv("DP_HOSTILE_UNSET");
  EXPECT_EQ(expand_env("${DP_HOSTILE_SET:-${DP_HOSTILE_UNSET}}", kHere), "v");
  EXPECT_EQ(expand_env("${DP_HOSTILE_UNSET:-a${DP_HOSTILE_EMPTY:-b${DP_HOSTILE_SET}c}d}e", kHere),
            "abvcde");
  EXPECT_EQ(expand_env("${DP_HOSTILE_EMPTY}", kHere), "");
  EXPECT_EQ(expand_env("${DP_HOSTILE_UNSET:-a:-b}}", kHere), "a:-b}");
  EXPECT_THROW(expand_env("${DP_HOSTILE_UNSET:-${DP_HOSTILE_UNSET}}", kHere), ConfigError);
  EXPECT_THROW(expand_env("${DP_HOSTILE_UNSET:-${DP_HOSTILE_SET}", kHere), ConfigError);
}

// Minimised: "$${" inside a default is the literal "${", not an opening.
TEST(HostileConfig, EscapedOpeningInsideADefaultIsLiteral) {
  unsetenv("DP_HOSTILE_UNSET");
  EXPECT_EQ(expand_env("${DP_HOSTILE_UNSET:-$${}", kHere), "${");
  EXPECT_EQ(expand_env("${DP_HOSTILE_UNSET:-a$${b}c}", kHere), "a${bc}");
  setenv("DP_HOSTILE_SET", "v", 1);
  EXPECT_EQ(expand_env("${DP_HOSTILE_SET:-$${}", kHere), "v");
}

TEST(HostileConfig, ErrorsQuoteLongTextShortened) {
  std::string huge = "${" + std::string(100000, 'x');
  try {
    expand_env(huge, kHere);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("unclosed '${'"));
    EXPECT_LT(std::string(e.what()).size(), 1000u);
  }
}

// Minimised: every element's column was recounted from the line start.
TEST(HostileConfig, ManyElementsOnOneXmlLineAreLinear) {
  std::string element = "<stage use=\"a.b\" id=\"x\"/>";
  size_t count = 20000;
  std::string one_line = "<pipeline>" + repeat(element, count) + "</pipeline>";
  std::string many_lines = "<pipeline>" + repeat(element + "\n", count) + "</pipeline>";
  many_lines.resize(one_line.size() - 11);
  many_lines = many_lines.substr(0, many_lines.rfind('\n') + 1) + "</pipeline>";
  EXPECT_EQ(parse_pipeline_xml(one_line, "p.xml").elements.size(), count);
  expect_linear(
      "elements on one line", [&] { parse_pipeline_xml(one_line, "p.xml"); },
      [&] { parse_pipeline_xml(many_lines, "p.xml"); });
}

TEST(HostileConfig, ColumnsOnALongLineStayExact) {
  // Past several checkpoints and multi-byte characters: the column counts characters.
  std::string lead = repeat("<!-- é -->", 50);
  std::string xml = "<pipeline>" + lead + "<stage use=\"a.b\"><oops/></stage></pipeline>";
  try {
    parse_pipeline_xml(xml, "p.xml");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    size_t column = 1 + 10 + 50 * 10 + 17;  // "<pipeline>", the comments, "<stage ...>"
    EXPECT_THAT(e.what(), HasSubstr("p.xml:1:" + std::to_string(column) + ": unexpected <oops>"));
  }
}

// The benign lines hold the same bytes in tokens a dozen times longer: real
// command lines, whose per-token work the short tokens multiply.
TEST(HostileConfig, ManyParametersOnTheCommandLineAreLinear) {
  size_t count = 40000;
  std::string many = "src" + repeat(" p=1", count);
  std::string few =
      padded("src" + repeat(" parameter=value-of-a-param", count / 6), many.size(), 'v');
  EXPECT_EQ(parse_pipeline_inline(many).elements.at(0).params.size(), count);
  expect_linear(
      "parameters on one line", [&] { parse_pipeline_inline(many); },
      [&] { parse_pipeline_inline(few); });
  std::string steps = "src" + repeat(" ! s", count);
  std::string long_steps =
      padded("src" + repeat(" ! segment.sentences.and.more", count / 7), steps.size(), 's');
  expect_linear(
      "steps on one line", [&] { parse_pipeline_inline(steps); },
      [&] { parse_pipeline_inline(long_steps); },
      // Each step is a whole element, some 15 times the work of a byte of a long one.
      4 * kMaxRatio);
}

TEST(HostileConfig, InlineColumnsAndBangInsideValues) {
  PipelineSpec s = parse_pipeline_inline("a x='é=!' y=b!c ! é");
  ASSERT_EQ(s.elements.size(), 2u);
  EXPECT_EQ(s.elements[0].params.at(0).value, "é=!");
  EXPECT_EQ(s.elements[0].params.at(1).value, "b!c");
  EXPECT_EQ(s.elements[1].where.column, 19);
}

// Minimised: one JSONL line with many metadata keys scanned all keys per key.
TEST(HostileMetadata, ManyKeysAreLinearAndKeepTheirOrder) {
  size_t count = 60000;
  auto key = [](size_t i) { return "key-" + std::to_string(1000000 + i); };
  auto many_keys = [&] {
    dp_document doc;
    for (size_t i = 0; i < count; ++i) doc.set_meta(key(i), "v", false);
  };
  auto few_keys = [&] {
    dp_document doc;
    for (size_t i = 0; i < count; ++i) doc.set_meta(key(i % 16), "v", false);
  };
  expect_linear("distinct metadata keys", many_keys, few_keys);

  dp_document doc;
  for (size_t i = 0; i < 100; ++i) doc.set_meta(key(i), std::to_string(i), false);
  doc.set_meta(key(50), "again", true);
  ASSERT_EQ(doc.meta.size(), 100u);
  for (size_t i = 0; i < 100; ++i) EXPECT_EQ(doc.meta[i].key, key(i));
  ASSERT_NE(doc.find_meta(key(50)), nullptr);
  EXPECT_EQ(doc.find_meta(key(50))->value, "again");
  EXPECT_TRUE(doc.find_meta(key(50))->is_json);
  EXPECT_EQ(doc.find_meta("absent"), nullptr);
}

TEST(HostileMetadata, DirectErasureDoesNotConfuseTheIndex) {
  dp_document doc;
  auto key = [](size_t i) { return "k" + std::to_string(i); };
  for (size_t i = 0; i < 40; ++i) doc.set_meta(key(i), std::to_string(i), false);
  // The host's meta_remove erases from the vector directly.
  doc.meta.erase(doc.meta.begin() + 3);
  EXPECT_EQ(doc.find_meta(key(3)), nullptr);
  ASSERT_NE(doc.find_meta(key(39)), nullptr);
  EXPECT_EQ(doc.find_meta(key(39))->value, "39");
  doc.set_meta(key(3), "back", false);
  doc.set_meta(key(39), "new", false);
  EXPECT_EQ(doc.meta.size(), 40u);
  EXPECT_EQ(doc.meta.back().key, key(3));
  EXPECT_EQ(doc.find_meta(key(39))->value, "new");
  // Shrink below the index threshold, then grow past it again.
  doc.meta.erase(doc.meta.begin(), doc.meta.begin() + 10);
  for (size_t i = 100; i < 120; ++i) doc.set_meta(key(i), "x", false);
  for (size_t i = 0; i < 120; ++i) {
    size_t found = 0;
    for (const auto& m : doc.meta) found += m.key == key(i) ? 1 : 0;
    EXPECT_LE(found, 1u) << key(i);
    EXPECT_EQ(doc.find_meta(key(i)) != nullptr, found == 1) << key(i);
  }
}
