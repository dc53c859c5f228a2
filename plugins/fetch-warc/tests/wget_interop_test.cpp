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
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "jsonl_util.hpp"
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

// A port the kernel says is free on 127.0.0.1 right now.
int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) close(fd);
    return -1;
  }
  close(fd);
  return ntohs(addr.sin_port);
}

std::string page(const std::string& title, const std::string& text) {
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title +
         "</title></head><body><article><h1>" + title + "</h1><p>" + text + "</p></article></body></html>\n";
}

// nginx from Debian, daemonised with its own config, pid file and logs in a
// temporary directory; stopped by the pid in that file, and nothing else.
class Nginx : public testing::Test {
 protected:
  void SetUp() override {
    // Workers drop root privileges: the served tree must be world-readable.
    chmod(dir_.root().c_str(), 0755);
    dir_.write("www/index.html", page("Index", "The front page of the test site."));
    std::string long_text;
    for (int i = 0; i < 200; ++i) long_text += "Compressed paragraph words number " + std::to_string(i) + ". ";
    dir_.write("www/gz/long.html", page("Gzipped", long_text));
    dir_.write("www/plain.txt", "not html");
    for (const char* d : {"www", "www/gz", "tmp"}) chmod(dir_.mkdir(d).c_str(), 0755);
    chmod((dir_ / "www/index.html").c_str(), 0644);
    chmod((dir_ / "www/gz/long.html").c_str(), 0644);
    chmod((dir_ / "www/plain.txt").c_str(), 0644);
    port_ = free_port();
    ASSERT_GT(port_, 0);
    std::string t = dir_ / "tmp";
    dir_.write("nginx.conf",
               "worker_processes 1;\n"
               "daemon on;\n"
               "pid " + (dir_ / "nginx.pid") + ";\n"
               "error_log " + (dir_ / "error.log") + " warn;\n"
               "events { worker_connections 64; }\n"
               "http {\n"
               "  access_log off;\n"
               "  types { text/html html; text/plain txt; }\n"
               "  default_type application/octet-stream;\n"
               "  client_body_temp_path " + t + "/body; proxy_temp_path " + t + "/proxy;\n"
               "  fastcgi_temp_path " + t + "/fastcgi; uwsgi_temp_path " + t + "/uwsgi; scgi_temp_path " + t + "/scgi;\n"
               "  server {\n"
               "    listen 127.0.0.1:" + std::to_string(port_) + ";\n"
               "    root " + (dir_ / "www") + ";\n"
               "    location /gz/ { gzip on; gzip_min_length 1; gzip_types text/html; }\n"
               "  }\n"
               "}\n");
    // With daemon on, nginx returns once its listening socket is bound, so
    // requests made after this queue in the backlog until a worker accepts.
    int rc = run({"nginx", "-p", dir_.root(), "-e", dir_ / "error.log", "-c", dir_ / "nginx.conf"}, dir_ / "start.log");
    if (rc != 0) {
      GTEST_SKIP() << "nginx could not start (exit " << rc << "): " << read_file(dir_ / "start.log")
                   << read_file(dir_ / "error.log");
    }
    started_ = true;
  }

  void TearDown() override {
    if (!started_) return;
    // The master writes its pid before it starts workers, so after a served
    // request the file is there; wait for it only as long as shutdown takes.
    pid_t pid = 0;
    for (int i = 0; i < 500 && pid <= 0; ++i) {
      std::string text = read_file(dir_ / "nginx.pid");
      if (!text.empty()) pid = static_cast<pid_t>(std::stol(text));
      if (pid <= 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_GT(pid, 0) << "nginx wrote no pid file";
    ASSERT_EQ(kill(pid, SIGTERM), 0);
    for (int i = 0; i < 500 && kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

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
  int port_ = 0;
  bool started_ = false;
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
