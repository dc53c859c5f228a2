// Sinks that fail: a component error in one sink commits every other sink's
// output and accounts for what the broken sink did not get; a document failed
// by a sink after another sink wrote it is `partial`, never both ok and failed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crash_run.hpp"

namespace docpipe::test::crash {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::set<std::string> lines_of(const std::string& path) {
  std::set<std::string> ids;
  for (const auto& line : read_lines(path)) ids.insert(line);
  return ids;
}

std::map<std::string, ErrorRecord> with_result(const std::map<std::string, ErrorRecord>& all,
                                               const std::string& result) {
  std::map<std::string, ErrorRecord> some;
  for (const auto& [id, r] : all)
    if (r.result == result) some.emplace(id, r);
  return some;
}

struct SinkCase {
  std::string isolation;
  bool broken_first;  // the broken sink before export.jsonl, or after it
};

void PrintTo(const SinkCase& c, std::ostream* os) {
  *os << "isolation " << c.isolation
      << (c.broken_first ? ", broken sink first" : ", broken sink last");
}

class BrokenSink : public ::testing::TestWithParam<SinkCase> {};

TEST_P(BrokenSink, CommitsTheOtherSinkAndCountsWhatTheBrokenOneMissedAsPartial) {
  Workspace ws;
  std::string exporter = "export.jsonl path=" + ws.output_path();
  // In out/, like export.jsonl's file: errors.jsonl goes beside the first sink's path.
  std::string broken = "test.sink_broken on=doc-00500 path=" + ws.out("broken.ids");
  std::string sinks =
      GetParam().broken_first ? broken + " ! " + exporter : exporter + " ! " + broken;
  RunResult run = ws.run("test.counter count=1000 ! test.text ! " + sinks,
                         {"--isolation", GetParam().isolation});
  ASSERT_TRUE(run.exit_code.has_value());
  EXPECT_EQ(*run.exit_code, 4) << run.err.substr(0, 4000);
  EXPECT_THAT(run.err, HasSubstr("broke on purpose at doc-00500"));
  ASSERT_TRUE(run.stats.written()) << run.err.substr(0, 4000);

  int64_t read = run.stats.documents("read"), ok = run.stats.documents("ok");
  int64_t partial = run.stats.documents("partial");
  EXPECT_EQ(read, ok + run.stats.documents("dropped") + run.stats.documents("failed") + partial)
      << run.stats.text();
  EXPECT_GT(read, 500) << run.stats.text();
  EXPECT_GE(partial, 1) << run.stats.text();
  EXPECT_EQ(run.stats.result("partial"), partial) << run.stats.text();

  // export.jsonl was committed with every document read, the broken sink's or not.
  std::set<std::string> exported = ids_in_jsonl(ws.output_path());
  EXPECT_EQ(exported, counter_ids(static_cast<int>(read)));
  // The broken sink got the ok ones; errors.jsonl names the others as partial.
  std::set<std::string> accepted = lines_of(ws.out("broken.ids"));
  EXPECT_EQ(static_cast<int64_t>(accepted.size()), ok);
  auto errors = errors_in(ws.errors_path());
  auto partials = with_result(errors, "partial");
  EXPECT_EQ(partials.size(), errors.size()) << "only partial documents belong in errors.jsonl here";
  EXPECT_EQ(keys_of(partials), without(exported, accepted));
  EXPECT_TRUE(partials.count("doc-00500"));
  for (const auto& [id, r] : partials)
    EXPECT_THAT(r.stage + " " + r.message, HasSubstr("test.sink_broken")) << id;
  EXPECT_THAT(temp_files_in(ws.out()), IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Modes, BrokenSink,
                         ::testing::Values(SinkCase{"none", false}, SinkCase{"none", true},
                                           SinkCase{"process", false}),
                         [](const auto& info) {
                           return std::string(info.param.isolation == "none" ? "InProcess"
                                                                             : "Isolated") +
                                  (info.param.broken_first ? "BrokenFirst" : "BrokenLast");
                         });

class RejectingSink : public ::testing::TestWithParam<std::string> {};

TEST_P(RejectingSink, ADocumentFailedAfterAnotherSinkWroteItIsPartial) {
  Workspace ws;
  RunResult run =
      ws.run("test.counter count=1000 ! test.text ! export.jsonl path=" + ws.output_path() +
                 " ! test.sink_reject every=100 path=" + ws.out("accepted.ids"),
             {"--isolation", GetParam(), "--max-failed", "100"});
  ASSERT_TRUE(run.exit_code.has_value());
  EXPECT_EQ(*run.exit_code, 0) << run.err.substr(0, 4000);
  ASSERT_TRUE(run.stats.written()) << run.err.substr(0, 4000);
  std::set<std::string> rejected;
  for (int k = 99; k < 1000; k += 100) rejected.insert(*std::next(counter_ids(1000).begin(), k));

  EXPECT_EQ(run.stats.documents("read"), 1000);
  EXPECT_EQ(run.stats.documents("ok"), 990) << run.stats.text();
  EXPECT_EQ(run.stats.documents("partial"), 10) << run.stats.text();
  EXPECT_EQ(run.stats.documents("failed"), 0) << run.stats.text();
  EXPECT_EQ(run.stats.documents("dropped"), 0) << run.stats.text();
  EXPECT_EQ(run.stats.result("partial"), 10) << run.stats.text();
  // export.jsonl has all of them; the rejecting sink the others; errors.jsonl says which is which.
  EXPECT_EQ(ids_in_jsonl(ws.output_path()), counter_ids(1000));
  EXPECT_EQ(lines_of(ws.out("accepted.ids")), without(counter_ids(1000), rejected));
  auto errors = errors_in(ws.errors_path());
  EXPECT_EQ(keys_of(errors), rejected);
  for (const auto& [id, r] : errors) {
    EXPECT_EQ(r.result, "partial") << id;
    EXPECT_EQ(r.stage, "test.sink_reject#0") << id;
    EXPECT_THAT(r.message, HasSubstr("export.jsonl"))
        << id << ": the message names the sinks that have it";
  }
  EXPECT_THAT(temp_files_in(ws.out()), IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Modes, RejectingSink, ::testing::Values("none", "process"),
                         [](const auto& info) {
                           return info.param == "none" ? "InProcess" : "Isolated";
                         });

}  // namespace
}  // namespace docpipe::test::crash
