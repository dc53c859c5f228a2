#include <docpipe_warc/warc_date.hpp>
#include <gtest/gtest.h>

namespace {

using namespace docpipe::warc;

TEST(WarcDate, ParsesW3cDtfForms) {
  EXPECT_EQ(parse_warc_date("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_warc_date("2024-05-01T12:34:56Z"), 1714566896000);
  EXPECT_EQ(parse_warc_date("2024-05-01T12:34:56.789Z"), 1714566896789);
  EXPECT_EQ(parse_warc_date("2024-05-01T12:34Z"), 1714566840000);
  EXPECT_EQ(parse_warc_date("2024-05-01"), 1714521600000);
  EXPECT_FALSE(parse_warc_date("yesterday"));
  EXPECT_FALSE(parse_warc_date("2024-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_warc_date("2024-05-01T12:34:56"));
}

TEST(WarcDate, FormatsSeconds) {
  EXPECT_EQ(format_warc_date(1714566896789), "2024-05-01T12:34:56Z");
  EXPECT_EQ(parse_warc_date(warc_date_now()).has_value(), true);
}

}  // namespace
