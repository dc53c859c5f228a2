// Stages that crash, abort, exit, hang, leak, run out of memory or print to
// stdout on chosen documents, run through the real CLI: exactly the chosen
// documents fail with the right result and stage, every other document is
// written once, and the counts add up.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crash_run.hpp"

namespace docpipe::test::crash {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

const std::string counter = "test.counter count=1000 ! ";
const std::vector<std::string> isolated = {"--isolation", "process", "--max-failed", "100"};

std::string export_to(const Workspace& ws) { return " ! export.jsonl path=" + ws.output_path(); }

std::vector<std::string> with(std::vector<std::string> options,
                              const std::vector<std::string>& more) {
  options.insert(options.end(), more.begin(), more.end());
  return options;
}

// Under the sanitizers the NULL write is caught and reported first: by
// UBSan as a runtime error (exit 1 with halt_on_error) or by ASan as a
// SEGV that ends in abort(); the report's stack trace then fills the last
// output lines that travel with the crash.
#ifdef __SANITIZE_ADDRESS__
const char* const segv_named = "SIGABRT|signal 6|exited with code 1";
constexpr bool kLastWordsKept = false;
#else
constexpr bool kLastWordsKept = true;
const char* const segv_named = "SIGSEGV|signal 11";
#endif

TEST(IsolatedStage, SegfaultFailsExactlyTheChosenDocumentsAsCrashes) {
  Workspace ws;
  RunResult run =
      ws.run(counter + "test.segfault on=doc-00017 every=250" + export_to(ws), isolated);
  std::set<std::string> chosen = {"doc-00017", "doc-00249", "doc-00499", "doc-00749", "doc-00999"};
  expect_outcome(ws, run, {0, 1000, all_as(chosen, "crash"), "test.segfault#0"});
  auto errors = errors_in(ws.errors_path());
  ASSERT_TRUE(errors.count("doc-00017"));
  EXPECT_THAT(errors["doc-00017"].message, ContainsRegex(segv_named));
  // The worker's last log lines travel with the crash.
  if (kLastWordsKept) {
    EXPECT_THAT(errors["doc-00017"].message, HasSubstr("writing through NULL on doc-00017"));
  }
  EXPECT_THAT(errors["doc-00017"].message, HasSubstr("its last output:"));
  EXPECT_GE(run.stats.worker_restarts(), 5) << run.stats.text();
  EXPECT_GT(run.stats.workers_peak_rss(), 0) << run.stats.text();
}

TEST(IsolatedStage, AbortFailsTheChosenDocumentsAsCrashes) {
  Workspace ws;
  RunResult run = ws.run(counter + "test.abort on=doc-00017,doc-00042" + export_to(ws), isolated);
  expect_outcome(ws, run, {0, 1000, all_as({"doc-00017", "doc-00042"}, "crash"), "test.abort#0"});
  EXPECT_THAT(errors_in(ws.errors_path())["doc-00042"].message, ContainsRegex("SIGABRT|signal 6"));
}

TEST(IsolatedStage, ExitFailsTheChosenDocumentsAsCrashesNamingTheCode) {
  Workspace ws;
  RunResult run =
      ws.run(counter + "test.exit on=doc-00017,doc-00042 code=7" + export_to(ws), isolated);
  expect_outcome(ws, run, {0, 1000, all_as({"doc-00017", "doc-00042"}, "crash"), "test.exit#0"});
  EXPECT_THAT(errors_in(ws.errors_path())["doc-00017"].message, ContainsRegex("exit[^0-9]*7"));
}

TEST(IsolatedStage, CrashesCountAsFailuresForMaxFailed) {
  Workspace ws;
  RunResult run = ws.run(counter + "test.segfault on=doc-00017,doc-00042" + export_to(ws),
                         {"--isolation", "process", "--max-failed", "1"});
  // Over the limit: exit 3, and still every other document is written.
  expect_outcome(ws, run,
                 {3, 1000, all_as({"doc-00017", "doc-00042"}, "crash"), "test.segfault#0"});
}

TEST(IsolatedStage, ACrashIsRetriedOnAFreshWorkerWhenAsked) {
  Workspace ws;
  // Crashes the first time only: the retry succeeds and nothing fails.
  RunResult run =
      ws.run(counter + "test.segfault on=doc-00017 once_file=" + ws.path("crashed") + export_to(ws),
             with(isolated, {"--crash-retries", "1"}));
  ASSERT_TRUE(fs::exists(ws.path("crashed"))) << "the chosen document never crashed";
  expect_outcome(ws, run, {0, 1000, {}, "test.segfault#0"});
  EXPECT_GE(run.stats.worker_restarts(), 1) << run.stats.text();
}

TEST(IsolatedStage, ADocumentThatAlwaysCrashesFailsOnceAfterItsRetries) {
  Workspace ws;
  RunResult run = ws.run(counter + "test.segfault on=doc-00017" + export_to(ws),
                         with(isolated, {"--crash-retries", "2"}));
  expect_outcome(ws, run, {0, 1000, {{"doc-00017", "crash"}}, "test.segfault#0"});
  EXPECT_GE(run.stats.worker_restarts(), 3) << run.stats.text();
}

TEST(IsolatedStage, AHangingStageIsKilledAtTheDeadline) {
  Workspace ws;
  RunResult run = ws.run(counter + "test.hang on=doc-00017,doc-00042" + export_to(ws),
                         with(isolated, {"--doc-timeout", "1s"}));
  expect_outcome(ws, run, {0, 1000, all_as({"doc-00017", "doc-00042"}, "timeout"), "test.hang#0"});
}

TEST(IsolatedStage, ExceedingTheMemoryCapFailsTheDocumentAsOom) {
  Workspace ws;
  RunResult run = ws.run(counter + "test.alloc on=doc-00017 size=1GiB" + export_to(ws),
                         with(isolated, {"--worker-memory", "256MiB"}));
  expect_outcome(ws, run, {0, 1000, {{"doc-00017", "oom"}}, "test.alloc#0"});
}

TEST(IsolatedStage, RecyclingWorkersContainsALeak) {
  Workspace ws;
  // 1 MiB kept per document: 500 MiB per worker by the end without recycling,
  // at most 50 MiB (plus the process itself) with a worker per 50 documents.
  RunResult run = ws.run(counter + "test.leak every=1 bytes=1MiB" + export_to(ws),
                         with(isolated, {"--worker-max-docs", "50"}));
  expect_outcome(ws, run, {0, 1000, {}, "test.leak#0"});
  EXPECT_GE(run.stats.worker_restarts(), 1000 / 50 - 2) << run.stats.text();
  int64_t workers_peak = run.stats.workers_peak_rss();
  EXPECT_GT(workers_peak, 25LL << 20)
      << "the leak should show in the workers' peak: " << run.stats.text();
  EXPECT_LT(workers_peak, 250LL << 20) << run.stats.text();
  int64_t host_peak = run.stats.count("peak_rss_host_bytes").value_or(-1);
  EXPECT_GT(host_peak, 0) << run.stats.text();
  EXPECT_LT(host_peak, 250LL << 20) << "the host grew with the workers' leak: " << run.stats.text();
}

// Only the one stage that needs it runs in a worker.
TEST(IsolatedStage, PerStageIsolationAndTimeoutInXml) {
  Workspace ws;
  std::string xml = ws.path("pipeline.xml");
  write_file(xml, R"(<?xml version="1.0" encoding="UTF-8"?>
<pipeline name="crash-test">
  <source use="test.counter"><param name="count">1000</param></source>
  <stage use="test.jitter"><param name="max">0ms</param></stage>
  <stage use="test.segfault" isolation="process"><param name="on">doc-00017</param></stage>
  <stage use="test.hang" isolation="process" timeout="1s"><param name="on">doc-00042</param></stage>
  <sink use="export.jsonl"><param name="path">)" +
                      ws.output_path() + R"(</param></sink>
</pipeline>
)");
  RunResult run = ws.run(xml, {"--max-failed", "100"});
  expect_outcome(ws, run,
                 {0, 1000, {{"doc-00017", "crash"}, {"doc-00042", "timeout"}}, "test.segfault#0"},
                 {{"doc-00042", "test.hang#0"}});
}

