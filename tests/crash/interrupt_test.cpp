// Stopping a run from outside: SIGINT while a stage hangs (drain, then commit),
// a second SIGINT (exit at once, a later run cleans up), and kill -9 of a
// worker process (only the document it held fails).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <sstream>

#include "crash_run.hpp"

namespace docpipe::test::crash {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;

// A pipeline that hangs for good on doc-00005 and reports it in ready_file.
std::string hanging_pipeline(const Workspace& ws, const std::string& doc = "doc-00005") {
  return "test.counter count=1000 ! test.hang on=" + doc + " ready_file=" + ws.path("hanging") +
         " ! export.jsonl path=" + ws.output_path();
}

// The pid that hangs on a document, once the hang has started ("id pid" in
// ready_file); -1 when the run ended (or 60 s passed) first.
pid_t wait_for_hang(const Workspace& ws, pid_t run) {
  std::vector<std::string> lines;
  wait_until(
      [&] {
        lines = read_lines(ws.path("hanging"));
        return !lines.empty() || process_gone(run);
      },
      60s);
  if (lines.empty()) return -1;
  std::istringstream line(lines.front());
  std::string id;
  pid_t pid = -1;
  line >> id >> pid;
  return pid;
}

// After an interrupted run: the documents read are those the output and
// errors.jsonl hold between them, each once; the hung one is `interrupted`.
void expect_interrupted_outcome(const Workspace& ws, const RunResult& run) {
  ASSERT_TRUE(run.stats.written()) << run.err.substr(0, 4000);
  int64_t read = run.stats.documents("read"), ok = run.stats.documents("ok");
  int64_t failed = run.stats.documents("failed"), dropped = run.stats.documents("dropped");
  EXPECT_EQ(read, ok + dropped + failed + run.stats.count("partial").value_or(0))
      << run.stats.text();
  EXPECT_EQ(failed, 1) << run.stats.text();
  EXPECT_EQ(run.stats.result("interrupted"), 1) << run.stats.text();
  auto written = ids_in_jsonl(ws.output_path());
  auto errors = errors_in(ws.errors_path());
  ASSERT_EQ(keys_of(errors), std::set<std::string>{"doc-00005"});
  EXPECT_EQ(errors["doc-00005"].result, "interrupted");
  EXPECT_EQ(errors["doc-00005"].stage, "test.hang#0");
  EXPECT_EQ(static_cast<int64_t>(written.size()), ok);
  // The source reads in order: what was read is doc-00000 .. doc-(read-1).
  EXPECT_EQ(written, without(counter_ids(static_cast<int>(read)), {"doc-00005"}));
  EXPECT_THAT(temp_files_in(ws.out()), IsEmpty());
}

class Interrupt : public ::testing::TestWithParam<std::string> {};

TEST_P(Interrupt, SigintWithAHungStageDrainsForTheDrainTimeoutAndCommits) {
  Workspace ws;
  pid_t pid = ws.spawn(hanging_pipeline(ws),
                       {"--isolation", GetParam(), "--drain-timeout", "2s", "--max-failed", "100"});
  ASSERT_GT(wait_for_hang(ws, pid), 0) << "the stage never started hanging; stderr:\n"
                                       << read_file(ws.path("stderr"));
  auto sent = Clock::now();
  ::kill(pid, SIGINT);
  RunResult run = ws.collect(pid, 20s);
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - sent);
  ASSERT_TRUE(run.exit_code.has_value());
  EXPECT_EQ(*run.exit_code, 130) << run.err.substr(0, 4000);
  // 2 s of drain, and a little for committing and exiting.
  EXPECT_LT(took.count(), 2000 + 3000) << "stopping took " << took.count() << " ms";
  expect_interrupted_outcome(ws, run);
}

