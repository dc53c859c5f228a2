#include <docpipe_output/rolling_output.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <utility>
#include <vector>

#include "test_support.hpp"

namespace docpipe::output {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using docpipe::test::TempDir;

OutputOptions options_for(const std::string& path) {
  OutputOptions o;
  o.path_template = path;
  return o;
}

std::string record(int i) { return "{\"n\":" + std::to_string(i) + "}\n"; }

void write_records(RollingOutput& out, int count) {
  for (int i = 0; i < count; ++i) {
    out.write(record(i));
    out.end_record();
  }
}

TEST(RollingOutput, OneFileWithoutLimits) {
  TempDir dir;
  RollingOutput out(options_for(dir.path("out.jsonl")));
  write_records(out, 3);
  EXPECT_TRUE(out.committed().empty());
  out.finish();
  EXPECT_THAT(out.committed(), ElementsAre(dir.path("out.jsonl")));
  EXPECT_EQ(TempDir::read(dir.path("out.jsonl")), record(0) + record(1) + record(2));
  EXPECT_THAT(dir.list(), ElementsAre("out.jsonl"));
}

TEST(RollingOutput, RollsByDocsWithPartInsertedBeforeTheExtension) {
  TempDir dir;
  OutputOptions o = options_for(dir.path("out.jsonl"));
  o.max_docs = 2;
  RollingOutput out(o);
  write_records(out, 5);
  // Parts 0 and 1 are complete and already under their final names.
  EXPECT_THAT(out.committed(), ElementsAre(dir.path("out-00000.jsonl"), dir.path("out-00001.jsonl")));
  out.finish();
  EXPECT_THAT(dir.list(), ElementsAre("out-00000.jsonl", "out-00001.jsonl", "out-00002.jsonl"));
  EXPECT_EQ(TempDir::read(dir.path("out-00000.jsonl")), record(0) + record(1));
  EXPECT_EQ(TempDir::read(dir.path("out-00001.jsonl")), record(2) + record(3));
  EXPECT_EQ(TempDir::read(dir.path("out-00002.jsonl")), record(4));
}

TEST(RollingOutput, RecordsInPartIsZeroRightAfterARoll) {
  // Sinks put a separator before every record but a part's first: the count must say so.
  TempDir dir;
  OutputOptions o = options_for(dir.path("out.txt"));
  o.max_docs = 2;
  RollingOutput out(o);
  write_records(out, 2);
  EXPECT_EQ(out.records_in_part(), 0u);
  write_records(out, 1);
  EXPECT_EQ(out.records_in_part(), 1u);
}

TEST(RollingOutput, CheckpointsEndPartsAndDeferTheirRenamesInResumableRuns) {
  TempDir dir;
  std::vector<std::pair<std::string, std::string>> handed;
  OutputOptions o = options_for(dir.path("out.jsonl"));
  o.temp_dir = dir.mkdir("tmp");
  o.attempt = 1;
  o.defer_rename = [&](const std::string& t, const std::string& f) { handed.emplace_back(t, f); };
  RollingOutput out(o);
  write_records(out, 2);
  out.checkpoint();
  out.checkpoint();  // nothing written since: no empty part
  write_records(out, 1);
  out.finish();
  ASSERT_EQ(handed.size(), 2u);
  EXPECT_EQ(handed[0].second, dir.path("out-00000.jsonl")) << "a resumable run numbers its parts";
  EXPECT_EQ(handed[1].second, dir.path("out-00001.jsonl"));
  EXPECT_EQ(TempDir::read(handed[0].first), record(0) + record(1)) << "written under tmp/, fsynced, not renamed";
  EXPECT_EQ(handed[0].first.rfind(dir.path("tmp"), 0), 0u);
  EXPECT_THAT(dir.list(), ElementsAre("tmp")) << "the host renames, after its journal says so";

  // A later attempt keeps the parts already committed and numbers on after them.
  for (auto& [t, f] : handed) std::filesystem::rename(t, f);
  handed.clear();
  o.attempt = 2;
  RollingOutput again(o);
  write_records(again, 1);
  again.finish();
  ASSERT_EQ(handed.size(), 1u);
  EXPECT_EQ(handed[0].second, dir.path("out-00002.jsonl"));
}

TEST(RollingOutput, ExactMultipleLeavesNoEmptyTrailingPart) {
  TempDir dir;
  OutputOptions o = options_for(dir.path("p{part}.jsonl"));
  o.max_docs = 2;
  RollingOutput out(o);
  write_records(out, 4);
  out.finish();
  EXPECT_THAT(dir.list(), ElementsAre("p0.jsonl", "p1.jsonl"));
}

TEST(RollingOutput, NoRecordsStillWritesOneEmptyFile) {
  TempDir dir;
  RollingOutput out(options_for(dir.path("empty.jsonl.zst")));
  out.finish();
  EXPECT_THAT(dir.list(), ElementsAre("empty.jsonl.zst"));
  EXPECT_EQ(std::system(("zstdcat -q " + dir.path("empty.jsonl.zst") + " > /dev/null").c_str()), 0);
}

TEST(RollingOutput, RollsByBytesAfterTheRecordThatCrossesTheLimit) {
  TempDir dir;
  OutputOptions o = options_for(dir.path("b.txt"));
  o.max_bytes = 10;
  RollingOutput out(o);
  for (std::string r : {"aaaa\n", "bbbb\n", "cccc\n", "dddddddddddddddd\n", "e\n"}) {
    out.write(r);
    out.end_record();
  }
  out.finish();
  EXPECT_THAT(dir.list(), ElementsAre("b-00000.txt", "b-00001.txt", "b-00002.txt"));
  // No record is ever split between parts.
  EXPECT_EQ(TempDir::read(dir.path("b-00000.txt")), "aaaa\nbbbb\n");
  EXPECT_EQ(TempDir::read(dir.path("b-00001.txt")), "cccc\ndddddddddddddddd\n");
  EXPECT_EQ(TempDir::read(dir.path("b-00002.txt")), "e\n");
}

TEST(RollingOutput, CompressedPartsAreEachCompleteStreams) {
  TempDir dir;
  OutputOptions o = options_for(dir.path("z/{shard:03}-{part:04}.jsonl.zst"));
  o.max_docs = 100;
  o.shard_index = 2;
  o.shard_count = 4;
  RollingOutput out(o);
  write_records(out, 250);
  out.finish();
  ASSERT_THAT(dir.list("z"), ElementsAre("002-0000.jsonl.zst", "002-0001.jsonl.zst", "002-0002.jsonl.zst"));
  std::string cmd = "cd " + dir.path("z") +
                    " && for f in *.zst; do zstdcat -q $f | python3 -c 'import json,sys; "
                    "n=sum(1 for l in sys.stdin if json.loads(l)); print(n)'; done > counts";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_EQ(TempDir::read(dir.path("z/counts")), "100\n100\n50\n");
}

TEST(RollingOutput, GzipPartsEachDecode) {
  TempDir dir;
  OutputOptions o = options_for(dir.path("g.jsonl.gz"));
  o.max_docs = 3;
  RollingOutput out(o);
  write_records(out, 7);
  out.finish();
  ASSERT_EQ(out.committed().size(), 3u);
  for (const std::string& part : out.committed()) {
    EXPECT_EQ(std::system(("gzip -t " + part).c_str()), 0) << part;
  }
}

TEST(RollingOutput, ShardsWithoutShardInTheTemplateGetDistinctNames) {
  TempDir dir;
  OutputOptions o = options_for(dir.path("out.jsonl"));
  o.shard_count = 2;
  o.shard_index = 1;
  RollingOutput out(o);
  out.finish();
  EXPECT_THAT(dir.list(), ElementsAre("out-00001.jsonl"));
}

TEST(RollingOutput, ExistingFileIsRefusedBeforeAnyWork) {
  TempDir dir;
  std::string existing = dir.write("out.jsonl", "precious");
  try {
    RollingOutput out(options_for(existing));
    FAIL() << "an existing file was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr(existing));
    EXPECT_THAT(e.what(), HasSubstr("overwrite=true"));
  }
  EXPECT_THAT(dir.list(), ElementsAre("out.jsonl"));
  EXPECT_EQ(TempDir::read(existing), "precious");
}

TEST(RollingOutput, ExistingPartZeroIsRefusedAndLaterPartsAreCheckedBeforeCreation) {
  TempDir dir;
  dir.write("p-00000.jsonl", "old");
  OutputOptions o = options_for(dir.path("p.jsonl"));
  o.max_docs = 1;
  EXPECT_THROW(RollingOutput{o}, std::runtime_error);

  TempDir dir2;
  dir2.write("p-00001.jsonl", "old");
  o.path_template = dir2.path("p.jsonl");
  RollingOutput out(o);
  out.write(record(0));
  try {
    out.end_record();  // part 0 commits; part 1 exists
    FAIL() << "an existing part was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr(dir2.path("p-00001.jsonl")));
  }
  EXPECT_EQ(TempDir::read(dir2.path("p-00001.jsonl")), "old");
  EXPECT_EQ(TempDir::read(dir2.path("p-00000.jsonl")), record(0));
}

TEST(RollingOutput, OverwriteReplacesOnlyWhenCommitted) {
  TempDir dir;
  std::string existing = dir.write("out.txt", "old");
  OutputOptions o = options_for(existing);
  o.overwrite = true;
  o.fsync = true;
  RollingOutput out(o);
  out.write("new");
  out.end_record();
  EXPECT_EQ(TempDir::read(existing), "old");
  out.finish();
  EXPECT_EQ(TempDir::read(existing), "new");
}

TEST(RollingOutput, DestroyedWithoutFinishRemovesOnlyTheTemporaryPart) {
  TempDir dir;
  {
    OutputOptions o = options_for(dir.path("a.jsonl"));
    o.max_docs = 2;
    RollingOutput out(o);
    write_records(out, 3);
    EXPECT_THAT(out.current_temp_path(), StartsWith(dir.path(".a-00001.jsonl.tmp-")));
    EXPECT_EQ(dir.list().size(), 2u);  // part 0 final, part 1 temporary
  }
  EXPECT_THAT(dir.list(), ElementsAre("a-00000.jsonl"));
}

TEST(RollingOutput, UnwritableDirectoryFailsAtConstruction) {
  TempDir dir;
  dir.write("file", "x");
  EXPECT_THROW(RollingOutput{options_for(dir.path("file/out.jsonl"))}, std::runtime_error);
  if (::geteuid() != 0) {
    std::string ro = dir.mkdir("ro");
    ::chmod(ro.c_str(), 0555);
    EXPECT_THROW(RollingOutput{options_for(ro + "/out.jsonl")}, std::runtime_error);
  }
}

TEST(RollingOutput, BadSettingsAreRefused) {
  TempDir dir;
  OutputOptions o = options_for(dir.path("x-{nope}.jsonl"));
  EXPECT_THROW(RollingOutput{o}, std::invalid_argument);
  o = options_for(dir.path("x.jsonl.gz"));
  o.level = 12;
  EXPECT_THROW(RollingOutput{o}, std::invalid_argument);
  o = options_for(dir.path("{id}.jsonl"));
  EXPECT_THROW(RollingOutput{o}, std::invalid_argument);
  o = options_for("-");
  o.max_docs = 5;
  EXPECT_THROW(RollingOutput{o}, std::runtime_error);
  EXPECT_TRUE(dir.list().empty());
}

TEST(RollingOutput, FramingWrapsEveryPart) {
  TempDir dir;
  OutputOptions o = options_for(dir.path("f.csv"));
  o.max_docs = 2;
  RollingOutput out(o);
  out.set_framing("H\n", "F\n");
  write_records(out, 3);
  out.finish();
  EXPECT_EQ(TempDir::read(dir.path("f-00000.csv")), "H\n" + record(0) + record(1) + "F\n");
  EXPECT_EQ(TempDir::read(dir.path("f-00001.csv")), "H\n" + record(2) + "F\n");
  TempDir empty;
  RollingOutput none(options_for(empty.path("e.csv")));
  none.set_framing("H\n", "F\n");
  none.finish();
  EXPECT_EQ(TempDir::read(empty.path("e.csv")), "H\nF\n");
}

TEST(RollingOutput, PerDocumentIdTemplates) {
  TempDir dir;
  OutputOptions o = options_for(dir.path("docs/{id}.txt"));
  o.id = "../新闻/a.html";
  RollingOutput out(o);
  out.write("text");
  out.finish();
  ASSERT_EQ(out.committed().size(), 1u);
  EXPECT_EQ(out.committed()[0], dir.path("docs/_./新闻/a.html.txt"));
  EXPECT_EQ(TempDir::read(out.committed()[0]), "text");
}

// "-" writes to the descriptor the run gives as standard output, not to fd 1
// (where plugins' prints go once the host has moved the real stdout away).
TEST(RollingOutput, StandardOutputIsTheRunsDescriptor) {
  TempDir dir;
  int run_stdout = ::open(dir.path("run-stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  ASSERT_GE(run_stdout, 0);
  // fd 1 goes to a file for the duration, to see that nothing lands there.
  std::fflush(stdout);
  int saved = ::dup(STDOUT_FILENO);
  int fd1 = ::open(dir.path("fd1").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  ASSERT_GE(::dup2(fd1, STDOUT_FILENO), 0);
  {
    OutputOptions o = options_for("-");
    o.stdout_fd = run_stdout;
    RollingOutput out(o);
    write_records(out, 2);
    out.finish();
  }
  ::dup2(saved, STDOUT_FILENO);
  ::close(saved);
  ::close(fd1);
  ::close(run_stdout);
  EXPECT_EQ(TempDir::read(dir.path("run-stdout")), record(0) + record(1));
  EXPECT_EQ(TempDir::read(dir.path("fd1")), "");
}

TEST(RollingOutput, StandardOutputRefusedWhenTheRunHasNone) {
  OutputOptions o = options_for("-");
  o.stdout_fd = -1;
  try {
    RollingOutput out(o);
    FAIL() << "\"-\" was accepted without a standard output";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("no standard output"));
  }
}

}  // namespace
}  // namespace docpipe::output
