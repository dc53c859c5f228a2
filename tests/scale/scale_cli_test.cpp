// docpipe status, docpipe stats merge and docpipe slurm --print through the
// real CLI, over state directories and stats files made by hand in the format
// docpipe run --state writes (docs/scale.md).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <map>

#include "test_support.hpp"

using docpipe::test::read_file;
using docpipe::test::run_cli;
using docpipe::test::TempDir;
using docpipe::test::write_file;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

std::string host_name() {
  char buf[256] = {};
  ::gethostname(buf, sizeof buf - 1);
  return buf;
}

// A pid that certainly belongs to no process: a child that has exited and been reaped.
int64_t dead_pid() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  ::waitpid(pid, nullptr, 0);
  return pid;
}

std::string shard_dir(const TempDir& dir, int i, int n) {
  char name[64];
  std::snprintf(name, sizeof name, "state/shard-%05d-of-%05d", i, n);
  return dir / name;
}

struct Status {
  std::string state = "done";
  std::string host = host_name();
  int64_t pid = 1;
  int attempt = 1;
  uint64_t documents = 10;
  std::optional<int> exit_code = 0;
};

void write_status(const TempDir& dir, int i, int n, const Status& s) {
  boost::json::object o{{"format", 1},
                        {"state", s.state},
                        {"shard", {{"index", i}, {"count", n}}},
                        {"pipeline", "scale"},
                        {"fingerprint", "0123456789abcdef"},
                        {"host", s.host},
                        {"pid", s.pid},
                        {"attempt", s.attempt},
                        {"started", "2026-11-26T10:00:00Z"},
                        {"updated", "2026-11-26T10:05:00Z"},
                        {"finished", s.state == "running" ? boost::json::value(nullptr) : "2026-11-26T10:05:00Z"},
                        {"exit_code", s.exit_code ? boost::json::value(*s.exit_code) : boost::json::value(nullptr)},
                        {"committed", {{"documents", s.documents}, {"checkpoints", 2}}}};
  write_file(shard_dir(dir, i, n) + "/status.json", boost::json::serialize(o));
}

// A --stats JSON as run_stats.cpp writes it.
std::string stats_json(int i, int n, uint64_t read, double wall, bool interrupted = false, int exit_code = 0) {
  boost::json::object o{
      {"pipeline", "scale"},
      {"shard", {{"index", i}, {"count", n}}},
      {"threads", 2},
      {"ordered", false},
      {"documents", {{"read", read}, {"ok", read - 2}, {"dropped", 1}, {"failed", 1}}},
      {"bytes", {{"in", read * 1000}, {"out", read * 100}}},
      {"wall_seconds", wall},
      {"docs_per_second", read / wall},
      {"mb_per_second", read * 1000 / wall / 1e6},
      {"interrupted", interrupted},
      {"exit_code", exit_code},
      {"elements",
       {{{"name", "fetch.files#0"}, {"plugin", "fetch.files"}, {"role", "source"}, {"calls", read}, {"seconds", 0.5},
         {"dropped", 0}, {"failed", 1}},
        {{"name", "clean.html#0"}, {"plugin", "clean.html"}, {"role", "stage"}, {"calls", read - 1}, {"seconds", 1.25},
         {"dropped", 1}, {"failed", 0}}}},
      {"queues", {{"input", {{"max_docs", 16}}}, {"output", {{"max_docs", 16}}}}}};
  return boost::json::serialize(o) + "\n";
}

boost::json::object parse_object(const std::string& text) { return boost::json::parse(text).as_object(); }

}  // namespace

// ---------------------------------------------------------------- status

