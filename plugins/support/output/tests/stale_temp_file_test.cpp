// Temporary files of a killed writer are removed by the next writer of the
// same name; a live writer's are not.
#include <docpipe_output/atomic_file.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "test_support.hpp"

namespace docpipe::output {
namespace {

using docpipe::test::TempDir;
using ::testing::ElementsAre;
using ::testing::SizeIs;
using ::testing::StartsWith;

// A child process that opens an AtomicFile for final_path, writes to it and
// waits to be killed; the parent learns the temporary file's name.
class Holder {
 public:
  explicit Holder(const std::string& final_path, const std::string& temp_dir = {}) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(fds[0]);
      try {
        AtomicFile file(final_path, AtomicFileOptions{false, false, temp_dir, {}});
        file.write("unfinished", 10);
        std::string name = file.temp_path() + "\n";
        if (::write(fds[1], name.data(), name.size()) < 0) ::_exit(2);
        for (;;) ::pause();
      } catch (...) {
        ::_exit(1);
      }
    }
    ::close(fds[1]);
    temp_path_ = read_line(fds[0]);
    ::close(fds[0]);
  }
  ~Holder() { kill(); }
  Holder(const Holder&) = delete;
  Holder& operator=(const Holder&) = delete;

  //! SIGKILL: no destructor runs, the temporary file stays behind.
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  const std::string& temp_path() const { return temp_path_; }

 private:
  // The child's one line, waited for at most 10 s.
  static std::string read_line(int fd) {
    std::string line;
    for (;;) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 10000) <= 0) break;
      char c;
      if (::read(fd, &c, 1) != 1 || c == '\n') break;
      line += c;
    }
    return line;
  }

  pid_t pid_ = -1;
  std::string temp_path_;
};

TEST(StaleTempFiles, AKilledWritersFileIsRemovedByTheNextWriterOfTheName) {
  TempDir dir;
  std::string final_path = dir.path("out.jsonl");
  Holder holder(final_path);
  ASSERT_THAT(holder.temp_path(), StartsWith(dir.path(".out.jsonl.tmp-")));
  holder.kill();
  ASSERT_TRUE(std::filesystem::exists(holder.temp_path()))
      << "SIGKILL should leave the file behind";

  AtomicFile next(final_path, {});
  EXPECT_FALSE(std::filesystem::exists(holder.temp_path()));
  EXPECT_THAT(dir.list(), SizeIs(1));  // the new writer's own temporary file
  next.write("whole", 5);
  next.commit();
  EXPECT_THAT(dir.list(), ElementsAre("out.jsonl"));
}

TEST(StaleTempFiles, ALiveWritersFileStays) {
  TempDir dir;
  std::string final_path = dir.path("out.jsonl");
  Holder holder(final_path);
  ASSERT_TRUE(std::filesystem::exists(holder.temp_path()));
  {
    AtomicFile other(final_path, {});
    EXPECT_NE(other.temp_path(), holder.temp_path());
  }
  EXPECT_TRUE(std::filesystem::exists(holder.temp_path()));
  EXPECT_EQ(TempDir::read(holder.temp_path()), "unfinished");
  EXPECT_EQ(remove_stale_temp_files(dir.root(), "out.jsonl"), 0u);
  holder.kill();
  EXPECT_EQ(remove_stale_temp_files(dir.root(), "out.jsonl"), 1u);
  EXPECT_TRUE(dir.list().empty());
}

TEST(StaleTempFiles, AnOpenFileOfThisProcessStays) {
  TempDir dir;
  AtomicFile first(dir.path("out.jsonl"), {});
  AtomicFile second(dir.path("out.jsonl"), {});
  EXPECT_TRUE(std::filesystem::exists(first.temp_path()));
  EXPECT_EQ(remove_stale_temp_files(dir.root(), "out.jsonl"), 0u);
}

TEST(StaleTempFiles, OnlyTemporaryFilesOfTheSameFinalNameAreTouched) {
  TempDir dir;
  dir.write(".out.jsonl.tmp-99999-0", "dead writer, no lock");
  dir.write(".out.jsonl.gz.tmp-99999-0", "another name");
  dir.write(".other.jsonl.tmp-99999-0", "another name");
  dir.write("out.jsonl.tmp-99999-0", "not hidden: not ours");
  dir.write(".out.jsonl.tmp-", "no writer part");
  EXPECT_EQ(remove_stale_temp_files(dir.root(), "out.jsonl"), 1u);
  EXPECT_THAT(dir.list(), ElementsAre(".other.jsonl.tmp-99999-0", ".out.jsonl.gz.tmp-99999-0",
                                      ".out.jsonl.tmp-", "out.jsonl.tmp-99999-0"));
}

TEST(StaleTempFiles, CleanedInTheTemporaryDirectoryWhenOneIsSet) {
  TempDir dir;
  std::string temp_dir = dir.mkdir("tmp");
  Holder holder(dir.path("out/out.jsonl"), temp_dir);
  ASSERT_THAT(holder.temp_path(), StartsWith(temp_dir + "/.out.jsonl.tmp-"));
  holder.kill();
  AtomicFile next(dir.path("out/out.jsonl"), AtomicFileOptions{false, false, temp_dir, {}});
  EXPECT_FALSE(std::filesystem::exists(holder.temp_path()));
}

TEST(StaleTempFiles, MissingDirectoryIsNotAnError) {
  TempDir dir;
  EXPECT_EQ(remove_stale_temp_files(dir.path("nowhere"), "out.jsonl"), 0u);
}

}  // namespace
}  // namespace docpipe::output
