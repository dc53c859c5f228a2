#include <docpipe_files/input_sizer.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "test_support.hpp"

namespace docpipe::files {
namespace {

using docpipe::test::TempDir;

TEST(InputSizer, SumsTheFilesOfTheWalkOfThisShard) {
  TempDir dir;
  dir.write("in/a.html", std::string(100, 'a'));
  dir.write("in/sub/b.html", std::string(2000, 'b'));
  dir.write("in/c.txt", std::string(30, 'c'));
  dir.write("in/d.html", "");
  InputSizer all({dir / "in"}, WalkOptions{});
  EXPECT_EQ(all.wait(), 2130u);
  EXPECT_EQ(all.total(), 2130u);

  WalkOptions html;
  html.include = {"*.html"};
  EXPECT_EQ(InputSizer({dir / "in"}, html).wait(), 2100u);

  // Shards split the walk's items (a.html, c.txt, d.html, sub/b.html) by position.
  WalkOptions first, second;
  first.shard_count = second.shard_count = 2;
  second.shard_index = 1;
  uint64_t one = InputSizer({dir / "in"}, first).wait();
  uint64_t two = InputSizer({dir / "in"}, second).wait();
  EXPECT_EQ(one, 100u + 0u);
  EXPECT_EQ(two, 30u + 2000u);
}

TEST(InputSizer, WalkProblemsAndMissingFilesCountNothing) {
  TempDir dir;
  dir.write("in/a.html", std::string(10, 'a'));
  EXPECT_EQ(InputSizer({dir / "in", dir / "missing.html"}, WalkOptions{}).wait(), 10u);
  EXPECT_EQ(regular_file_size(dir / "in"), 0u) << "a directory is not an input's bytes";
  EXPECT_EQ(regular_file_size(dir / "missing.html"), 0u);
  EXPECT_EQ(regular_file_size(dir / "in/a.html"), 10u);
}

TEST(InputSizer, AnUnknowableInputMeansNoTotal) {
  TempDir dir;
  dir.write("a.jsonl", std::string(10, 'a'));
  int calls = 0;
  InputSizer sizer([&](std::string& path) {
    ++calls;
    if (calls == 1) {
      path = dir / "a.jsonl";
      return InputSizer::Step::file;
    }
    return calls == 2 ? InputSizer::Step::unknowable : InputSizer::Step::end;
  });
  EXPECT_EQ(sizer.wait(), 0u);
  EXPECT_EQ(calls, 2) << "sizing stops at the first unknowable input";
}

TEST(InputSizer, DestructionStopsAPassThatWouldNotEnd) {
  std::atomic<uint64_t> steps{0};
  auto start = std::chrono::steady_clock::now();
  {
    InputSizer endless([&](std::string& path) {
      ++steps;
      path = "/nonexistent/x";
      return InputSizer::Step::file;
    });
    while (steps.load() < 100) std::this_thread::yield();
    EXPECT_EQ(endless.total(), 0u) << "no total before the end";
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

}  // namespace
}  // namespace docpipe::files
