// Running the CLI on pipelines with misbehaving plugins and checking what a
// user would check afterwards: the exit code, the counts of --stats, the ids in
// the output and in errors.jsonl, and that no temporary file is left.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "process_watch.hpp"
#include "test_support.hpp"

namespace docpipe::test::crash {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

//! Longest a run may take before the test calls it stuck (and kills it).
inline constexpr std::chrono::milliseconds run_limit = 180s;

//! Documents test.counter count=N emits: doc-00000 ... doc-(N-1).
inline std::set<std::string> counter_ids(int n) {
  std::set<std::string> ids;
  char id[32];
  for (int k = 0; k < n; ++k) {
    std::snprintf(id, sizeof id, "doc-%05d", k);
    ids.insert(id);
  }
  return ids;
}

inline std::set<std::string> without(std::set<std::string> all, const std::set<std::string>& gone) {
  for (const auto& id : gone) all.erase(id);
  return all;
}

template <class V>
std::set<std::string> keys_of(const std::map<std::string, V>& m) {
  std::set<std::string> keys;
  for (const auto& [k, v] : m) keys.insert(k);
  return keys;
}

//! One line of errors.jsonl.
struct ErrorRecord {
  std::string stage;
  std::string result;
  std::string message;
};

//! The ids of a JSONL output; a broken line or an id written twice fails the test.
inline std::set<std::string> ids_in_jsonl_text(const std::string& text, const std::string& what) {
  std::set<std::string> ids;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    boost::json::error_code ec;
    boost::json::value v = boost::json::parse(line, ec);
    if (ec || !v.is_object() || !v.as_object().contains("id") || !v.at("id").is_string()) {
      ADD_FAILURE() << what << " holds a line that is not a JSON record with an id: "
                    << line.substr(0, 120);
      continue;
    }
    std::string id(v.at("id").as_string());
    EXPECT_TRUE(ids.insert(id).second) << "document " << id << " written twice to " << what;
  }
  return ids;
}

inline std::set<std::string> ids_in_jsonl(const std::string& path) {
  EXPECT_TRUE(fs::exists(path)) << path << " was not committed";
  return ids_in_jsonl_text(read_file(path), path);
}

//! errors.jsonl by id; a document recorded twice fails the test.
inline std::map<std::string, ErrorRecord> errors_in(const std::string& path) {
  std::map<std::string, ErrorRecord> records;
  if (!fs::exists(path)) return records;
  for (const auto& line : read_lines(path)) {
    boost::json::error_code ec;
    boost::json::value v = boost::json::parse(line, ec);
    if (ec || !v.is_object()) {
      ADD_FAILURE() << path << " holds a broken line: " << line.substr(0, 120);
      continue;
    }
    auto text = [&](const char* key) {
      const auto* f = v.as_object().if_contains(key);
      return f != nullptr && f->is_string() ? std::string(f->as_string()) : std::string();
    };
    bool inserted =
        records.emplace(text("id"), ErrorRecord{text("stage"), text("result"), text("message")})
            .second;
    EXPECT_TRUE(inserted) << "document " << text("id") << " recorded twice in " << path;
  }
  return records;
}

//! Files under dir (recursively) named like a temporary output file.
inline std::vector<std::string> temp_files_in(const std::string& dir) {
  std::vector<std::string> found;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->path().filename().string().find(".tmp-") != std::string::npos)
      found.push_back(it->path().string());
  }
  return found;
}

//! What --stats wrote.
class Stats {
 public:
  Stats() = default;
  explicit Stats(const std::string& path) {
    std::string text = read_file(path);
    boost::json::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (!ec && v.is_object()) root_ = v.as_object();
  }
  bool written() const { return !root_.empty(); }
  //! A count of "documents" (read, ok, dropped, failed, partial), or a top-level
  //! member of that name; nothing when absent.
  std::optional<int64_t> count(const char* name) const {
    if (const auto* docs = root_.if_contains("documents"); docs != nullptr && docs->is_object())
      if (const auto* n = docs->as_object().if_contains(name); n != nullptr && n->is_int64())
        return n->as_int64();
    if (const auto* n = root_.if_contains(name); n != nullptr && n->is_int64())
      return n->as_int64();
    return std::nullopt;
  }
  int64_t documents(const char* name) const {
    auto n = count(name);
    EXPECT_TRUE(n.has_value()) << "--stats has no count \"" << name
                               << "\": " << boost::json::serialize(root_);
    return n.value_or(-1);
  }
  //! results.<name> ("crash", "timeout", ...); -1 when absent.
  int64_t result(const char* name) const {
    const boost::json::value* results = root_.if_contains("results");
    if (results == nullptr)
      if (const auto* docs = root_.if_contains("documents"); docs != nullptr && docs->is_object())
        results = docs->as_object().if_contains("results");
    if (results == nullptr || !results->is_object()) {
      ADD_FAILURE() << "--stats has no \"results\": " << boost::json::serialize(root_);
      return -1;
    }
    const auto* n = results->as_object().if_contains(name);
    return n != nullptr && n->is_int64() ? n->as_int64() : 0;
  }
  //! Workers started to replace one (ISOLATION-SPEC: "worker_restarts"; also
  //! read from "workers": {"restarts"}); -1 when absent.
  int64_t worker_restarts() const { return either("worker_restarts", "restarts"); }
  //! Peak RSS of the workers ("peak_rss_workers_bytes", or "workers": {"peak_rss_bytes"}); -1 when
  //! absent.
  int64_t workers_peak_rss() const { return either("peak_rss_workers_bytes", "peak_rss_bytes"); }
  std::string text() const { return boost::json::serialize(root_); }

