// fetch.http through the docpipe CLI: documents, metadata, the errors sink, sharding.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "servers.hpp"

using namespace docpipe::http::test;
using docpipe::test::run_cli;

namespace {

std::vector<boost::json::object> read_jsonl(const std::string& path) {
  std::vector<boost::json::object> out;
  for (const auto& line : docpipe::test::read_lines(path))
    if (!line.empty()) out.push_back(boost::json::parse(line).as_object());
  return out;
}

std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

}  // namespace

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<FaultServer>(dir_);
    if (!server_->ok()) GTEST_SKIP() << "fault server did not start";
  }
  TempDir dir_;
  std::unique_ptr<FaultServer> server_;
};

TEST_F(CliTest, DescribeListsTheParameters) {
  auto r = run_cli({"describe", "fetch.http"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* p : {"urls", "concurrency", "per_host", "delay", "robots", "allow_private", "max_size"})
    EXPECT_NE(r.out.find(p), std::string::npos) << p;
}

TEST_F(CliTest, JsonlInputMetadataAndErrorsSink) {
  std::string list = dir_.write(
      "urls.jsonl",
      "{\"url\":\"" + server_->url("/ok/a") + "\",\"id\":\"doc-a\",\"lang\":\"en\",\"tags\":[\"x\",\"y\"]," +
          "\"metadata\":{\"batch\":7}}\n" + "{\"url\":\"" + server_->url("/missing") + "\",\"id\":\"doc-missing\"}\n" +
          "not json\n");
  std::string out = dir_.path("out/docs.jsonl");
  auto r = run_cli({"run", "--max-failed", "10", "fetch.http urls=" + list + " allow_private=true robots=false "
                    "retry_delay=10ms ! export.jsonl path=" + out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto docs = read_jsonl(out);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(str(docs[0]["id"]), "doc-a");
  auto& meta = docs[0]["metadata"].as_object();
  EXPECT_EQ(str(meta["url"]), server_->url("/ok/a"));
  EXPECT_EQ(meta["http_status"].as_int64(), 200);
  EXPECT_EQ(str(meta["lang"]), "en");
  EXPECT_EQ(meta["tags"].as_array().size(), 2u);
  EXPECT_EQ(meta["batch"].as_int64(), 7);
  EXPECT_EQ(str(meta["final_url"]), server_->url("/ok/a"));
  EXPECT_TRUE(meta.contains("fetch_time"));
  EXPECT_EQ(str(meta["content_type"]), "text/html; charset=utf-8");

  auto errors = read_jsonl(dir_.path("out/errors.jsonl"));
  ASSERT_EQ(errors.size(), 2u);
  std::map<std::string, std::string> why;
  for (auto& e : errors) why[str(e["id"])] = str(e["message"]);
  EXPECT_EQ(why["doc-missing"], "HTTP 404");
  ASSERT_EQ(why.size(), 2u);
  EXPECT_NE(why.begin()->second.find("invalid JSON"), std::string::npos) << why.begin()->first;
}

TEST_F(CliTest, PrivateAddressesAreRefusedByDefault) {
  std::string list = dir_.write("urls.txt", server_->url("/ok/a") + "\n");
  std::string out = dir_.path("out/docs.jsonl");
  auto r = run_cli({"run", "fetch.http urls=" + list + " ! export.jsonl path=" + out});
  EXPECT_EQ(r.exit_code, 3) << r.err;  // one failed document, --max-failed 0
  auto errors = read_jsonl(dir_.path("out/errors.jsonl"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(str(errors[0]["message"]), "private address refused (127.0.0.1)");
  EXPECT_TRUE(server_->log().empty());
}

TEST_F(CliTest, ShardsPartitionTheUrls) {
  std::string list;
  std::set<std::string> want;
  for (int i = 0; i < 40; ++i) {
    list += server_->url("/ok/s" + std::to_string(i)) + "\n";
    want.insert(server_->url("/ok/s" + std::to_string(i)));
  }
  std::string file = dir_.write("urls.txt", list);
  std::multiset<std::string> got;
  for (int s = 0; s < 3; ++s) {
    std::string out = dir_.path("out/shard" + std::to_string(s) + ".jsonl");
    auto r = run_cli({"run", "--shard", std::to_string(s) + "/3",
                      "fetch.http urls=" + file + " allow_private=true robots=false ! export.jsonl path=" + out});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // With --shard the sink names its file per shard: shardS-0000S.jsonl.
    auto docs = read_jsonl(dir_.path("out/shard" + std::to_string(s) + "-0000" + std::to_string(s) + ".jsonl"));
    EXPECT_GT(docs.size(), 0u);
    for (auto& d : docs) got.insert(str(d["id"]));
  }
  EXPECT_EQ(got.size(), want.size());
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), want);
  EXPECT_EQ(server_->times("/ok/s").size(), 40u);  // each URL fetched by exactly one shard
}

TEST_F(CliTest, MissingUrlListStopsTheRun) {
  auto r = run_cli({"run", "fetch.http urls=/nonexistent/list.txt ! export.jsonl path=" + dir_.path("o.jsonl")});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("cannot open URL list"), std::string::npos) << r.err;
}
