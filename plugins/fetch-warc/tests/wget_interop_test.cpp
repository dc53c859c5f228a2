// Interoperability: WARC files written by Debian's wget (an independent
// writer) against Debian's nginx on 127.0.0.1, read back by fetch.warc.
#include <docpipe_warc/reader.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "jsonl_util.hpp"
#include "nginx_server.hpp"
#include "test_support.hpp"

namespace {

using docpipe::fetch_warc::test::meta;
using docpipe::fetch_warc::test::read_jsonl;
using docpipe::fetch_warc::test::str;
using docpipe::test::read_file;
using docpipe::test::run_cli;
using docpipe::test::TempDir;
using testing::HasSubstr;

// Runs a program without a shell; its exit code (or 128 + signal, 127 if it could not start).
int run(const std::vector<std::string>& args, const std::string& log) {
  pid_t pid = fork();
  if (pid == 0) {
    FILE* o = std::freopen(log.c_str(), "w", stdout);
    FILE* e = std::freopen(log.c_str(), "a", stderr);
    if (o == nullptr || e == nullptr) _exit(127);
    std::vector<char*> argv;
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string page(const std::string& title, const std::string& text) {
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title +
         "</title></head><body><article><h1>" + title + "</h1><p>" + text + "</p></article></body></html>\n";
}

// wget archiving pages served by Debian's nginx (tests/support/nginx_server.hpp),
// with /gz/ compressed so the archive holds gzip-encoded bodies.
class Nginx : public testing::Test {
 protected:
  void SetUp() override {
    dir_.write("www/index.html", page("Index", "The front page of the test site."));
    std::string long_text;
    for (int i = 0; i < 200; ++i) long_text += "Compressed paragraph words number " + std::to_string(i) + ". ";
    dir_.write("www/gz/long.html", page("Gzipped", long_text));
    dir_.write("www/plain.txt", "not html");
    nginx_ = std::make_unique<docpipe::test::Nginx>(
        dir_, "    location /gz/ { gzip on; gzip_min_length 1; gzip_types text/html; }\n");
    if (!nginx_->ok()) GTEST_SKIP() << "nginx could not start: " << nginx_->why();
  }

  std::string url(const std::string& path) const { return nginx_->url(path); }

  // wget with gzip requested, so nginx compresses /gz/ and wget archives the compressed bytes.
  int wget(const std::string& warc_base, bool compress) {
    std::vector<std::string> args = {"wget", "-q", "--compression=gzip", "--tries=1", "-P", dir_ / "dl",
                                     "--warc-file=" + warc_base};
    if (!compress) args.push_back("--no-warc-compression");
    for (const char* p : {"/index.html", "/gz/long.html", "/missing.html", "/plain.txt"}) args.push_back(url(p));
    return run(args, dir_ / "wget.log");
  }

  void check_docs(const std::string& warc) {
    std::string out = dir_ / "out.jsonl";
    std::remove(out.c_str());
    auto r = run_cli({"run", "fetch.warc path=" + warc + " ! clean.html ! export.jsonl path=" + out + " overwrite=true",
                      "--log-level", "info"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto docs = read_jsonl(out);
    ASSERT_EQ(docs.size(), 2u) << r.err;
    std::set<std::string> urls;
    for (const auto& d : docs) urls.insert(meta(d, "url"));
    EXPECT_EQ(urls, (std::set<std::string>{url("/index.html"), url("/gz/long.html")}));
    for (const auto& d : docs) {
      EXPECT_EQ(meta(d, "http_status"), "200");
      EXPECT_FALSE(meta(d, "warc_record_id").empty());
      if (meta(d, "url") == url("/index.html")) {
        EXPECT_THAT(str(d, "text"), HasSubstr("The front page of the test site."));
      } else {
        EXPECT_THAT(str(d, "text"), HasSubstr("Compressed paragraph words number 199."));
      }
    }
    // The 404 and the text/plain page are filtered out and counted.
    EXPECT_THAT(r.err, HasSubstr("status 404: 1"));
    EXPECT_THAT(r.err, HasSubstr("content_type text/plain"));
  }

  TempDir dir_;
  std::unique_ptr<docpipe::test::Nginx> nginx_;
};

TEST_F(Nginx, WgetPlainWarc) {
  int rc = wget(dir_ / "crawl", false);
  ASSERT_TRUE(rc == 0 || rc == 8) << "wget exit " << rc << ": " << read_file(dir_ / "wget.log");  // 8: the 404
  // The archived gzip body proves nginx compressed it and wget kept the bytes as sent.
  EXPECT_THAT(read_file(dir_ / "crawl.warc"), HasSubstr("Content-Encoding: gzip"));
  check_docs(dir_ / "crawl.warc");
}

TEST_F(Nginx, WgetCompressedWarcIsPerRecordGzip) {
  int rc = wget(dir_ / "crawl", true);
  ASSERT_TRUE(rc == 0 || rc == 8) << "wget exit " << rc << ": " << read_file(dir_ / "wget.log");
  std::string path = dir_ / "crawl.warc.gz";
  docpipe::warc::Reader reader(path);
  docpipe::warc::Record record;
  int records = 0;
  while (reader.next(record)) {
    EXPECT_EQ(record.error, "");
    // wget compresses each record as its own gzip member.
    EXPECT_EQ(record.offset_kind, docpipe::warc::OffsetKind::gzip_member);
    ++records;
  }
  EXPECT_GE(records, 9);  // warcinfo, 4 x (request, response), wget's log
  check_docs(path);
}

}  // namespace
