#include "metadata/dates.hpp"

#include <gtest/gtest.h>

namespace docpipe::clean_html {
namespace {

std::string found(std::string_view text) {
  auto m = find_date(text);
  return m ? m->iso : "none";
}

std::string normalized(std::string_view text) { return normalize_date(text).value_or("none"); }

TEST(Dates, NumericWithTime) {
  EXPECT_EQ(found("2024-02-20 12:57:59"), "2024-02-20T12:57:59");
  EXPECT_EQ(found("发布于 2024-02-20 12:57"), "2024-02-20T12:57:00");
  EXPECT_EQ(found("2024/02/20"), "2024-02-20");
  EXPECT_EQ(found("2024.2.5"), "2024-02-05");
}

TEST(Dates, Chinese) {
  EXPECT_EQ(found("2024年2月20日"), "2024-02-20");
  EXPECT_EQ(found("2024年02月20日 08:30"), "2024-02-20T08:30:00");
  EXPECT_EQ(found("2024年02月20日08:30"), "2024-02-20T08:30:00");
  EXPECT_EQ(found("2024年02月20日\u300008时30分"), "2024-02-20T08:30:00");
}

TEST(Dates, English) {
  EXPECT_EQ(found("Feb 20, 2024"), "2024-02-20");
  EXPECT_EQ(found("Published February 20th, 2024 by staff"), "2024-02-20");
  EXPECT_EQ(found("20 February 2024"), "2024-02-20");
  EXPECT_EQ(found("Updated: Sept. 3, 2023"), "2023-09-03");
  EXPECT_EQ(found("Feb 20, 2024 at 3:05 pm"), "2024-02-20T15:05:00");
  EXPECT_EQ(found("1st March 2020"), "2020-03-01");
}

TEST(Dates, Iso8601WithZones) {
  EXPECT_EQ(normalized("2024-02-20T12:57:59+08:00"), "2024-02-20T12:57:59+08:00");
  EXPECT_EQ(normalized("2024-02-20T12:57:59Z"), "2024-02-20T12:57:59+00:00");
  EXPECT_EQ(normalized("2024-02-20T12:57:59.123-0500"), "2024-02-20T12:57:59-05:00");
  EXPECT_EQ(normalized("  2024-02-20"), "2024-02-20");
  EXPECT_EQ(normalized("20240220"), "2024-02-20");
}

TEST(Dates, Rfc822) {
  EXPECT_EQ(normalized("Tue, 20 Feb 2024 12:57:59 GMT"), "2024-02-20T12:57:59+00:00");
  EXPECT_EQ(normalized("Tue, 20 Feb 2024 12:57:59 +0800"), "2024-02-20T12:57:59+08:00");
}

TEST(Dates, SeparatorAfterTimeIsNoZone) {
  EXPECT_EQ(found("2024-02-20 12:57 - 05 comments"), "2024-02-20T12:57:00");
}

TEST(Dates, ImpossibleDatesAreRejected) {
  EXPECT_EQ(found("2023-02-29"), "none");
  EXPECT_EQ(found("2024-02-30"), "none");
  EXPECT_EQ(found("2024-13-01"), "none");
  EXPECT_EQ(found("1850-01-01"), "none");
  EXPECT_EQ(found("Feb 30, 2024"), "none");
  EXPECT_EQ(normalized("20241340"), "none");
  EXPECT_EQ(found("2024-02-29"), "2024-02-29");  // leap year
}

TEST(Dates, InvalidTimeKeepsTheDate) {
  EXPECT_EQ(found("2024-02-20 25:61"), "2024-02-20");
}

TEST(Dates, NumbersThatAreNotDates) {
  EXPECT_EQ(found("phone 12024-02-20"), "none");
  EXPECT_EQ(found("version 1.2.3"), "none");
  EXPECT_EQ(found("May I help you? 2024 was good"), "none");
  EXPECT_EQ(found(""), "none");
}

TEST(Dates, MatchReportsItsExtent) {
  std::string_view text = "x 2024-02-20 12:57 y";
  auto m = match_date_at(text, 2);
  ASSERT_TRUE(m);
  EXPECT_EQ(text.substr(m->begin, m->end - m->begin), "2024-02-20 12:57");
}

}  // namespace
}  // namespace docpipe::clean_html
