// Resumable shards through the real CLI and first-party plugins: a shard
// killed with SIGKILL at arbitrary checkpoints and rerun ends with exactly the
// documents of an uninterrupted run — none lost, none twice — in final-named
// files that are all complete.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "test_support.hpp"

using docpipe::test::read_file;
using docpipe::test::read_lines;
using docpipe::test::run_cli;
using docpipe::test::TempDir;
using ::testing::HasSubstr;

namespace {

namespace fs = std::filesystem;

// The documents of a set of JSONL files, by id; a duplicate id fails the test.
std::map<std::string, std::string> records_by_id(const std::vector<fs::path>& files) {
  std::map<std::string, std::string> out;
  for (const auto& f : files) {
    for (const auto& line : read_lines(f.string())) {
      boost::json::error_code ec;
      boost::json::value v = boost::json::parse(line, ec);
      EXPECT_FALSE(ec) << f << " holds a partial or broken line: " << line.substr(0, 80);
      if (ec) continue;
      std::string id(v.as_object().at("id").as_string());
      bool inserted = out.emplace(id, line).second;
      EXPECT_TRUE(inserted) << "document " << id << " written twice (" << f << ")";
    }
  }
  return out;
}

std::vector<fs::path> files_matching(const fs::path& dir, const std::string& prefix) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename().string().rfind(prefix, 0) == 0) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// Four JSONL inputs; every 997th line is broken, so failed documents go to the errors sink too.
void write_inputs(const TempDir& dir, int lines_per_file) {
  for (int f = 0; f < 4; ++f) {
    std::string text;
    for (int i = 0; i < lines_per_file; ++i) {
      if (i % 997 == 500) {
        text += "{\"id\": \"broken\n";
        continue;
      }
      text += "{\"id\":\"f" + std::to_string(f) + "-" + std::to_string(i) + "\",\"text\":\"document " +
              std::to_string(i) + " of file " + std::to_string(f) + ", with some words to make it longer than a line\"}\n";
    }
    dir.write("in/part" + std::to_string(f) + ".jsonl", text);
  }
}

std::string pipeline_for(const TempDir& dir, const std::string& out_dir) {
  // Failed documents go to the default errors sink: errors.jsonl beside the output.
  return "fetch.jsonl path=" + dir.path("in") + " ! export.jsonl path=" + out_dir + "/docs.jsonl max_docs=3000";
}


uint64_t checkpoints_in(const fs::path& status_file) {
  std::string text = read_file(status_file.string());
  boost::json::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return 0;
  return v.at("committed").at("checkpoints").to_number<uint64_t>();
}

uint64_t committed_documents_in(const fs::path& status_file) {
  auto v = boost::json::parse(read_file(status_file.string()));
  return v.at("committed").at("documents").to_number<uint64_t>();
}

uint64_t skipped_in(const fs::path& stats_file) {
  auto v = boost::json::parse(read_file(stats_file.string()));
  return v.at("resume").at("skipped_committed").to_number<uint64_t>();
}

// Runs a shard until it has committed `checkpoints` checkpoints (the status
// file says so), then SIGKILLs it. Returns false when it ended first.
bool kill_after_checkpoints(const std::vector<std::string>& args, const fs::path& status_file, uint64_t checkpoints,
                            const std::string& log) {
  pid_t pid = docpipe::test::spawn_cli(args, {log, log, {}, {}});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  bool ended = false;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      ended = true;
      break;
    }
    if (checkpoints_in(status_file) >= checkpoints) break;
    std::this_thread::yield();
  }
  if (!ended) {
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
  }
  return !ended;
}

