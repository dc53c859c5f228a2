// A run killed with SIGKILL half way leaves no partial file under a final
// name: every final part reads back complete; only temporary names may be cut.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "sink_test_support.hpp"
#include "test_support.hpp"

namespace docpipe::test {
namespace {

namespace fs = std::filesystem;

struct Snapshot {
  size_t finals = 0;
  uintmax_t largest_temp = 0;
  bool any_temp = false;
};

Snapshot look(const std::string& dir) {
  Snapshot s;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(".docs", 0) == 0) {
      s.any_temp = true;
      s.largest_temp = std::max(s.largest_temp, entry.file_size(ec));
    } else if (name.rfind("docs-", 0) == 0) {
      ++s.finals;
    }
  }
  return s;
}

// Every final part holds exactly max_docs whole records, numbered in sequence.
constexpr const char* check_part = R"(
import json, sys
ids = [json.loads(line)['id'] for line in sys.stdin]
assert len(ids) == int(sys.argv[1]), len(ids)
nums = [int(i.split('-')[1]) for i in ids]
assert nums == list(range(nums[0], nums[0] + len(nums))), nums[:5]
print('ok')
)";

void kill_half_way_and_check(const std::string& file_name, bool compressed) {
  TempDir dir;
  std::string out = dir.mkdir("out");
  constexpr int max_docs = 100;
  pid_t pid = spawn_cli({"run",
                         "test.counter count=-1 size=16KiB ! test.text ! export.jsonl max_docs=" +
                             std::to_string(max_docs) + " path=" + out + "/" + file_name,
                         "--plugin-path", DOCPIPE_TEST_PLUGIN_DIR, "--progress", "off", "--threads", "1"},
                        CliStreams{{}, dir.path("log"), {}, {}});
  ASSERT_GT(pid, 0);
  // Wait for the condition "two parts committed and the third one being
  // written" (past 256 KiB when uncompressed); the deadline only stops a hung run.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  Snapshot s;
  for (;;) {
    s = look(out);
    bool ready = s.finals >= 2 && s.any_temp && (compressed || s.largest_temp > 256 * 1024);
    if (ready) break;
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, WNOHANG), 0) << "docpipe exited early: " << TempDir::read(dir.path("log"));
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
      FAIL() << "no part committed in time; log: " << TempDir::read(dir.path("log"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // polling a condition, not timing a race
  }
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

  std::string script = dir.write("check.py", check_part);
  size_t finals = 0;
  for (const auto& entry : fs::directory_iterator(out)) {
    std::string name = entry.path().filename().string();
    if (name[0] == '.') {
      EXPECT_NE(name.find(".tmp-"), std::string::npos) << name;  // only temporary names may be partial
      continue;
    }
    ++finals;
    std::string reader = compressed ? "zstdcat -q " : "cat ";
    ShellResult check = shell(reader + entry.path().string() + " | python3 " + script + " " +
                              std::to_string(max_docs) + " 2>&1");
    EXPECT_EQ(check.exit_code, 0) << name << ": " << check.out;
  }
  EXPECT_GE(finals, 2u);
}

TEST(ExportJsonlSigkill, NoFinalPlainPartIsPartial) { kill_half_way_and_check("docs.jsonl", false); }

TEST(ExportJsonlSigkill, NoFinalZstdPartIsPartial) { kill_half_way_and_check("docs.jsonl.zst", true); }

}  // namespace
}  // namespace docpipe::test
