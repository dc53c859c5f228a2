// docpipe on a real one-node Slurm cluster (tests/support/slurm_cluster.hpp):
// a pipeline run as a 4-task job array gives, document for document, what
// one process gives; and a task killed with SIGKILL mid-run, rerun, resumes
// without losing or duplicating a document. Skipped, with the reason, where
// the daemons cannot start (not root, no packages).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <csignal>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

#include "slurm_cluster.hpp"
#include "test_support.hpp"

using docpipe::test::CliResult;
using docpipe::test::poll_until;
using docpipe::test::read_file;
using docpipe::test::read_lines;
using docpipe::test::run_cli;
using docpipe::test::SlurmCluster;
using docpipe::test::TempDir;
using docpipe::test::write_file;
using ::testing::HasSubstr;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

//! id -> record (serialized, fetch time removed) over every final .jsonl file in dir,
//! and the ids seen more than once.
struct Records {
  std::map<std::string, std::string> by_id;
  std::vector<std::string> duplicates;
  size_t files = 0;
};

Records read_records(const fs::path& dir) {
  Records r;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    // Temporary parts start with '.'; the state directory is not output.
    if (!e.is_regular_file() || name.front() == '.' || e.path().extension() != ".jsonl" ||
        e.path().string().find("_docpipe_state") != std::string::npos)
      continue;
    ++r.files;
    for (const auto& line : read_lines(e.path())) {
      auto o = boost::json::parse(line).as_object();
      if (auto* m = o.if_contains("metadata"); m != nullptr && m->is_object()) m->as_object().erase("fetch_time");
      std::string id(o.at("id").as_string());
      if (!r.by_id.emplace(id, boost::json::serialize(o)).second) r.duplicates.push_back(id);
    }
  }
  return r;
}

//! Expects got to hold exactly the records of want, naming the first differences.
void expect_same_records(const Records& want, const Records& got) {
  EXPECT_TRUE(got.duplicates.empty()) << got.duplicates.size() << " duplicated ids, e.g. " << got.duplicates.front();
  EXPECT_EQ(got.by_id.size(), want.by_id.size());
  int shown = 0;
  for (const auto& [id, rec] : want.by_id) {
    auto it = got.by_id.find(id);
    if (it == got.by_id.end()) {
      if (shown++ < 5) ADD_FAILURE() << "missing from the sharded run: " << id;
    } else if (it->second != rec) {
      if (shown++ < 5) ADD_FAILURE() << "differs: " << id << "\n  one process: " << rec << "\n  sharded:     " << it->second;
    }
  }
  for (const auto& [id, rec] : got.by_id)
    if (!want.by_id.count(id) && shown++ < 10) ADD_FAILURE() << "only in the sharded run: " << id;
}

//! The per-task logs, for failure messages.
std::string task_logs(const std::string& state) {
  std::string out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(state + "/slurm/logs", ec))
    out += "--- " + e.path().filename().string() + "\n" + read_file(e.path());
  return out;
}

//! Polls docpipe status until it stops saying "not finished" (5), within limit.
CliResult wait_for_shards(const std::string& state, int shards, std::chrono::seconds limit) {
  CliResult last;
  poll_until(limit, [&] {
    last = run_cli({"status", state, "--shards", std::to_string(shards)});
    return last.exit_code != 5;
  });
  return last;
}

class SlurmE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t0 = Clock::now();
    cluster_ = std::make_unique<SlurmCluster>(dir_);
    if (!cluster_->ok()) GTEST_SKIP() << "no Slurm cluster: " << cluster_->why();
    std::printf("[ slurm    ] cluster up in %.2f s (%d CPUs)\n", seconds_since(t0), cluster_->cpus());
    std::fflush(stdout);
  }
  void TearDown() override {
    if (HasFailure() && cluster_ && cluster_->ok())
      std::printf("%s%s\nSlurm daemons:\n%s", task_logs(dir_ / "state").c_str(), task_logs(dir_ / "state dir").c_str(),
                  cluster_->logs().c_str());
    std::fflush(stdout);
  }

  TempDir dir_;
  std::unique_ptr<SlurmCluster> cluster_;
};