// The cases that apply with and without isolation.
class AnyIsolation : public ::testing::TestWithParam<std::string> {
 protected:
  std::vector<std::string> options(const std::vector<std::string>& more = {}) const {
    return with({"--isolation", GetParam(), "--max-failed", "100"}, more);
  }
};

// In-process the stuck call cannot be stopped; the watchdog names it, and the
// document counts as a timeout once the stage returns.
TEST_P(AnyIsolation, AStageOverTheDeadlineIsATimeoutAndNamed) {
  Workspace ws;
  RunResult run = ws.run(counter + "test.hang on=doc-00017 duration=3s" + export_to(ws),
                         options({"--doc-timeout", "500ms"}));
  expect_outcome(ws, run, {0, 1000, {{"doc-00017", "timeout"}}, "test.hang#0"});
  if (GetParam() == "none") {
    EXPECT_THAT(run.err, HasSubstr("test.hang#0"));
    EXPECT_THAT(run.err, HasSubstr("doc-00017"));
  }
}

TEST_P(AnyIsolation, AChattyStageLeavesStandardOutputValidJsonl) {
  Workspace ws;
  RunResult run = ws.run(counter + "test.chatty every=10 ! export.jsonl path=-", options());
  ASSERT_TRUE(run.exit_code.has_value());
  EXPECT_EQ(*run.exit_code, 0) << run.err.substr(0, 4000);
  EXPECT_EQ(ids_in_jsonl_text(run.out, "standard output"), counter_ids(1000));
  // What the plugin printed went to stderr instead.
  EXPECT_THAT(run.err, HasSubstr("chatty: printf on doc-00009"));
  EXPECT_THAT(run.err, HasSubstr("write(1) on doc-00999"));
  EXPECT_EQ(run.stats.documents("ok"), 1000) << run.stats.text();
  EXPECT_THAT(temp_files_in(ws.out()), ::testing::IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Modes, AnyIsolation, ::testing::Values("none", "process"),
                         [](const auto& info) {
                           return info.param == "none" ? "InProcess" : "Isolated";
                         });

}  // namespace
}  // namespace docpipe::test::crash