TEST(Status, AllDoneExitsZero) {
  TempDir dir;
  for (int i = 0; i < 4; ++i) write_status(dir, i, 4, {});
  auto r = run_cli({"status", dir / "state"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("4 shards: 4 done, 0 running, 0 failed, 0 stale, 0 pending"));
  EXPECT_THAT(r.out, HasSubstr("3/4"));
  EXPECT_THAT(r.out, HasSubstr(host_name() + ":1"));
}

TEST(Status, PendingAndRunningMeanNotFinished) {
  TempDir dir;
  write_status(dir, 0, 4, {});
  write_status(dir, 1, 4, {});
  Status running;
  running.state = "running";
  running.pid = ::getpid();  // alive, on this host
  running.exit_code.reset();
  write_status(dir, 2, 4, running);
  // Shard 3 has no directory yet; a shard directory without status.json is pending too.
  auto r = run_cli({"status", dir / "state"});
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("4 shards: 2 done, 1 running, 0 failed, 0 stale, 1 pending"));
  EXPECT_THAT(r.out, HasSubstr(host_name() + ":" + std::to_string(::getpid())));
}

TEST(Status, DeadPidOnThisHostIsStaleElsewhereRunning) {
  TempDir dir;
  int64_t pid = dead_pid();
  Status stale;
  stale.state = "running";
  stale.pid = pid;
  stale.exit_code.reset();
  write_status(dir, 0, 2, stale);
  Status remote = stale;
  remote.host = "some-other-node.example";
  write_status(dir, 1, 2, remote);
  auto r = run_cli({"status", dir / "state"});
  EXPECT_EQ(r.exit_code, 6) << r.out;
  EXPECT_THAT(r.out, HasSubstr("2 shards: 0 done, 1 running, 0 failed, 1 stale, 0 pending"));
  EXPECT_THAT(r.out, HasSubstr("some-other-node.example:" + std::to_string(pid)));
}

TEST(Status, FailedShardNeedsRerun) {
  TempDir dir;
  write_status(dir, 0, 3, {});
  Status failed;
  failed.state = "failed";
  failed.exit_code = 4;
  failed.attempt = 2;
  write_status(dir, 1, 3, failed);
  Status running;
  running.state = "running";
  running.pid = ::getpid();
  write_status(dir, 2, 3, running);
  auto r = run_cli({"status", dir / "state"});
  // Needing a rerun outranks still running: the script can act on it now.
  EXPECT_EQ(r.exit_code, 6) << r.out;
  EXPECT_THAT(r.out, HasSubstr("failed (4)"));
  EXPECT_THAT(r.out, HasSubstr("3 shards: 1 done, 1 running, 1 failed, 0 stale, 0 pending"));
}

TEST(Status, InterruptedIsCountedAndNeedsRerun) {
  TempDir dir;
  Status interrupted;
  interrupted.state = "interrupted";
  interrupted.exit_code = 130;
  write_status(dir, 0, 1, interrupted);
  auto r = run_cli({"status", dir / "state"});
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_THAT(r.out, HasSubstr("1 shards: 0 done, 0 running, 0 failed, 0 stale, 0 pending, 1 interrupted"));
}

