// The resume machinery below the executor: the shard state directory and its
// journal, per-input tracking, and --shard auto's environment variables.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <map>

#include "errors.hpp"
#include "resume/input_tracker.hpp"
#include "resume/shard_env.hpp"
#include "resume/shard_state.hpp"
#include "resume/state_location.hpp"
#include "test_support.hpp"

namespace docpipe {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
constexpr uint64_t kComplete = std::numeric_limits<uint64_t>::max();

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(ShardState, FirstAttemptStartsEmptyAndCommitsRenamesAfterTheJournal) {
  test::TempDir dir;
  ShardState s(dir.path(), 1, 4, "p", "fp1");
  EXPECT_EQ(s.attempt(), 1u);
  EXPECT_FALSE(s.finished());
  EXPECT_EQ(s.dir(), dir.path() / "shard-00001-of-00004");
  EXPECT_TRUE(fs::is_directory(s.temp_dir()));

  std::string temp = (s.temp_dir() / "part.tmp").string();
  test::write_file(temp, "data\n");
  std::string final_name = dir / "out/part-00000.jsonl";
  fs::create_directories(dir / "out");
  s.defer_rename(temp, final_name);
  EXPECT_FALSE(fs::exists(final_name)) << "a deferred rename waits for the commit";
  s.commit({{"a.warc", 10, true}, {"b.warc", 3, false}}, {12, 1, 0}, false);
  EXPECT_TRUE(fs::exists(final_name));
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_EQ(s.committed("a.warc"), kComplete);
  EXPECT_EQ(s.committed("b.warc"), 3u);
  EXPECT_EQ(s.committed("c.warc"), 0u);
  EXPECT_EQ(s.committed_documents(), 13u);
  std::string journal = slurp(s.dir() / "journal.jsonl");
  EXPECT_THAT(journal, HasSubstr("\"renames\":[[\"" + temp + "\",\"" + final_name + "\"]]"));
}

TEST(ShardState, ASecondAttemptReplaysTheJournalAndCleansUncommittedFiles) {
  test::TempDir dir;
  {
    ShardState s(dir.path(), 0, 2, "p", "fp");
    s.write_status("running", std::nullopt);
    s.commit({{"x", 5, false}}, {5, 0, 0}, false);
    s.commit({{"x", 9, true}, {"y", 2, false}}, {6, 0, 0}, false);
    test::write_file((s.temp_dir() / "uncommitted").string(), "lost work");
  }
  ShardState s(dir.path(), 0, 2, "p", "fp");
  EXPECT_EQ(s.attempt(), 2u);
  EXPECT_FALSE(s.finished());
  EXPECT_EQ(s.committed("x"), kComplete);
  EXPECT_EQ(s.committed("y"), 2u);
  EXPECT_EQ(s.committed_documents(), 11u);
  EXPECT_TRUE(fs::is_empty(s.temp_dir())) << "files no checkpoint covers are discarded";
}

TEST(ShardState, RedoesRenamesACrashInterruptedAfterTheJournalAppend) {
  test::TempDir dir;
  fs::path shard = dir.path() / "shard-00000-of-00001";
  fs::create_directories(shard / "tmp");
  // What a crash right after the fsync of the journal leaves: a recorded rename not done.
  std::string temp = (shard / "tmp/.part.tmp-1-0").string();
  std::string final_name = dir / "part-00003.jsonl";
  test::write_file(temp, "{\"id\":\"1\"}\n");
  test::write_file((shard / "journal.jsonl").string(),
                   "{\"checkpoint\":1,\"attempt\":1,\"final\":false,\"inputs\":[[\"in\",1,0]],\"renames\":[[\"" +
                       temp + "\",\"" + final_name + "\"]],\"documents\":{\"ok\":1,\"dropped\":0,\"failed\":0}}\n" +
                       "{\"checkpoint\":2,\"attem");  // torn by the crash
  ShardState s(dir.path(), 0, 1, "p", "fp");
  EXPECT_EQ(test::read_file(final_name), "{\"id\":\"1\"}\n");
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_EQ(s.committed("in"), 1u);
  std::string journal = slurp(shard / "journal.jsonl");
  EXPECT_EQ(journal.back(), '\n') << "the torn line is cut off before new records are appended";
  EXPECT_THAT(journal, ::testing::Not(HasSubstr("attem\n")));
}

TEST(ShardState, AFinalCommitMakesTheShardFinished) {
  test::TempDir dir;
  {
    ShardState s(dir.path(), 2, 3, "p", "fp");
    s.commit({{"in", 4, true}}, {4, 0, 0}, true);
    EXPECT_TRUE(s.finished());
  }
  ShardState again(dir.path(), 2, 3, "p", "fp");
  EXPECT_TRUE(again.finished());
}

TEST(ShardState, RefusesAnotherPipelineAnotherShardCountAndAConcurrentRun) {
  test::TempDir dir;
  {
    ShardState s(dir.path(), 0, 2, "p", "fp-one");
    s.write_status("running", std::nullopt);
    try {
      ShardState same(dir.path(), 0, 2, "p", "fp-one");
      FAIL() << "a second process on the same shard must be refused";
    } catch (const ConfigError& e) {
      EXPECT_THAT(e.what(), HasSubstr("is being run by another process"));
    }
  }
  try {
    ShardState other(dir.path(), 0, 2, "p", "fp-two");
    FAIL() << "a different pipeline must be refused";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("was written by a different pipeline"));
  }
  try {
    ShardState other(dir.path(), 0, 3, "p", "fp-one");
    FAIL() << "a different shard count must be refused";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("not 3"));
  }
}

