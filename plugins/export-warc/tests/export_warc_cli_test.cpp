// export.warc through the CLI: read back with the WARC reader and zcat, with
// and without a WARC source, and killed half way.
#include <docpipe_warc/reader.hpp>
#include <docpipe_warc/writer.hpp>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace {

using docpipe::test::read_file;
using docpipe::test::run_cli;
using docpipe::test::TempDir;
using testing::HasSubstr;
namespace warc = docpipe::warc;

std::vector<warc::Record> read_warc(const std::string& path) {
  std::vector<warc::Record> out;
  warc::Reader reader(path);
  warc::Record r;
  while (reader.next(r)) out.push_back(r);
  return out;
}

std::string html_response(const std::string& uri, const std::string& text, std::string* id) {
  std::string http = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>" + text +
                     "</p></body></html>";
  return warc::encode_record({"response", uri, "2024-05-01T12:00:00Z", "application/http; msgtype=response", {}, http},
                             true, id);
}

TEST(ExportWarcCli, FromWarcSourceWithRefersToReadBackAndZcat) {
  TempDir dir;
  std::string id1, id2;
  dir.write("in.warc.gz", html_response("http://a.example/", "First archived page.", &id1) +
                              html_response("http://b.example/", "Second archived page.", &id2));
  std::string out = dir / "out/wet.warc.gz";
  auto r = run_cli({"run", "fetch.warc path=" + (dir / "in.warc.gz") + " ! clean.html extract=all ! export.warc path=" + out,
                    "--threads", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto records = read_warc(out);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].type, "warcinfo");
  EXPECT_EQ(records[1].type, "conversion");
  EXPECT_EQ(records[1].block, "First archived page.");
  EXPECT_EQ(records[1].headers.find("WARC-Target-URI").value_or(""), "http://a.example/");
  EXPECT_EQ(records[1].headers.find("WARC-Refers-To").value_or(""), id1);
  EXPECT_EQ(records[1].headers.find("WARC-Date").value_or(""), "2024-05-01T12:00:00Z");
  EXPECT_EQ(records[2].headers.find("WARC-Refers-To").value_or(""), id2);
  for (const auto& rec : records) EXPECT_EQ(rec.offset_kind, warc::OffsetKind::gzip_member);
  // An independent reader: zcat joins the members into a plain WARC.
  std::string plain = dir / "plain.warc";
  std::string cmd = "zcat '" + out + "' > '" + plain + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::string text = read_file(plain);
  EXPECT_TRUE(text.starts_with("WARC/1.1\r\nWARC-Type: warcinfo\r\n"));
  EXPECT_THAT(text, HasSubstr("WARC-Type: conversion\r\n"));
  EXPECT_THAT(text, HasSubstr("Second archived page."));
  // Read back through fetch.warc too: conversion records as documents.
  std::string jsonl = dir / "back.jsonl";
  r = run_cli({"run", "fetch.warc path=" + out + " record_types=conversion content_types=text/plain ! export.jsonl path=" + jsonl});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(read_file(jsonl), HasSubstr("First archived page."));
}

TEST(ExportWarcCli, FromJsonlSourcePlainWarcWithoutRefersTo) {
  TempDir dir;
  dir.write("in.jsonl", "{\"id\":\"a\",\"text\":\"Text one.\",\"url\":\"http://one/\"}\n{\"id\":\"b\",\"text\":\"Text two.\"}\n");
  std::string out = dir / "out.warc";
  auto r = run_cli({"run", "fetch.jsonl path=" + (dir / "in.jsonl") + " ! export.warc path=" + out, "--threads", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto records = read_warc(out);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].offset_kind, warc::OffsetKind::file);
  EXPECT_EQ(records[1].block, "Text one.");
  EXPECT_FALSE(records[1].headers.find("WARC-Refers-To"));
  EXPECT_EQ(records[1].headers.find("WARC-Target-URI").value_or(""), "http://one/");
  // Without a URL the source names the document.
  EXPECT_THAT(std::string(records[2].headers.find("WARC-Target-URI").value_or("")), HasSubstr("in.jsonl:2"));
  // The final file is never replaced unless asked.
  r = run_cli({"run", "fetch.jsonl path=" + (dir / "in.jsonl") + " ! export.warc path=" + out});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  r = run_cli({"run", "fetch.jsonl path=" + (dir / "in.jsonl") + " ! export.warc path=" + out + " overwrite=true"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(ExportWarcCli, RollsPartsEachWithWarcinfo) {
  TempDir dir;
  std::string lines;
  for (int i = 0; i < 5; ++i) lines += "{\"id\":\"d" + std::to_string(i) + "\",\"text\":\"t\",\"url\":\"u\"}\n";
  dir.write("in.jsonl", lines);
  auto r = run_cli({"run", "fetch.jsonl path=" + (dir / "in.jsonl") + " ! export.warc max_docs=2 path=" +
                               (dir / "out/p-{part}.warc.gz")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> names;
  for (const auto& n : dir.list("out")) {
    if (n.ends_with(".warc.gz")) names.push_back(n);  // errors.jsonl lives here too
  }
  ASSERT_EQ(names.size(), 3u);
  size_t conversions = 0;
  for (const auto& n : names) {
    auto records = read_warc(dir / ("out/" + n));
    ASSERT_FALSE(records.empty());
    EXPECT_EQ(records[0].type, "warcinfo");
    conversions += records.size() - 1;
  }
  EXPECT_EQ(conversions, 5u);
}

TEST(ExportWarcCli, KilledRunLeavesNoFinalFile) {
  TempDir dir;
  std::string out = dir / "out/wet.warc.gz";
  int in[2];
  ASSERT_EQ(pipe(in), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], STDIN_FILENO);
    close(in[1]);
    if (std::freopen("/dev/null", "w", stderr) == nullptr) _exit(127);
    std::string exe = DOCPIPE_CLI;
    std::string pipeline = "fetch.jsonl path=- ! export.warc path=" + out;
    execl(exe.c_str(), exe.c_str(), "run", pipeline.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(in[0]);
  std::string line = "{\"id\":\"x\",\"text\":\"" + std::string(1000, 'x') + "\"}\n";
  for (int i = 0; i < 200; ++i) ASSERT_EQ(write(in[1], line.data(), line.size()), static_cast<ssize_t>(line.size()));
  // The run is now blocked reading stdin, with the sink's temporary part open:
  // wait for that part to exist, then kill without any chance to clean up.
  bool temp_seen = false;
  for (int i = 0; i < 1000 && !temp_seen; ++i) {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir / "out", ec)) {
      if (e.path().filename().string().find("tmp") != std::string::npos) temp_seen = true;
    }
    if (!temp_seen) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  close(in[1]);
  EXPECT_TRUE(temp_seen) << "the sink never opened its temporary file";
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_FALSE(std::filesystem::exists(out)) << "a killed run left a final-named file";
}

}  // namespace
