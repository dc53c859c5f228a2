#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors.hpp"
#include "params.hpp"

using namespace docpipe;
using ::testing::HasSubstr;

TEST(ParseSize, UnitsBinaryAndDecimal) {
  EXPECT_EQ(parse_size("512"), 512);
  EXPECT_EQ(parse_size("64KiB"), 64 * 1024);
  EXPECT_EQ(parse_size("64k"), 64 * 1024);
  EXPECT_EQ(parse_size("64MiB"), 64LL << 20);
  EXPECT_EQ(parse_size("1.5GiB"), 3LL << 29);
  EXPECT_EQ(parse_size("1GB"), 1000000000LL);
  EXPECT_EQ(parse_size("2 mb"), 2000000);
  EXPECT_FALSE(parse_size("12 parsecs"));
  EXPECT_FALSE(parse_size("MiB"));
  EXPECT_FALSE(parse_size("-5"));
  EXPECT_FALSE(parse_size("99999999999TiB"));
}

TEST(ParseDuration, UnitsAndCompound) {
  EXPECT_EQ(parse_duration_ms("250ms"), 250);
  EXPECT_EQ(parse_duration_ms("30s"), 30000);
  EXPECT_EQ(parse_duration_ms("5m"), 300000);
  EXPECT_EQ(parse_duration_ms("2h"), 7200000);
  EXPECT_EQ(parse_duration_ms("1m30s"), 90000);
  EXPECT_EQ(parse_duration_ms("1.5"), 1500);  // bare numbers are seconds
  EXPECT_FALSE(parse_duration_ms("soon"));
  EXPECT_FALSE(parse_duration_ms("5 fortnights"));
  EXPECT_FALSE(parse_duration_ms(""));
}

TEST(ParseScalars, BoolIntDouble) {
  EXPECT_EQ(parse_bool("Yes"), true);
  EXPECT_EQ(parse_bool("off"), false);
  EXPECT_FALSE(parse_bool("maybe"));
  EXPECT_EQ(parse_int("-42"), -42);
  EXPECT_FALSE(parse_int("42x"));
  EXPECT_FALSE(parse_int("4.2"));
  EXPECT_DOUBLE_EQ(*parse_double("0.25"), 0.25);
  EXPECT_FALSE(parse_double("nan"));
}

TEST(SplitList, CommasEscapesAndBlanks) {
  EXPECT_THAT(split_list(" a, b ,,c\\,d "), ::testing::ElementsAre("a", "b", "c,d"));
  EXPECT_TRUE(split_list("").empty());
}

namespace {
const dp_param_spec kTable[] = {
    {"path", DP_PARAM_PATH, nullptr, 1, "where", nullptr, nullptr, nullptr},
    {"max_size", DP_PARAM_SIZE, "64MiB", 0, "cap", nullptr, "1", "1GiB"},
    {"timeout", DP_PARAM_DURATION, "30s", 0, "time", nullptr, nullptr, nullptr},
    {"output", DP_PARAM_ENUM, "text", 0, "form", "text|markdown", nullptr, nullptr},
    {"include", DP_PARAM_LIST, nullptr, 0, "patterns", nullptr, nullptr, nullptr},
    {"ratio", DP_PARAM_DOUBLE, "0.5", 0, "r", nullptr, "0", "1"},
    {"strict", DP_PARAM_BOOL, "false", 0, "s", nullptr, nullptr, nullptr},
};

std::string config_error(const std::vector<RawParam>& raw) {
  try {
    build_config("clean.html#0", kTable, raw);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST(BuildConfig, DefaultsAndTypedValues) {
  dp_config c = build_config("x", kTable,
                             {{"path", "in/", "f:1:1"}, {"max_size", "8MiB", "f:2:1"},
                              {"include", "*.html", "f:3:1"}, {"include", "*.htm", "f:4:1"}});
  EXPECT_EQ(c.find("path")->text, "in/");
  EXPECT_EQ(c.find("max_size")->integer, 8 << 20);
  EXPECT_EQ(c.find("timeout")->integer, 30000);  // default
  EXPECT_FALSE(c.find("timeout")->explicitly_set);
  EXPECT_EQ(c.find("output")->text, "text");
  EXPECT_THAT(c.find("include")->items, ::testing::ElementsAre("*.html", "*.htm"));  // repeats append
  EXPECT_EQ(c.find("strict")->integer, 0);
}

TEST(BuildConfig, UnknownKeyNamesAllowedAndSuggests) {
  std::string e = config_error({{"path", "x", "p.xml:3:5"}, {"max_sise", "1", "p.xml:4:7"}});
  EXPECT_THAT(e, HasSubstr("p.xml:4:7"));
  EXPECT_THAT(e, HasSubstr("unknown parameter 'max_sise' for clean.html#0"));
  EXPECT_THAT(e, HasSubstr("did you mean 'max_size'"));
  EXPECT_THAT(e, HasSubstr("allowed: path, max_size, timeout, output, include, ratio, strict"));
}

TEST(BuildConfig, WrongTypesSayWhatWasExpected) {
  EXPECT_THAT(config_error({{"path", "x", ""}, {"max_size", "huge", "f:1:2"}}),
              HasSubstr("f:1:2: parameter 'max_size' of clean.html#0 (size): expected a size"));
  EXPECT_THAT(config_error({{"path", "x", ""}, {"timeout", "soon", ""}}),
              HasSubstr("expected a duration"));
  EXPECT_THAT(config_error({{"path", "x", ""}, {"output", "html", ""}}),
              HasSubstr("expected one of text, markdown"));
  EXPECT_THAT(config_error({{"path", "x", ""}, {"strict", "maybe", ""}}),
              HasSubstr("expected true or false"));
}

TEST(BuildConfig, RangesAndRequired) {
  EXPECT_THAT(config_error({{"path", "x", ""}, {"max_size", "2GiB", ""}}),
              HasSubstr("above the maximum 1GiB"));
  EXPECT_THAT(config_error({{"path", "x", ""}, {"ratio", "-0.1", ""}}),
              HasSubstr("below the minimum 0"));
  EXPECT_THAT(config_error({}), HasSubstr("required parameter 'path' (path: where) is not set"));
}

TEST(CheckParamTable, RejectsBadTables) {
  std::string why;
  EXPECT_TRUE(check_param_table(kTable, why)) << why;
  const dp_param_spec bad_default[] = {{"n", DP_PARAM_INT, "ten", 0, "", nullptr, nullptr, nullptr}};
  EXPECT_FALSE(check_param_table(bad_default, why));
  EXPECT_THAT(why, HasSubstr("default of parameter 'n' is invalid"));
  const dp_param_spec bad_name[] = {{"Bad-Name", DP_PARAM_INT, nullptr, 0, "", nullptr, nullptr, nullptr}};
  EXPECT_FALSE(check_param_table(bad_name, why));
  const dp_param_spec twice[] = {{"a", DP_PARAM_INT, nullptr, 0, "", nullptr, nullptr, nullptr},
                                 {"a", DP_PARAM_INT, nullptr, 0, "", nullptr, nullptr, nullptr}};
  EXPECT_FALSE(check_param_table(twice, why));
  const dp_param_spec no_choices[] = {{"e", DP_PARAM_ENUM, nullptr, 0, "", nullptr, nullptr, nullptr}};
  EXPECT_FALSE(check_param_table(no_choices, why));
}
