#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <docpipe/plugin.h>

#include <unistd.h>

#include <cstdlib>

#include "progress_line.hpp"

using namespace docpipe;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

namespace {

ProgressSnapshot bytes_snapshot(uint64_t done, uint64_t total, double elapsed) {
  ProgressSnapshot s;
  s.elapsed_seconds = elapsed;
  s.read = 120;
  s.ok = 100;
  s.dropped = 15;
  s.failed = 5;
  s.bytes_in = 3'000'000;
  s.source_done = done;
  s.source_total = total;
  s.source_unit = DP_PROGRESS_BYTES;
  return s;
}

std::string log_line(const ProgressSnapshot& s) {
  ProgressLine line(ProgressLine::Mode::log);
  return line.render(s);
}

// The cells between '[' and ']' after the percentage.
std::string bar_of(const std::string& line) {
  size_t open = line.find("% [") + 2;
  size_t close = line.find(']', open);
  return line.substr(open + 1, close - open - 1);
}

}  // namespace

TEST(ProgressLine, BarAtZeroPercent) {
  std::string l = log_line(bytes_snapshot(0, 27'000'000, 2.0));
  EXPECT_THAT(l, StartsWith("[docpipe]   0% ["));
  EXPECT_EQ(bar_of(l), std::string(30, '-'));
  EXPECT_THAT(l, HasSubstr("] 0 B/27.00 MB, "));
  EXPECT_THAT(l, HasSubstr("ETA ?")) << "no progress yet, so no rate to extrapolate from";
  EXPECT_THAT(l, EndsWith("\n"));
}

TEST(ProgressLine, BarAtFortyFivePercent) {
  // 45 % of the input in 10 s: 12.15 MB at 1.215 MB/s, 14.85 MB (about 12.2 s) to go.
  std::string l = log_line(bytes_snapshot(12'150'000, 27'000'000, 10.0));
  EXPECT_THAT(l, StartsWith("[docpipe]  45% ["));
  EXPECT_EQ(bar_of(l), std::string(13, '#') + std::string(17, '-'));
  EXPECT_THAT(l, HasSubstr("] 12.15/27.00 MB, 1.22 MB/s, 12.0 docs/s, ETA 00:12, 00:10 elapsed"));
  EXPECT_THAT(l, HasSubstr("120 read: 100 ok, 15 dropped, 5 failed"));
  EXPECT_THAT(l, Not(HasSubstr("partial")));
}

TEST(ProgressLine, BarAtHundredPercentAndSourceOvershoot) {
  std::string l = log_line(bytes_snapshot(27'000'000, 27'000'000, 20.0));
  EXPECT_THAT(l, StartsWith("[docpipe] 100% ["));
  EXPECT_EQ(bar_of(l), std::string(30, '#'));
  EXPECT_THAT(l, HasSubstr("ETA 00:00"));
  // A source that reads more than it announced never shows more than 100 %.
  std::string over = log_line(bytes_snapshot(30'000'000, 27'000'000, 20.0));
  EXPECT_THAT(over, StartsWith("[docpipe] 100% ["));
  EXPECT_THAT(over, HasSubstr("] 27.00/27.00 MB, "));
}

TEST(ProgressLine, ItemsShowCountsAndAllRates) {
  ProgressSnapshot s = bytes_snapshot(250, 1000, 5.0);
  s.source_unit = DP_PROGRESS_ITEMS;
  s.partial = 2;
  std::string l = log_line(s);
  EXPECT_THAT(l, StartsWith("[docpipe]  25% ["));
  EXPECT_THAT(l, HasSubstr("] 250/1000 items, 50.0 items/s, 24.0 docs/s, 0.60 MB/s, ETA 00:15"));
  EXPECT_THAT(l, HasSubstr("ETA 00:15"));
  EXPECT_THAT(l, HasSubstr("100 ok, 2 partial, 15 dropped"));
}

TEST(ProgressLine, EtaFormatting) {
  EXPECT_EQ(format_duration(0), "00:00");
  EXPECT_EQ(format_duration(59.4), "00:59");
  EXPECT_EQ(format_duration(59.6), "01:00");
  EXPECT_EQ(format_duration(3599), "59:59");
  EXPECT_EQ(format_duration(3600), "1:00:00");
  EXPECT_EQ(format_duration(100 * 3600 + 62), "100:01:02");
  EXPECT_EQ(format_duration(-1), "?");
  EXPECT_EQ(format_duration(1.0 / 0.0), "?");
  // Two hours to go: 1/3 done in one hour.
  std::string l = log_line(bytes_snapshot(1'000'000, 3'000'000, 3600));
  EXPECT_THAT(l, HasSubstr("ETA 2:00:00, 1:00:00 elapsed"));
}