 private:
  int64_t either(const char* top_level, const char* in_workers) const {
    if (auto n = count(top_level)) return *n;
    if (const auto* w = root_.if_contains("workers"); w != nullptr && w->is_object())
      if (const auto* n = w->as_object().if_contains(in_workers); n != nullptr && n->is_int64())
        return n->as_int64();
    return -1;
  }

  boost::json::object root_;
};

//! What a run printed, returned and wrote as --stats.
struct RunResult {
  std::optional<int> exit_code;  //!< nothing: it did not end within its limit
  std::string out;
  std::string err;
  Stats stats;
};

//! A test's directory: outputs go to out/, the run's streams and stats beside it.
class Workspace {
 public:
  Workspace() { dir_.mkdir("out"); }
  std::string out(const std::string& name = {}) const {
    return name.empty() ? dir_.path("out") : dir_.path("out/" + name);
  }
  std::string path(const std::string& name) const { return dir_.path(name); }
  std::string output_path() const { return out("out.jsonl"); }
  std::string errors_path() const { return out("errors.jsonl"); }

  //! run PIPELINE with the test plugins, two threads, stats, and the options given.
  std::vector<std::string> args(const std::string& pipeline,
                                const std::vector<std::string>& options) const {
    std::vector<std::string> a = {"run",        pipeline, "--plugin-path", DOCPIPE_TEST_PLUGIN_DIR,
                                  "--threads",  "2",      "--stats",       path("stats.json"),
                                  "--progress", "off"};
    a.insert(a.end(), options.begin(), options.end());
    return a;
  }
  //! Streams of a spawned run: stdout and stderr beside out/; cwd out/ (where a "-" run's
  //! errors.jsonl goes).
  CliStreams streams() const { return CliStreams{path("stdout"), path("stderr"), "", out()}; }

  //! Starts a run in the background.
  pid_t spawn(const std::string& pipeline, const std::vector<std::string>& options) const {
    return spawn_cli(args(pipeline, options), streams());
  }
  //! What a spawned run left once it ended (or its limit passed).
  RunResult collect(pid_t pid, std::chrono::milliseconds limit = run_limit) const {
    RunResult r;
    r.exit_code = wait_cli_for(pid, limit);
    r.out = read_file(path("stdout"));
    r.err = read_file(path("stderr"));
    r.stats = Stats(path("stats.json"));
    EXPECT_TRUE(r.exit_code.has_value())
        << "the run did not end within " << limit.count() << " ms; stderr:\n"
        << r.err.substr(0, 4000);
    return r;
  }
  RunResult run(const std::string& pipeline, const std::vector<std::string>& options) const {
    return collect(spawn(pipeline, options));
  }

 private:
  TempDir dir_;
};

//! What a run on test.counter count=N must have left.
struct Expected {
  int exit_code = 0;
  int read = 1000;
  std::map<std::string, std::string> failed;  //!< id -> result ("crash", "timeout", ...)
  std::string stage;  //!< the instance failed records name, e.g. "test.segfault#0"
};

//! The exit code; read == ok + dropped + failed + partial with the counts
//! expected; the output holds exactly the ok documents; errors.jsonl names the
//! result and stage of exactly the failed ones; no temporary file is left.
//! stage_of names the instance of the documents failed by another stage than e.stage.
inline void expect_outcome(const Workspace& ws, const RunResult& run, const Expected& e,
                           const std::map<std::string, std::string>& stage_of = {}) {
  ASSERT_TRUE(run.exit_code.has_value());
  EXPECT_EQ(*run.exit_code, e.exit_code) << "stderr:\n" << run.err.substr(0, 4000);
  ASSERT_TRUE(run.stats.written()) << "no --stats file; stderr:\n" << run.err.substr(0, 4000);
  int64_t read = run.stats.documents("read"), ok = run.stats.documents("ok");
  int64_t dropped = run.stats.documents("dropped"), failed = run.stats.documents("failed");
  int64_t partial = run.stats.count("partial").value_or(0);
  EXPECT_EQ(read, ok + dropped + failed + partial) << run.stats.text();
  EXPECT_EQ(read, e.read) << run.stats.text();
  EXPECT_EQ(failed, static_cast<int64_t>(e.failed.size())) << run.stats.text();
  EXPECT_EQ(ok, e.read - static_cast<int64_t>(e.failed.size())) << run.stats.text();
  std::map<std::string, int64_t> per_result;
  for (const auto& [id, result] : e.failed) ++per_result[result];
  for (const auto& [result, n] : per_result)
    EXPECT_EQ(run.stats.result(result.c_str()), n) << result;

  std::set<std::string> failed_ids = keys_of(e.failed);
  EXPECT_EQ(ids_in_jsonl(ws.output_path()), without(counter_ids(e.read), failed_ids));
  auto errors = errors_in(ws.errors_path());
  EXPECT_EQ(keys_of(errors), failed_ids);
  for (const auto& [id, record] : errors) {
    auto want = e.failed.find(id);
    if (want == e.failed.end()) continue;
    EXPECT_EQ(record.result, want->second) << id << ": " << record.message;
    auto other = stage_of.find(id);
    EXPECT_EQ(record.stage, other != stage_of.end() ? other->second : e.stage)
        << id << ": " << record.message;
  }
  EXPECT_THAT(temp_files_in(ws.out()), ::testing::IsEmpty());
}

//! {id: result} for ids.
inline std::map<std::string, std::string> all_as(const std::set<std::string>& ids,
                                                 const std::string& result) {
  std::map<std::string, std::string> m;
  for (const auto& id : ids) m[id] = result;
  return m;
}

}  // namespace docpipe::test::crash