TEST(Status, MixedShardCountsAreAnError) {
  TempDir dir;
  write_status(dir, 0, 4, {});
  write_status(dir, 1, 2, {});
  auto r = run_cli({"status", dir / "state"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("mixed shard counts"));
  EXPECT_THAT(r.err, HasSubstr("shard-00001-of-00002"));
  EXPECT_THAT(r.err, HasSubstr("shard-00000-of-00004"));
}

TEST(Status, JsonListsEveryShard) {
  TempDir dir;
  write_status(dir, 1, 3, {});
  auto r = run_cli({"status", dir / "state", "--json"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  auto o = parse_object(r.out);
  EXPECT_EQ(o.at("count").as_int64(), 3);
  EXPECT_EQ(o.at("exit_code").as_int64(), 5);
  const auto& shards = o.at("shards").as_array();
  ASSERT_EQ(shards.size(), 3u);
  EXPECT_EQ(shards[0].at("state").as_string(), "pending");
  EXPECT_EQ(shards[1].at("state").as_string(), "done");
  EXPECT_EQ(shards[1].at("documents").as_int64(), 10);
  EXPECT_EQ(shards[1].at("host").as_string(), host_name());
  EXPECT_EQ(shards[1].at("exit_code").as_int64(), 0);
  EXPECT_TRUE(shards[0].at("exit_code").is_null());
  EXPECT_EQ(o.at("summary").at("pending").as_int64(), 2);
  EXPECT_EQ(o.at("summary").at("done").as_int64(), 1);
}

TEST(Status, EmptyMissingAndUnreadable) {
  TempDir dir;
  dir.mkdir("state");
  auto r = run_cli({"status", dir / "state"});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_THAT(r.out, HasSubstr("no shard has started yet"));
  r = run_cli({"status", dir / "state", "--shards", "2"});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_THAT(r.out, HasSubstr("2 shards: 0 done, 0 running, 0 failed, 0 stale, 2 pending"));

  r = run_cli({"status", dir / "nope"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(dir / "nope"));
  EXPECT_THAT(r.err, HasSubstr("no such directory"));

  write_file(shard_dir(dir, 0, 2) + "/status.json", "{\"state\": ");
  r = run_cli({"status", dir / "state"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr(shard_dir(dir, 0, 2) + "/status.json: not JSON"));
  EXPECT_THAT(r.out, HasSubstr("1 unreadable"));

  r = run_cli({"status"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("no state directory given"));
}

// ---------------------------------------------------------------- stats merge

TEST(StatsMerge, SumsFilesAndComputesRates) {
  TempDir dir;
  write_file(dir / "s0.json", stats_json(0, 3, 100, 2.0));
  write_file(dir / "s1.json", stats_json(1, 3, 50, 4.0, /*interrupted=*/true, 130));
  write_file(dir / "s2.json", stats_json(2, 3, 10, 1.0));
  auto r = run_cli({"stats", "merge", dir / "s0.json", dir / "s2.json", dir / "s1.json", "-o", dir / "merged.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("documents: 160 read, 154 ok, 3 dropped, 3 failed"));
  EXPECT_THAT(r.err, HasSubstr("merged 3 shard stats of pipeline 'scale'"));
  auto o = parse_object(read_file(dir / "merged.json"));
  EXPECT_EQ(o.at("documents").at("read").as_int64(), 160);
  EXPECT_EQ(o.at("documents").at("ok").as_int64(), 154);
  EXPECT_EQ(o.at("bytes").at("in").as_int64(), 160000);
  EXPECT_EQ(o.at("bytes").at("out").as_int64(), 16000);
  EXPECT_DOUBLE_EQ(o.at("wall_seconds").as_double(), 4.0);
  EXPECT_DOUBLE_EQ(o.at("shard_seconds").as_double(), 7.0);
  EXPECT_DOUBLE_EQ(o.at("docs_per_second").as_double(), 40.0);
  EXPECT_DOUBLE_EQ(o.at("docs_per_shard_second").as_double(), 160.0 / 7.0);
  EXPECT_DOUBLE_EQ(o.at("mb_per_second").as_double(), 0.16 / 4.0);
  EXPECT_TRUE(o.at("interrupted").as_bool());
  EXPECT_EQ(o.at("failed_shards").as_int64(), 1);
  EXPECT_EQ(o.at("pipeline").as_string(), "scale");
  const auto& shards = o.at("shards").as_array();
  ASSERT_EQ(shards.size(), 3u);
  EXPECT_EQ(shards[1].at("index").as_int64(), 1);  // listed by index
  EXPECT_EQ(shards[1].at("exit_code").as_int64(), 130);
  EXPECT_DOUBLE_EQ(shards[1].at("wall_seconds").as_double(), 4.0);
  const auto& elements = o.at("elements").as_array();
  ASSERT_EQ(elements.size(), 2u);
  EXPECT_EQ(elements[0].at("name").as_string(), "fetch.files#0");
  EXPECT_EQ(elements[0].at("calls").as_int64(), 160);
  EXPECT_DOUBLE_EQ(elements[0].at("seconds").as_double(), 1.5);
  EXPECT_EQ(elements[0].at("failed").as_int64(), 3);
  EXPECT_EQ(elements[1].at("calls").as_int64(), 157);
  EXPECT_EQ(elements[1].at("dropped").as_int64(), 3);
  EXPECT_DOUBLE_EQ(elements[1].at("seconds").as_double(), 3.75);
}

TEST(StatsMerge, StateDirectoryReadsEveryShard) {
  TempDir dir;
  for (int i = 0; i < 2; ++i) {
    write_status(dir, i, 2, {});
    write_file(shard_dir(dir, i, 2) + "/stats.json", stats_json(i, 2, 20 + static_cast<uint64_t>(i), 1.0));
  }
  auto r = run_cli({"stats", "merge", dir / "state"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_object(r.out);
  EXPECT_EQ(o.at("documents").at("read").as_int64(), 41);
  EXPECT_EQ(o.at("shards").as_array().size(), 2u);
  EXPECT_FALSE(o.at("interrupted").as_bool());

  // One shard's directory stands for its stats.json.
  r = run_cli({"stats", "merge", shard_dir(dir, 0, 2)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(parse_object(r.out).at("documents").at("read").as_int64(), 20);

  // The same shard twice (the directory and its own file) would count it twice.
  r = run_cli({"stats", "merge", dir / "state", shard_dir(dir, 1, 2) + "/stats.json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("shard 1/2 given twice"));

  // A shard without stats.json (never finished an attempt) is named.
  write_status(dir, 0, 3, {});
  TempDir other;
  write_status(other, 0, 2, {});
  write_file(shard_dir(other, 0, 2) + "/stats.json", stats_json(0, 2, 1, 1.0));
  write_status(other, 1, 2, {});
  r = run_cli({"stats", "merge", other / "state"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(shard_dir(other, 1, 2) + "/stats.json: no such file"));
}

TEST(StatsMerge, BadInputsAreNamed) {
  TempDir dir;
  write_file(dir / "good.json", stats_json(0, 2, 5, 1.0));
  write_file(dir / "bad.json", "{not json");
  write_file(dir / "other.json", "{\"documents\": {\"read\": 1}}");
  auto r = run_cli({"stats", "merge", dir / "good.json", dir / "bad.json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(dir / "bad.json" + ": not JSON"));
  EXPECT_TRUE(r.out.empty());
  r = run_cli({"stats", "merge", dir / "good.json", dir / "missing.json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(dir / "missing.json" + ": cannot open (no such file)"));
  r = run_cli({"stats", "merge", dir / "other.json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(dir / "other.json" + ": missing 'documents.ok'"));
  r = run_cli({"stats", "merge"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("no input given"));
  r = run_cli({"stats", "frobnicate"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("unknown subcommand 'frobnicate'"));
}

// ---------------------------------------------------------------- slurm

namespace {

// A quickstart-like pipeline in a directory whose name has a space.
std::string write_pipeline(const TempDir& dir, const std::string& sub = "my data") {
  write_file(dir / (sub + "/in/a.html"), "<html><title>A</title><body><p>First page, shard zero.</p></body></html>");
  write_file(dir / (sub + "/in/b.html"), "<html><title>B</title><body><p>Second page, shard one.</p></body></html>");
  return dir.write(sub + "/pipe.xml",
                   R"(<pipeline name="scale-print">
  <source use="fetch.files"><param name="path">${PIPELINE_DIR}/in</param></source>
  <stage use="clean.html"/>
  <sink use="export.jsonl"><param name="path">${PIPELINE_DIR}/out/part-{shard}-{part}.jsonl</param></sink>
</pipeline>
)");
}

}  // namespace

TEST(Slurm, PrintWritesAnArrayScriptWithAbsoluteQuotedPaths) {
  TempDir dir;
  std::string pipeline = write_pipeline(dir);
  // A relative pipeline path, from the temporary directory: the script must make it absolute.
  auto r = run_cli({"slurm", "my data/pipe.xml", "--tasks", "4", "--max-running", "2", "--partition", "debug",
                    "--time", "1:30:00", "--mem", "2G", "--cpus-per-task", "2", "--set",
                    "clean.html.max_bytes=8MiB", "--run-arg=--max-failed=5", "--print"},
                   dir.root());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& s = r.out;
  EXPECT_EQ(s.rfind("#!/bin/bash\n", 0), 0u);
  EXPECT_THAT(s, HasSubstr("#SBATCH --array=0-3%2\n"));
  EXPECT_THAT(s, HasSubstr("#SBATCH --job-name=scale-print\n"));
  EXPECT_THAT(s, HasSubstr("#SBATCH --partition=debug\n"));
  EXPECT_THAT(s, HasSubstr("#SBATCH --time=1:30:00\n"));
  EXPECT_THAT(s, HasSubstr("#SBATCH --mem=2G\n"));
  EXPECT_THAT(s, HasSubstr("#SBATCH --cpus-per-task=2\n"));
  std::string state = dir / "my data/out/_docpipe_state";
  EXPECT_THAT(s, HasSubstr("#SBATCH --output=\"" + state + "/slurm/logs/%x-%A_%a.out\"\n"));
  EXPECT_THAT(s, HasSubstr("#SBATCH --chdir=" + dir.root() + "\n"));
  EXPECT_THAT(s, HasSubstr("exec " + std::string(DOCPIPE_CLI) + " run '" + pipeline + "'"));
  EXPECT_THAT(s, HasSubstr("\nexport DOCPIPE_SHARD_COUNT=4\n"));
  EXPECT_THAT(s, HasSubstr("--shard auto"));
  EXPECT_THAT(s, HasSubstr("--state '" + state + "'"));
  EXPECT_THAT(s, HasSubstr("--threads \"${SLURM_CPUS_PER_TASK:-1}\""));
  EXPECT_THAT(s, HasSubstr("--set clean.html.max_bytes=8MiB"));
  EXPECT_THAT(s, HasSubstr("--max-failed=5"));
  // --print writes nothing.
  EXPECT_FALSE(std::filesystem::exists(state));
}

TEST(Slurm, ScriptRunsOneShardAsATaskWould) {
  TempDir dir;
  write_pipeline(dir, "p q");
  auto r = run_cli({"slurm", dir / "p q/pipe.xml", "--tasks", "2", "--print"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string script = dir.write("task.sh", r.out);
  // What slurmstepd does for array task 1, minus Slurm: bash runs the script with the variables set.
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("SLURM_ARRAY_TASK_ID", "1", 1);
    ::setenv("SLURM_CPUS_PER_TASK", "1", 1);
    if (std::freopen((dir / "task.log").c_str(), "w", stderr) == nullptr) ::_exit(127);
    ::execl("/bin/bash", "bash", script.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0) << read_file(dir / "task.log");
  auto st = run_cli({"status", dir / "p q/out/_docpipe_state", "--json"});
  auto o = parse_object(st.out);
  ASSERT_EQ(o.at("shards").as_array().size(), 2u) << st.out << st.err;
  EXPECT_EQ(o.at("shards").as_array()[0].at("state").as_string(), "pending");
  EXPECT_EQ(o.at("shards").as_array()[1].at("state").as_string(), "done");
  EXPECT_EQ(st.exit_code, 5);
}

TEST(Slurm, BadArgumentsAreRefusedClearly) {
  TempDir dir;
  std::string pipeline = write_pipeline(dir);
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  std::vector<Case> cases = {
      {{"slurm", pipeline}, "--tasks N is required"},
      {{"slurm", pipeline, "--tasks", "0"}, "--tasks 0: must be >= 1"},
      {{"slurm", pipeline, "--tasks", "-3"}, "--tasks -3: must be >= 1"},
      {{"slurm", "--tasks", "2"}, "no pipeline given"},
      {{"slurm", dir / "nope.xml", "--tasks", "2"}, dir / "nope.xml" + ": no such pipeline file"},
      {{"slurm", pipeline, "--tasks", "2", "--time", "1:2:3:4"}, "--time 1:2:3:4: expected"},
      {{"slurm", pipeline, "--tasks", "2", "--time", "1:99:00"}, "--time 1:99:00: expected"},
      {{"slurm", pipeline, "--tasks", "2", "--mem", "2X"}, "--mem 2X: expected"},
      {{"slurm", pipeline, "--tasks", "2", "--max-running", "0"}, "--max-running must be >= 1"},
      {{"slurm", pipeline, "--tasks", "2", "--cpus-per-task", "0"}, "--cpus-per-task must be >= 1"},
      {{"slurm", pipeline, "--tasks", "2", "--job-name", "a b"}, "--job-name a b: letters"},
      {{"slurm", pipeline, "--tasks", "2", "--partition", "x;y"}, "--partition x;y: letters"},
      {{"slurm", pipeline, "--tasks", "4", "--only", "2,5"}, "--only 2,5: index 5 is not below --tasks 4"},
      {{"slurm", pipeline, "--tasks", "4", "--only", "3-1"}, "'3-1' runs backwards"},
      {{"slurm", pipeline, "--tasks", "2", "--set", "clean.html.outptu=md"}, "unknown parameter 'outptu'"},
  };
  for (auto c : cases) {
    c.args.push_back("--print");  // never submit, even where a cluster is configured
    auto r = run_cli(c.args);
    EXPECT_EQ(r.exit_code, 1) << c.message << "\n" << r.err;
    EXPECT_THAT(r.err, HasSubstr(c.message));
  }
  // A state directory that already holds shards of another count.
  std::string state = dir.mkdir("state/shard-00000-of-00003");
  auto r = run_cli({"slurm", pipeline, "--tasks", "4", "--state", dir / "state", "--print"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("holds shards of a 3-task run"));
}

TEST(Slurm, GoodTimeAndMemForms) {
  TempDir dir;
  std::string pipeline = write_pipeline(dir);
  for (const char* t : {"30", "30:00", "2:00:00", "1-0", "1-12:00", "2-00:00:00", "UNLIMITED"}) {
    auto r = run_cli({"slurm", pipeline, "--tasks", "1", "--time", t, "--mem", "512M", "--print"});
    EXPECT_EQ(r.exit_code, 0) << t << r.err;
    EXPECT_THAT(r.out, HasSubstr(std::string("#SBATCH --time=") + t + "\n"));
  }
}

TEST(Slurm, WithoutSbatchTheScriptIsKeptAndTheErrorSaysSo) {
  TempDir dir;
  std::string pipeline = write_pipeline(dir);
  dir.mkdir("empty-bin");
  std::string old_path = std::getenv("PATH") ? std::getenv("PATH") : "";
  setenv("PATH", (dir / "empty-bin").c_str(), 1);
  auto r = run_cli({"slurm", pipeline, "--tasks", "2", "--state", dir / "st", "--job-name", "nosb"});
  setenv("PATH", old_path.c_str(), 1);
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_THAT(r.err, HasSubstr("sbatch could not be run"));
  EXPECT_THAT(r.err, HasSubstr("cannot run sbatch"));
  EXPECT_TRUE(std::filesystem::exists(dir / "st/slurm/nosb.sbatch"));
  EXPECT_TRUE(std::filesystem::is_directory(dir / "st/slurm/logs"));
}