TEST(ProgressLine, HumanAmounts) {
  EXPECT_EQ(format_amount(999, DP_PROGRESS_BYTES), "999 B");
  EXPECT_EQ(format_amount(1000, DP_PROGRESS_BYTES), "1.00 KB");
  EXPECT_EQ(format_amount(123'400, DP_PROGRESS_BYTES), "123.4 KB");
  EXPECT_EQ(format_amount(999'999, DP_PROGRESS_BYTES), "1.00 MB");
  EXPECT_EQ(format_amount(4'500'000'000, DP_PROGRESS_BYTES), "4.50 GB");
  EXPECT_EQ(format_amount(7, DP_PROGRESS_ITEMS), "7 items");
}

TEST(ProgressLine, UnknownTotalShowsCountsAndRatesOnly) {
  ProgressSnapshot s = bytes_snapshot(0, 0, 4.0);
  s.source_unit = 0;  // the source never reported
  std::string l = log_line(s);
  EXPECT_EQ(l,
            "[docpipe] 30.0 docs/s, 0.75 MB/s, 00:04 elapsed | 120 read: 100 ok, 15 dropped, 5 "
            "failed\n");
  // Reported without a total (stdin): the amount consumed, still no bar or ETA.
  s.source_unit = DP_PROGRESS_BYTES;
  s.source_done = 2'500'000;
  l = log_line(s);
  EXPECT_THAT(l, HasSubstr(", input 2.50 MB, "));
  EXPECT_THAT(l, Not(HasSubstr("ETA")));
  EXPECT_THAT(l, Not(HasSubstr("%")));
}

TEST(ProgressLine, NamesStagesPastTheirDeadline) {
  ProgressSnapshot s = bytes_snapshot(0, 0, 50.0);
  s.overdue.push_back({"clean.html#1", "doc-00017", 42.3, 30});
  s.overdue.push_back({"segment.words#0", "bad\nid", 0.75, 0.5});
  std::string l = log_line(s);
  EXPECT_THAT(l, HasSubstr(" | overdue: clean.html#1 on doc-00017 for 42s > 30s; "
                           "segment.words#0 on bad?id for 0.8s > 0.5s | 120 read"));
  EXPECT_EQ(l.find('\n'), l.size() - 1) << "an id's newline must not break the line";
}

TEST(ProgressLine, TerminalRedrawsOneLinePaddedToTheWidth) {
  ProgressLine line(ProgressLine::Mode::terminal, 200);
  std::string l = line.render(bytes_snapshot(12'150'000, 27'000'000, 10.0));
  ASSERT_THAT(l, StartsWith("\r[docpipe]  45% ["));
  EXPECT_EQ(l.size(), 1 + 199u) << "padded to one less than the width";
  EXPECT_EQ(bar_of(l), std::string(13, '#') + std::string(17, '-'));
  EXPECT_EQ(l.find('\n'), std::string::npos);
  EXPECT_EQ(line.finish(), "\n");
  EXPECT_EQ(line.finish(), "") << "nothing drawn since";
  ProgressLine log(ProgressLine::Mode::log);
  log.render(bytes_snapshot(0, 0, 1));
  EXPECT_EQ(log.finish(), "");
}

TEST(ProgressLine, NarrowTerminalShrinksTheBarThenTheCountsThenCuts) {
  ProgressSnapshot s = bytes_snapshot(12'150'000, 27'000'000, 10.0);
  ProgressLine wide(ProgressLine::Mode::terminal, 200);
  const size_t full = wide.render(s).find_last_not_of(' ');  // "\r" + content
  // Five columns short of the full line: the bar gives them up.
  ProgressLine five_short(ProgressLine::Mode::terminal, full - 4);
  std::string l = five_short.render(s);
  EXPECT_EQ(l.size(), full - 4);
  EXPECT_EQ(bar_of(l).size(), 25u);
  EXPECT_THAT(l, HasSubstr("5 failed"));
  // At 100 columns the elapsed time and the breakdown of the counts go before
  // the bar drops below 10 cells.
  ProgressLine hundred(ProgressLine::Mode::terminal, 100);
  l = hundred.render(s);
  EXPECT_EQ(l.size(), 100u);
  EXPECT_THAT(l, Not(HasSubstr("100 ok")));
  EXPECT_THAT(l, Not(HasSubstr("elapsed")));
  EXPECT_THAT(l, HasSubstr("ETA 00:12 | 120 read, 5 failed"));
  EXPECT_GE(bar_of(l).size(), 10u);
  // A stage past its deadline is kept when the progress figures no longer fit.
  ProgressSnapshot stuck = s;
  stuck.overdue.push_back({"clean.html#1", "doc-00017", 42, 30});
  ProgressLine again(ProgressLine::Mode::terminal, 100);
  l = again.render(stuck);
  EXPECT_EQ(l.size(), 100u);
  EXPECT_THAT(l, HasSubstr("overdue: clean.html#1 on doc-00017 for 42s > 30s"));
  // Very narrow: a hard cut, still one line of exactly the width.
  ProgressLine tiny(ProgressLine::Mode::terminal, 30);
  l = tiny.render(s);
  EXPECT_EQ(l, "\r[docpipe]  45% [####------] 1");
  // A long id is shortened in the middle, never splitting a UTF-8 character,
  // and the padding counts characters, not bytes.
  s.overdue.push_back({"clean.html#0", "\xc3\xa9" + std::string(300, 'x') + "\xc3\xa9", 40, 30});
  ProgressLine cut(ProgressLine::Mode::terminal, 100);
  l = cut.render(s);
  EXPECT_THAT(l, HasSubstr("on \xc3\xa9xxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxx\xc3\xa9 for 40s"));
  EXPECT_EQ(l.size(), 1 + 99u + 2) << "99 columns, two of them two bytes long";
}

TEST(ProgressLine, WidthFromColumnsWhenNotATerminal) {
  // A pipe is not a terminal, so COLUMNS decides, and 100 without it.
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const char* old = std::getenv("COLUMNS");
  std::string saved = old ? old : "";
  setenv("COLUMNS", "57", 1);
  EXPECT_EQ(terminal_width(fds[1]), 57u);
  setenv("COLUMNS", "wide", 1);
  EXPECT_EQ(terminal_width(fds[1]), 100u);
  unsetenv("COLUMNS");
  EXPECT_EQ(terminal_width(fds[1]), 100u);
  EXPECT_EQ(ProgressLine::for_fd(fds[1]).mode(), ProgressLine::Mode::log);
  if (old) setenv("COLUMNS", saved.c_str(), 1);
  close(fds[0]);
  close(fds[1]);
}
