#include <docpipe_files/file_walker.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

#include "test_support.hpp"

namespace docpipe::files {
namespace {

using ::testing::ElementsAre;
using docpipe::test::TempDir;

std::vector<WalkItem> walk(std::vector<std::string> roots, WalkOptions options = {}) {
  FileWalker walker(std::move(roots), std::move(options));
  std::vector<WalkItem> items;
  WalkItem item;
  while (walker.next(item)) items.push_back(item);
  return items;
}

std::vector<std::string> ids(const std::vector<WalkItem>& items) {
  std::vector<std::string> out;
  for (const WalkItem& item : items) out.push_back(item.id);
  return out;
}

// A tree whose byte order differs from locale order and from creation order.
void make_tree(const TempDir& dir) {
  dir.write("in/z.html", "z");
  dir.write("in/b.html", "b");
  dir.write("in/B.html", "B");
  dir.write("in/a.txt", "a");
  dir.write("in/\xc3\xa9.html", "e-acute");
  dir.write("in/sub/deeper/d.txt", "d");
  dir.write("in/sub/c.html", "c");
  dir.write("in/sub-x.html", "sub-x");  // "sub" < "sub-x.html": sub/ is walked first
}

TEST(FileWalker, DirectoryInByteOrderWithRelativeIds) {
  TempDir dir;
  make_tree(dir);
  std::vector<WalkItem> items = walk({dir.path("in")});
  EXPECT_THAT(ids(items), ElementsAre("B.html", "a.txt", "b.html", "sub/c.html", "sub/deeper/d.txt",
                                      "sub-x.html", "z.html", "\xc3\xa9.html"));
  for (size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(items[i].absolute, dir.path("in/" + items[i].id));
    EXPECT_EQ(items[i].path, dir.path("in/" + items[i].id));
    EXPECT_TRUE(items[i].error.empty()) << items[i].error;
    EXPECT_EQ(items[i].sequence, i);
  }
}

TEST(FileWalker, TrailingSlashOnRootChangesNothing) {
  TempDir dir;
  make_tree(dir);
  EXPECT_EQ(ids(walk({dir.path("in/")})), ids(walk({dir.path("in")})));
  EXPECT_EQ(walk({dir.path("in/")})[0].absolute, dir.path("in/B.html"));
}

TEST(FileWalker, RootsInTheOrderGivenAndFileRootIdIsItsName) {
  TempDir dir;
  make_tree(dir);
  dir.write("one.txt", "1");
  std::vector<WalkItem> items =
      walk({dir.path("in/sub"), dir.path("one.txt"), dir.path("in/a.txt")});
  EXPECT_THAT(ids(items), ElementsAre("c.html", "deeper/d.txt", "one.txt", "a.txt"));
  EXPECT_EQ(items[2].absolute, dir.path("one.txt"));
}

TEST(FileWalker, RelativeRootGetsAbsoluteNormalSource) {
  TempDir dir;
  make_tree(dir);
  std::filesystem::path before = std::filesystem::current_path();
  std::filesystem::current_path(dir.root());
  std::vector<WalkItem> items = walk({"./in/../in/sub"});
  std::filesystem::current_path(before);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].id, "c.html");
  EXPECT_EQ(items[0].absolute, dir.path("in/sub/c.html"));
}

TEST(FileWalker, GlobSortedWithIdsBelowItsWildcardFreePrefix) {
  TempDir dir;
  dir.write("data/2024/p2.html", "");
  dir.write("data/2023/p1.html", "");
  dir.write("data/2023/q1.html", "");
  dir.write("data/2025/notes.txt", "");
  dir.write("data/2025/p3.html/inner.txt", "a directory matched by the glob is walked");
  std::vector<WalkItem> items = walk({dir.path("data/*/p*.html")});
  EXPECT_THAT(ids(items), ElementsAre("2023/p1.html", "2024/p2.html", "2025/p3.html/inner.txt"));
  EXPECT_EQ(items[0].absolute, dir.path("data/2023/p1.html"));
}

TEST(FileWalker, GlobMatchingNothingIsOneFailedItem) {
  TempDir dir;
  std::string pattern = dir.path("nothing/*.html");
  std::vector<WalkItem> items = walk({pattern});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].id, pattern);
  EXPECT_EQ(items[0].absolute, pattern);
  EXPECT_EQ(items[0].error, "no file matches glob");
}

TEST(FileWalker, MissingPathIsOneFailedItemNamedAsGiven) {
  TempDir dir;
  dir.write("ok.txt", "");
  std::string missing = dir.path("missing.html");
  std::vector<WalkItem> items = walk({missing, dir.path("ok.txt")});
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].id, missing);
  EXPECT_EQ(items[0].absolute, missing);
  EXPECT_EQ(items[0].error, "no such file or directory");
  EXPECT_EQ(items[1].id, "ok.txt");
  EXPECT_TRUE(items[1].error.empty());
}

TEST(FileWalker, IncludeAndExcludeApplyToNamesFoundInsideDirectories) {
  TempDir dir;
  make_tree(dir);
  WalkOptions options;
  options.include = {"*.html", "*.htm"};
  options.exclude = {"b*", "sub-*"};
  EXPECT_THAT(ids(walk({dir.path("in")}, options)),
              ElementsAre("B.html", "sub/c.html", "z.html", "\xc3\xa9.html"));
}

TEST(FileWalker, NamedFileRootIsReadWhateverTheFilters) {
  TempDir dir;
  dir.write("page.txt", "");
  WalkOptions options;
  options.include = {"*.html"};
  EXPECT_THAT(ids(walk({dir.path("page.txt")}, options)), ElementsAre("page.txt"));
}