TEST_P(Interrupt, ASecondSigintExitsAtOnceAndTheNextRunRemovesTheTempFiles) {
  Workspace ws;
  pid_t pid = ws.spawn(hanging_pipeline(ws), {"--isolation", GetParam(), "--drain-timeout", "60s"});
  ASSERT_GT(wait_for_hang(ws, pid), 0) << "the stage never started hanging; stderr:\n"
                                       << read_file(ws.path("stderr"));
  ::kill(pid, SIGINT);
  // The second must not merge into the first while it is still pending.
  ASSERT_TRUE(wait_until([&] { return signal_taken(pid, SIGINT); }, 10s));
  std::vector<pid_t> workers = child_pids(pid);
  auto sent = Clock::now();
  ::kill(pid, SIGINT);
  RunResult run = ws.collect(pid, 20s);
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - sent);
  ASSERT_TRUE(run.exit_code.has_value());
  EXPECT_EQ(*run.exit_code, 130) << run.err.substr(0, 4000);
  EXPECT_LT(took.count(), 5000) << "the second SIGINT took " << took.count() << " ms, not at once";
  // Whatever was committed is whole (a complete file, every line a record).
  if (fs::exists(ws.output_path())) ids_in_jsonl(ws.output_path());
  // No worker outlives the run.
  for (pid_t w : workers)
    EXPECT_TRUE(wait_until([&] { return process_gone(w); }, 5s))
        << "worker " << w << " outlived the run";

  Workspace later_streams;  // the later run's own stdout/stderr/stats
  RunResult later = later_streams.run(
      "test.counter count=10 ! test.text ! export.jsonl overwrite=true path=" + ws.output_path(),
      {"--isolation", GetParam()});
  ASSERT_TRUE(later.exit_code.has_value());
  EXPECT_EQ(*later.exit_code, 0) << later.err.substr(0, 4000);
  EXPECT_EQ(ids_in_jsonl(ws.output_path()), counter_ids(10));
  EXPECT_THAT(temp_files_in(ws.out()), IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Modes, Interrupt, ::testing::Values("none", "process"),
                         [](const auto& info) {
                           return info.param == "none" ? "InProcess" : "Isolated";
                         });

// kill -9 from outside of the worker hanging on doc-00300 and, when
// kill_others, of every other worker too (busy or idle, just before the run
// finishes): each may lose at most the document it held.
void kill_workers_and_check(bool kill_others) {
  Workspace ws;
  // The deadline only ends the run if the kill is not noticed (then the document is a timeout, not
  // a crash).
  pid_t pid = ws.spawn(hanging_pipeline(ws, "doc-00300"),
                       {"--isolation", "process", "--doc-timeout", "60s", "--max-failed", "100"});
  pid_t hanging = wait_for_hang(ws, pid);
  ASSERT_GT(hanging, 0) << "the stage never started hanging; stderr:\n"
                        << read_file(ws.path("stderr"));
  ASSERT_NE(hanging, pid) << "the stage ran in the host process, not in a worker";
  std::vector<pid_t> workers = child_pids(pid);
  ASSERT_THAT(workers, Contains(hanging))
      << "the hanging process is not a worker of the docpipe process";
  for (pid_t w : workers)
    if (kill_others && w != hanging) ::kill(w, SIGKILL);
  ::kill(hanging, SIGKILL);
  RunResult run = ws.collect(pid, 60s);
  ASSERT_TRUE(run.exit_code.has_value());
  EXPECT_EQ(*run.exit_code, 0) << run.err.substr(0, 4000);
  ASSERT_TRUE(run.stats.written()) << run.err.substr(0, 4000);

  auto errors = errors_in(ws.errors_path());
  ASSERT_TRUE(errors.count("doc-00300")) << "the document held by the killed worker was not failed";
  EXPECT_EQ(errors["doc-00300"].result, "crash");
  EXPECT_THAT(errors["doc-00300"].message, ::testing::ContainsRegex("SIGKILL|signal 9"));
  size_t other_workers = kill_others ? workers.size() - 1 : 0;
  EXPECT_LE(errors.size(), 1 + other_workers) << "more documents failed than workers were killed";
  for (const auto& [id, record] : errors) EXPECT_EQ(record.result, "crash") << id;
  int64_t read = run.stats.documents("read");
  EXPECT_EQ(read, 1000);
  EXPECT_EQ(run.stats.documents("failed"), static_cast<int64_t>(errors.size())) << run.stats.text();
  EXPECT_EQ(run.stats.documents("ok"), read - static_cast<int64_t>(errors.size()))
      << run.stats.text();
  EXPECT_EQ(ids_in_jsonl(ws.output_path()), without(counter_ids(1000), keys_of(errors)));
  EXPECT_THAT(temp_files_in(ws.out()), IsEmpty());
}

TEST(KilledWorker, Kill9OfTheWorkerHoldingADocumentFailsOnlyThatDocument) {
  kill_workers_and_check(false);
}

TEST(KilledWorker, Kill9OfEveryWorkerFailsAtMostTheDocumentsTheyHeld) {
  kill_workers_and_check(true);
}

}  // namespace
}  // namespace docpipe::test::crash
