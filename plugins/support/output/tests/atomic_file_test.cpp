#include <docpipe_output/atomic_file.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>

#include "test_support.hpp"

namespace docpipe::output {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using docpipe::test::TempDir;

TEST(AtomicFile, TempNameWhileOpenFinalOnlyAfterCommit) {
  TempDir dir;
  std::string final_path = dir.path("out.jsonl");
  AtomicFile file(final_path, {});
  EXPECT_THAT(file.temp_path(),
              StartsWith(dir.path(".out.jsonl.tmp-" + std::to_string(::getpid()) + "-")));
  file.write("line 1\n", 7);
  file.write("line 2\n", 7);
  std::vector<std::string> during = dir.list();
  ASSERT_EQ(during.size(), 1u);
  EXPECT_THAT(during[0], StartsWith(".out.jsonl.tmp-"));
  EXPECT_FALSE(std::filesystem::exists(final_path));
  file.commit();
  EXPECT_THAT(dir.list(), ElementsAre("out.jsonl"));
  EXPECT_EQ(TempDir::read(final_path), "line 1\nline 2\n");
}

TEST(AtomicFile, DestroyedWithoutCommitLeavesNothing) {
  TempDir dir;
  {
    AtomicFile file(dir.path("out.jsonl"), {});
    file.write("partial", 7);
  }
  EXPECT_TRUE(dir.list().empty());
}

TEST(AtomicFile, CreatesParentDirectories) {
  TempDir dir;
  AtomicFile file(dir.path("a/b/c/out.jsonl"), {});
  file.write("x", 1);
  file.commit();
  EXPECT_EQ(TempDir::read(dir.path("a/b/c/out.jsonl")), "x");
}

TEST(AtomicFile, ExistingFileRefusedWithoutOverwrite) {
  TempDir dir;
  std::string final_path = dir.write("out.jsonl", "precious");
  try {
    AtomicFile file(final_path, {});
    FAIL() << "an existing file was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr(final_path));
    EXPECT_THAT(e.what(), HasSubstr("set overwrite=true"));
  }
  EXPECT_EQ(TempDir::read(final_path), "precious");
  EXPECT_THAT(dir.list(), ElementsAre("out.jsonl"));
}

TEST(AtomicFile, OverwriteReplacesOnCommitOnly) {
  TempDir dir;
  std::string final_path = dir.write("out.jsonl", "old");
  AtomicFileOptions options;
  options.overwrite = true;
  options.fsync = true;
  AtomicFile file(final_path, options);
  file.write("new", 3);
  EXPECT_EQ(TempDir::read(final_path), "old");
  file.commit();
  EXPECT_EQ(TempDir::read(final_path), "new");
  EXPECT_THAT(dir.list(), ElementsAre("out.jsonl"));
}

TEST(AtomicFile, FileAppearingMeanwhileIsNotClobbered) {
  TempDir dir;
  std::string final_path = dir.path("out.jsonl");
  {
    AtomicFile file(final_path, {});
    file.write("mine", 4);
    dir.write("out.jsonl", "someone else's");
    EXPECT_THROW(file.commit(), std::runtime_error);
  }
  EXPECT_EQ(TempDir::read(final_path), "someone else's");
  EXPECT_THAT(dir.list(), ElementsAre("out.jsonl"));
}

TEST(AtomicFile, TwoWritersOfOneNameUseDifferentTempFiles) {
  TempDir dir;
  AtomicFile first(dir.path("out.jsonl"), {});
  AtomicFile second(dir.path("out.jsonl"), {});
  EXPECT_NE(first.temp_path(), second.temp_path());
}

TEST(AtomicFile, DirectoryAsPathIsRefused) {
  TempDir dir;
  EXPECT_THROW(AtomicFile(dir.root() + "/", {}), std::runtime_error);
}

}  // namespace
}  // namespace docpipe::output