TEST(FileWalker, RecursionOffReadsTopLevelFilesOnly) {
  TempDir dir;
  make_tree(dir);
  WalkOptions options;
  options.recursive = false;
  EXPECT_THAT(ids(walk({dir.path("in")}, options)),
              ElementsAre("B.html", "a.txt", "b.html", "sub-x.html", "z.html", "\xc3\xa9.html"));
}

TEST(FileWalker, ShardsPartitionTheWalkExactlyOnce) {
  TempDir dir;
  make_tree(dir);
  dir.write("extra/x1.txt", "");
  dir.write("extra/x2.txt", "");
  std::vector<std::string> roots = {dir.path("in"), dir.path("missing"), dir.path("extra/*.txt")};
  std::vector<WalkItem> all = walk(roots);
  ASSERT_EQ(all.size(), 11u);  // 8 + 1 failed + 2
  for (uint32_t count = 1; count <= 5; ++count) {
    std::map<std::string, int> seen;
    for (uint32_t index = 0; index < count; ++index) {
      WalkOptions options;
      options.shard_index = index;
      options.shard_count = count;
      for (const WalkItem& item : walk(roots, options)) {
        EXPECT_EQ(item.sequence % count, index) << item.id;
        EXPECT_EQ(item.id, all[item.sequence].id);
        ++seen[item.id];
      }
    }
    ASSERT_EQ(seen.size(), all.size()) << count << " shards";
    for (const auto& [id, times] : seen)
      EXPECT_EQ(times, 1) << id << " with " << count << " shards";
  }
}

TEST(FileWalker, FifoIsAFailedItemNotARead) {
  TempDir dir;
  dir.write("d/a.txt", "");
  ASSERT_EQ(::mkfifo(dir.path("d/pipe").c_str(), 0600), 0);
  std::vector<WalkItem> items = walk({dir.path("d"), dir.path("d/pipe")});
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[1].id, "pipe");
  EXPECT_EQ(items[1].error, "not a regular file (fifo)");
  EXPECT_EQ(items[2].id, dir.path("d/pipe"));
  EXPECT_EQ(items[2].error, "not a regular file (fifo)");
}

TEST(FileWalker, SymlinksInsideDirectoriesSkippedUnlessFollowed) {
  TempDir dir;
  dir.write("target/t.txt", "");
  dir.write("in/a.txt", "");
  std::filesystem::create_symlink(dir.path("target"), dir.path("in/linked-dir"));
  std::filesystem::create_symlink(dir.path("target/t.txt"), dir.path("in/linked-file"));
  std::filesystem::create_symlink(dir.path("gone"), dir.path("in/zz-dangling"));

  FileWalker plain({dir.path("in")}, WalkOptions{});
  WalkItem item;
  std::vector<std::string> plain_ids;
  while (plain.next(item)) plain_ids.push_back(item.id);
  EXPECT_THAT(plain_ids, ElementsAre("a.txt"));
  EXPECT_EQ(plain.skipped_symlinks(), 3u);

  WalkOptions follow;
  follow.follow_symlinks = true;
  std::vector<WalkItem> items = walk({dir.path("in")}, follow);
  EXPECT_THAT(ids(items), ElementsAre("a.txt", "linked-dir/t.txt", "linked-file", "zz-dangling"));
  EXPECT_EQ(items[1].absolute, dir.path("in/linked-dir/t.txt"));
  EXPECT_TRUE(items[2].error.empty());
  EXPECT_EQ(items[3].error, "dangling symlink: no such file or directory");
}

TEST(FileWalker, SymlinkLoopIsReportedOnce) {
  TempDir dir;
  dir.write("in/a.txt", "");
  std::filesystem::create_symlink("..", dir.path("in/up"));
  std::filesystem::create_symlink(".", dir.path("in/self"));
  WalkOptions follow;
  follow.follow_symlinks = true;
  std::vector<WalkItem> items = walk({dir.path("in")}, follow);
  // "up" leads to the temp root (not on the stack) whose "in" is: the loop is caught there.
  EXPECT_THAT(ids(items), ElementsAre("a.txt", "self", "up/in"));
  EXPECT_EQ(items[1].error, "symlink loop: points to a directory already being walked");
  EXPECT_EQ(items[2].error, "symlink loop: points to a directory already being walked");
}

TEST(FileWalker, NamedSymlinkRootIsFollowed) {
  TempDir dir;
  dir.write("target/t.txt", "");
  std::filesystem::create_symlink(dir.path("target"), dir.path("link"));
  EXPECT_THAT(ids(walk({dir.path("link")})), ElementsAre("t.txt"));
}

// Root reads every directory, so the check runs in a child that gives up root.
TEST(FileWalker, UnreadableDirectoryIsAFailedItemAndTheWalkGoesOn) {
  TempDir dir;
  dir.write("in/a.txt", "");
  dir.write("in/locked/secret.txt", "");
  dir.write("in/z.txt", "");
  ::chmod(dir.root().c_str(), 0755);
  ::chmod(dir.path("in").c_str(), 0755);
  ::chmod(dir.path("in/locked").c_str(), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::getuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(2);
    std::vector<WalkItem> items = walk({dir.path("in")});
    bool right = items.size() == 3 && items[0].id == "a.txt" && items[1].id == "locked" &&
                 items[1].error == "permission denied reading directory" &&
                 items[1].absolute == dir.path("in/locked") && items[2].id == "z.txt";
    ::_exit(right ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "2 means the child could not drop root";
}

}  // namespace
}  // namespace docpipe::files