TEST(ShardState, StatusJsonSaysWhoRunsWhat) {
  test::TempDir dir;
  ShardState s(dir.path(), 3, 4, "news", "abc");
  s.write_status("running", std::nullopt);
  std::string status = slurp(s.dir() / "status.json");
  EXPECT_THAT(status, HasSubstr("\"state\":\"running\""));
  EXPECT_THAT(status, HasSubstr("\"shard\":{\"index\":3,\"count\":4}"));
  EXPECT_THAT(status, HasSubstr("\"pid\":" + std::to_string(::getpid())));
  EXPECT_THAT(status, HasSubstr("\"exit_code\":null"));
  s.write_status("done", 0);
  EXPECT_THAT(slurp(s.dir() / "status.json"), HasSubstr("\"exit_code\":0"));
}

TEST(InputTracker, SkipsCommittedPrefixesAndCompleteInputs) {
  test::TempDir dir;
  {
    ShardState s(dir.path(), 0, 1, "p", "fp");
    s.commit({{"a", 3, true}, {"b", 2, false}}, {5, 0, 0}, false);
  }
  ShardState s(dir.path(), 0, 1, "p", "fp");
  InputTracker t(s);
  std::vector<bool> skipped;
  for (const char* src : {"a", "a", "a", "b", "b", "b", "b", "c"}) skipped.push_back(t.already_committed(src));
  EXPECT_EQ(skipped, (std::vector<bool>{true, true, true, true, true, false, false, false}));
  auto progress = t.take_progress(false);
  std::map<std::string, std::pair<uint64_t, bool>> by_source;
  for (const auto& p : progress) by_source[p.source] = {p.documents, p.complete};
  EXPECT_EQ(by_source["a"], std::make_pair(uint64_t{3}, true));
  EXPECT_EQ(by_source["b"], std::make_pair(uint64_t{4}, true)) << "c's first document completes b";
  EXPECT_EQ(by_source["c"], std::make_pair(uint64_t{1}, false)) << "c may have more documents";
  auto last = t.take_progress(true);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].source, "c");
  EXPECT_TRUE(last[0].complete) << "the end of the source completes every open input";
}

std::function<std::optional<std::string>(const char*)> env(std::map<std::string, std::string> vars) {
  return [vars](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ShardEnv, SlurmArraysCountFromTheirMinimum) {
  auto s = shard_from_env(env({{"SLURM_ARRAY_TASK_ID", "7"}, {"SLURM_ARRAY_TASK_MIN", "5"}, {"SLURM_ARRAY_TASK_COUNT", "4"}}));
  EXPECT_EQ(s.index, 2u);
  EXPECT_EQ(s.count, 4u);
  EXPECT_THAT(s.origin, HasSubstr("SLURM_ARRAY_TASK_ID=7"));
}

TEST(ShardEnv, AFixedCountKeepsResubmittedSlurmTasksOnTheirShard) {
  // sbatch --array=5 of a 16-shard job: Slurm says task 5 of an array of 1.
  auto s = shard_from_env(env({{"SLURM_ARRAY_TASK_ID", "5"}, {"SLURM_ARRAY_TASK_MIN", "5"},
                               {"SLURM_ARRAY_TASK_COUNT", "1"}, {"DOCPIPE_SHARD_COUNT", "16"}}));
  EXPECT_EQ(s.index, 5u);
  EXPECT_EQ(s.count, 16u);
}

TEST(ShardEnv, KubernetesIndexedJobsNeedTheCount) {
  auto s = shard_from_env(env({{"JOB_COMPLETION_INDEX", "3"}, {"DOCPIPE_SHARD_COUNT", "8"}}));
  EXPECT_EQ(s.index, 3u);
  EXPECT_EQ(s.count, 8u);
  try {
    shard_from_env(env({{"JOB_COMPLETION_INDEX", "3"}}));
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("set DOCPIPE_SHARD_COUNT"));
  }
}

TEST(ShardEnv, GridEngineIsOneBasedWithSteps) {
  auto s = shard_from_env(env({{"SGE_TASK_ID", "5"}, {"SGE_TASK_FIRST", "1"}, {"SGE_TASK_LAST", "7"}, {"SGE_TASK_STEPSIZE", "2"}}));
  EXPECT_EQ(s.index, 2u);
  EXPECT_EQ(s.count, 4u);
}

TEST(ShardEnv, BadOrMissingVariablesAreNamed) {
  EXPECT_THROW(shard_from_env(env({})), ConfigError);
  try {
    shard_from_env(env({{"SLURM_ARRAY_TASK_ID", "x1"}, {"SLURM_ARRAY_TASK_COUNT", "4"}}));
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("SLURM_ARRAY_TASK_ID=x1 is not a non-negative integer"));
  }
  try {
    shard_from_env(env({{"SLURM_ARRAY_TASK_ID", "4"}, {"SLURM_ARRAY_TASK_COUNT", "4"}}));
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("is not a shard"));
  }
}

TEST(StateLocation, FingerprintChangesWithThePipelineAndOverrides) {
  std::string a = pipeline_fingerprint("fetch.files path=x ! export.jsonl path=o.jsonl", {});
  EXPECT_EQ(a.size(), 16u);
  EXPECT_EQ(a, pipeline_fingerprint("fetch.files path=x ! export.jsonl path=o.jsonl", {}));
  EXPECT_NE(a, pipeline_fingerprint("fetch.files path=y ! export.jsonl path=o.jsonl", {}));
  EXPECT_NE(a, pipeline_fingerprint("fetch.files path=x ! export.jsonl path=o.jsonl", {"export.jsonl.level=1"}));
}

}  // namespace
}  // namespace docpipe