class Resume : public ::testing::Test {
 protected:
  void SetUp() override {
    write_inputs(dir, 6000);
    auto r = run_cli({"run", pipeline_for(dir, dir.path("ref")), "--threads", "2", "--max-failed", "1000"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    reference = records_by_id(files_matching(dir.path() / "ref", "docs"));
    reference_errors = records_by_id(files_matching(dir.path() / "ref", "errors"));
    size_t broken_per_file = 0;
    for (int i = 0; i < 6000; ++i) broken_per_file += i % 997 == 500 ? 1 : 0;
    ASSERT_EQ(reference.size(), 4 * (6000 - broken_per_file));
    ASSERT_EQ(reference_errors.size(), 4 * broken_per_file);
  }

  std::vector<std::string> shard_args(const std::string& shard) const {
    return {"run", pipeline_for(dir, dir.path("out")), "--shard", shard, "--state", dir.path("state"),
            "--checkpoint-docs", "1500", "--threads", "2", "--max-failed", "1000"};
  }

  TempDir dir;
  std::map<std::string, std::string> reference;
  std::map<std::string, std::string> reference_errors;
};

TEST_F(Resume, AShardKilledTwiceAndRerunWritesEveryDocumentExactlyOnce) {
  fs::path status = dir.path() / "state/shard-00000-of-00001/status.json";
  ASSERT_TRUE(kill_after_checkpoints(shard_args("0/1"), status, 2, dir.path("log1")))
      << "the run ended before it could be killed; give it more input\n" << read_file(dir.path("log1"));
  // Whatever is under a final name now is complete (records_by_id checks every line).
  auto partial = records_by_id(files_matching(dir.path() / "out", "docs"));
  EXPECT_GT(partial.size(), 0u);
  EXPECT_LT(partial.size(), reference.size());

  uint64_t before = checkpoints_in(status);
  ASSERT_TRUE(kill_after_checkpoints(shard_args("0/1"), status, before + 3, dir.path("log2")))
      << read_file(dir.path("log2"));

  uint64_t committed_before = committed_documents_in(status);
  auto r = run_cli(shard_args("0/1"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("resume: attempt 3"));
  // Five checkpoints of 1500 covered all 6000 lines of the first file: the
  // source does not read a complete input again, so only the committed part
  // of the second file is read and skipped.
  uint64_t skipped = skipped_in(dir.path() / "state/shard-00000-of-00001/stats.json");
  EXPECT_GT(skipped, 0u);
  EXPECT_LE(skipped + 5000, committed_before) << "a complete input was read again";
  EXPECT_THAT(r.err, HasSubstr("documents skipped (committed by an earlier attempt)"));
  EXPECT_EQ(records_by_id(files_matching(dir.path() / "out", "docs")), reference);
  EXPECT_EQ(records_by_id(files_matching(dir.path() / "out", "errors")), reference_errors);
  EXPECT_TRUE(fs::is_empty(dir.path() / "state/shard-00000-of-00001/tmp"));
  EXPECT_THAT(read_file(status.string()), HasSubstr("\"state\":\"done\""));

  auto again = run_cli(shard_args("0/1"));
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.err, HasSubstr("shard 0/1 is already finished"));
  EXPECT_EQ(records_by_id(files_matching(dir.path() / "out", "docs")), reference) << "a finished shard writes nothing";
}

TEST_F(Resume, FourShardsTogetherEqualOneRunAndOneKilledShardRecovers) {
  for (int i = 0; i < 4; ++i) {
    std::string shard = std::to_string(i) + "/4";
    if (i == 2) {
      fs::path status = dir.path() / "state/shard-00002-of-00004/status.json";
      ASSERT_TRUE(kill_after_checkpoints(shard_args(shard), status, 1, dir.path("log")))
          << read_file(dir.path("log"));
    }
    auto r = run_cli(shard_args(shard));
    ASSERT_EQ(r.exit_code, 0) << shard << ": " << r.err;
  }
  EXPECT_EQ(records_by_id(files_matching(dir.path() / "out", "docs")), reference);
  EXPECT_EQ(records_by_id(files_matching(dir.path() / "out", "errors")), reference_errors);
}

TEST_F(Resume, ShardAutoReadsSlurmArrayVariables) {
  setenv("SLURM_ARRAY_TASK_ID", "11", 1);
  setenv("SLURM_ARRAY_TASK_MIN", "10", 1);
  setenv("SLURM_ARRAY_TASK_COUNT", "2", 1);
  auto r = run_cli(shard_args("auto"));
  unsetenv("SLURM_ARRAY_TASK_ID");
  unsetenv("SLURM_ARRAY_TASK_MIN");
  unsetenv("SLURM_ARRAY_TASK_COUNT");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("shard 1/2 from SLURM_ARRAY_TASK_ID=11"));
  EXPECT_TRUE(fs::exists(dir.path() / "state/shard-00001-of-00002/status.json"));
}

TEST(ResumeErrors, StandardOutputCannotBeResumed) {
  TempDir dir;
  dir.write("in/a.jsonl", "{\"id\":\"1\",\"text\":\"x\"}\n");
  auto r = run_cli({"run", "fetch.jsonl path=" + dir.path("in") + " ! export.jsonl path=-", "--state", dir.path("s")});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("standard output cannot be resumed"));
}

TEST(ResumeErrors, StateWithoutADirectoryGoesBesideTheOutput) {
  TempDir dir;
  dir.write("in/a.jsonl", "{\"id\":\"1\",\"text\":\"x\"}\n");
  auto r = run_cli({"run", "fetch.jsonl path=" + dir.path("in") + " ! export.jsonl path=" + dir.path("out/o.jsonl"),
                    "--state"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir.path() / "out/_docpipe_state/shard-00000-of-00001/status.json"));
  auto plain = run_cli({"run", "fetch.jsonl path=" + dir.path("in") + " ! export.jsonl path=" + dir.path("p/o.jsonl")});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_TRUE(fs::exists(dir.path() / "p/o.jsonl")) << "without --state, names are unchanged";
  EXPECT_FALSE(fs::exists(dir.path() / "p/_docpipe_state")) << "and no state is kept";
}

}  // namespace