// The quickstart's sample pages, many times: English ones written here, and
// GBK-encoded Chinese ones made from examples/data/zh-news.html with an ASCII
// marker (ASCII is valid GBK) so each is a distinct document.
void write_pages(const TempDir& dir, int english, int chinese) {
  for (int i = 0; i < english; ++i) {
    std::string n = std::to_string(i);
    write_file(dir / ("in/en-" + n + ".html"),
               "<!doctype html><html><head><title>River report " + n + "</title></head><body><article><h1>Report " +
                   n + "</h1><p>Gauge station " + n + " recorded a flow of " + std::to_string(i * 7 % 113) +
                   " cubic metres per second after the storm.</p><p>Volunteers counted " + std::to_string(i % 17) +
                   " species of dragonfly along reach " + n + ".</p></article></body></html>");
  }
  std::string zh = read_file(std::string(DOCPIPE_SOURCE_DIR) + "/examples/data/zh-news.html");
  size_t body = zh.find("<body");
  size_t insert = body == std::string::npos ? zh.size() : zh.find('>', body) + 1;
  for (int i = 0; i < chinese; ++i) {
    std::string page = zh;
    page.insert(insert, "<p>Edition " + std::to_string(i) + "</p>");
    write_file(dir / ("in/zh-" + std::to_string(i) + ".html"), page);
  }
}

}  // namespace

TEST_F(SlurmE2E, FourTasksEqualOneProcess) {
  write_pages(dir_, 190, 10);
  std::string pipeline = dir_.write("pipeline.xml", R"(<pipeline name="scale-e2e">
  <source use="fetch.files">
    <param name="path">${PIPELINE_DIR}/in</param>
    <param name="include">*.html</param>
  </source>
  <stage use="clean.html"/>
  <sink use="export.jsonl"><param name="path">${PIPELINE_DIR}/out/part-{shard}-{part}.jsonl</param></sink>
</pipeline>
)");
  auto single = run_cli({"run", pipeline, "--set", "export.jsonl.path=" + (dir_ / "single/all.jsonl"), "--stats",
                         dir_ / "single.json"});
  ASSERT_EQ(single.exit_code, 0) << single.err;
  Records want = read_records(dir_ / "single");
  ASSERT_EQ(want.by_id.size(), 200u);

  auto t0 = Clock::now();
  // A space in the state (and so the log) directory: sbatch must read the quoted #SBATCH --output.
  std::string state = dir_ / "state dir";
  auto sub = run_cli({"slurm", pipeline, "--tasks", "4", "--state", state});
  ASSERT_EQ(sub.exit_code, 0) << sub.err;
  std::string job = sub.out.substr(0, sub.out.find('\n'));
  ASSERT_FALSE(job.empty());
  auto st = wait_for_shards(state, 4, std::chrono::seconds(60));
  double finished = seconds_since(t0);
  ASSERT_TRUE(cluster_->wait_until_idle(std::chrono::seconds(30)));
  std::printf("[ slurm    ] job %s: 4 tasks finished %.2f s after submission\n", job.c_str(), finished);
  std::fflush(stdout);
  ASSERT_EQ(st.exit_code, 0) << st.out << st.err;
  EXPECT_THAT(st.out, HasSubstr("4 shards: 4 done, 0 running, 0 failed, 0 stale, 0 pending"));

  EXPECT_EQ(std::distance(fs::directory_iterator(state + "/slurm/logs"), fs::directory_iterator()), 4);
  Records got = read_records(dir_ / "out");
  EXPECT_GE(got.files, 4u);  // one part per shard at least
  expect_same_records(want, got);

  auto merged = run_cli({"stats", "merge", state});
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  auto m = boost::json::parse(merged.out).as_object();
  auto s = boost::json::parse(read_file(dir_ / "single.json")).as_object();
  EXPECT_EQ(m.at("documents").at("read").as_int64(), s.at("documents").at("read").as_int64());
  EXPECT_EQ(m.at("documents").at("ok").as_int64(), s.at("documents").at("ok").as_int64());
  EXPECT_EQ(m.at("shards").as_array().size(), 4u);
}

TEST_F(SlurmE2E, KilledTaskResumesWithoutLoss) {
  // fetch.jsonl shards by input file (the k-th input goes to shard k mod 4), so
  // b.jsonl alone makes shard 1 long: many small documents, no sleeps.
  const int big = 30000;
  auto lines = [](const std::string& prefix, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      std::string id = prefix + "-" + std::to_string(i);
      out += "{\"id\":\"" + id + "\",\"html\":\"<html><head><title>" + id + "</title></head><body><p>Record " + id +
             " of the resume test, with a few words to clean.</p></body></html>\"}\n";
    }
    return out;
  };
  write_file(dir_ / "in/a.jsonl", lines("a", 50));
  write_file(dir_ / "in/b.jsonl", lines("b", big));
  write_file(dir_ / "in/c.jsonl", lines("c", 50));
  write_file(dir_ / "in/d.jsonl", lines("d", 50));
  std::string pipeline = dir_.write("pipeline.xml", R"(<pipeline name="scale-resume">
  <source use="fetch.jsonl"><param name="path">${PIPELINE_DIR}/in</param></source>
  <stage use="clean.html"/>
  <sink use="export.jsonl"><param name="path">${PIPELINE_DIR}/out/part-{shard}-{part}.jsonl</param></sink>
</pipeline>
)");
  auto single = run_cli({"run", pipeline, "--set", "export.jsonl.path=" + (dir_ / "single/all.jsonl")});
  ASSERT_EQ(single.exit_code, 0) << single.err;
  Records want = read_records(dir_ / "single");
  ASSERT_EQ(want.by_id.size(), static_cast<size_t>(big + 150));

  auto t0 = Clock::now();
  std::string state = dir_ / "state";
  // Small checkpoints, so that part of shard 1 is committed when it is killed.
  std::vector<std::string> args = {"slurm", pipeline, "--tasks", "4", "--state", state,
                                   "--run-arg=--checkpoint-docs=500"};
  auto sub = run_cli(args);
  ASSERT_EQ(sub.exit_code, 0) << sub.err;

  // Kill shard 1 once it has committed something and is still running.
  std::string status_file = state + "/shard-00001-of-00004/status.json";
  std::string seen;
  bool mid_run = poll_until(std::chrono::seconds(60), [&] {
    seen = read_file(status_file);
    if (seen.empty()) return false;
    auto o = boost::json::parse(seen).as_object();
    if (o.at("state").as_string() != "running") return true;
    return o.at("committed").at("checkpoints").as_int64() >= 2;
  });
  ASSERT_TRUE(mid_run) << "shard 1 never reached its second checkpoint: " << seen;
  ASSERT_THAT(seen, HasSubstr("\"running\"")) << "shard 1 finished before it could be killed; give it more documents";
  // SIGKILL to the task's docpipe itself, by the pid its status names: `scancel
  // --signal=KILL` would be a job cancel, which sends SIGTERM first and lets
  // docpipe stop cleanly; this is the node-failure case.
  auto o = boost::json::parse(seen).as_object();
  pid_t pid = static_cast<pid_t>(o.at("pid").as_int64());
  ASSERT_EQ(read_file("/proc/" + std::to_string(pid) + "/comm"), "docpipe\n");
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  double killed_at = seconds_since(t0);

  // The other shards finish; shard 1 is left "running" with a dead pid: stale.
  auto st = wait_for_shards(state, 4, std::chrono::seconds(60));
  ASSERT_TRUE(cluster_->wait_until_idle(std::chrono::seconds(30)));
  st = run_cli({"status", state});
  EXPECT_EQ(st.exit_code, 6) << st.out;
  EXPECT_THAT(st.out, HasSubstr("4 shards: 3 done, 0 running, 0 failed, 1 stale, 0 pending"));
  Records partial = read_records(dir_ / "out");
  EXPECT_TRUE(partial.duplicates.empty());
  EXPECT_LT(partial.by_id.size(), want.by_id.size());

  // Rerun only shard 1: it resumes from its state.
  args.push_back("--only");
  args.push_back("1");
  auto again = run_cli(args);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  // The job is in squeue from the moment sbatch returns: wait for it to leave.
  ASSERT_TRUE(cluster_->wait_until_idle(std::chrono::seconds(60)));
  st = run_cli({"status", state});
  std::printf("[ slurm    ] killed shard 1 at %.2f s; all shards done %.2f s after the first submission "
              "(%zu of %zu records were committed before the kill)\n",
              killed_at, seconds_since(t0), partial.by_id.size(), want.by_id.size());
  std::fflush(stdout);
  ASSERT_EQ(st.exit_code, 0) << st.out << st.err;
  auto json = boost::json::parse(run_cli({"status", state, "--json"}).out).as_object();
  EXPECT_EQ(json.at("shards").as_array()[1].at("attempt").as_int64(), 2);
  expect_same_records(want, read_records(dir_ / "out"));

  // Stats: the last attempts' documents plus what earlier attempts committed cover the input once.
  auto merged = run_cli({"stats", "merge", state});
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  auto m = boost::json::parse(merged.out).as_object();
  std::printf("[ slurm    ] merged stats after the resume: read %lld, skipped_committed %lld\n",
              static_cast<long long>(m.at("documents").at("read").as_int64()),
              static_cast<long long>(m.at("skipped_committed").as_int64()));
  std::fflush(stdout);
  EXPECT_EQ(m.at("documents").at("read").as_int64() + m.at("skipped_committed").as_int64(),
            static_cast<int64_t>(want.by_id.size()));
}
