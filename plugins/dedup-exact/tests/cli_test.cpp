// dedup.exact through the CLI: within one multi-threaded run, and across shards with docpipe-dedup.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "test_support.hpp"

namespace docpipe::test {
namespace {

std::string corpus() {
  std::string lines;
  for (int d = 0; d < 40; ++d) {
    std::string text = "Document number " + std::to_string(d) + " says something.";
    lines += R"({"id":"a)" + std::to_string(d) + R"(","text":")" + text +
             R"("})"
             "\n";
    if (d % 4 == 0) {
      // The same text in upper case with extra white space: a duplicate once normalised.
      std::string shout = "DOCUMENT  NUMBER " + std::to_string(d) + "   SAYS SOMETHING.";
      lines += R"({"id":"b)" + std::to_string(d) + R"(","text":")" + shout +
               R"("})"
               "\n";
    }
  }
  return lines;
}

size_t count_ids(const std::string& json) {
  size_t n = 0;
  for (size_t at = json.find(R"("id":")"); at != std::string::npos;
       at = json.find(R"("id":")", at + 1))
    ++n;
  return n;
}

std::set<std::string> ids_of(const std::string& json) {
  std::set<std::string> ids;
  for (size_t at = json.find(R"("id":")"); at != std::string::npos;
       at = json.find(R"("id":")", at + 1)) {
    ids.insert(json.substr(at + 6, json.find('"', at + 6) - at - 6));
  }
  return ids;
}

TEST(DedupExactCli, WithinARunAcrossThreads) {
  TempDir dir;
  std::string in = dir.write("in.jsonl", corpus());
  std::string out = dir.path("out.jsonl");
  CliResult r =
      run_cli({"run", "fetch.jsonl path=" + in + " ! dedup.exact ! export.jsonl path=" + out,
               "--plugin-path", DOCPIPE_PLUGIN_DIR, "--progress", "off", "--threads", "4"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count_ids(TempDir::read(out)), 40u);
  EXPECT_NE(r.err.find("10 dropped"), std::string::npos) << r.err;
  // Case kept: nothing is a duplicate.
  r = run_cli({"run",
               "fetch.jsonl path=" + in +
                   " ! dedup.exact lowercase=false ! export.jsonl overwrite=true path=" + out,
               "--plugin-path", DOCPIPE_PLUGIN_DIR, "--progress", "off", "--threads", "4"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count_ids(TempDir::read(out)), 50u);
}

std::set<std::string> across_shards(const TempDir& tmp, const std::string& name, int shards) {
  std::string lines = corpus();
  size_t start = 0;
  int part = 0;
  while (start < lines.size()) {
    size_t end = lines.find('\n', start) + 1;
    tmp.write(name + "/in/" + std::to_string(part++) + ".jsonl", lines.substr(start, end - start));
    start = end;
  }
  std::string in = tmp.path(name + "/in"), work = tmp.path(name + "/work");
  for (int s = 0; s < shards; ++s) {
    CliResult r = run_cli(
        {"run",
         "fetch.jsonl path=" + in + " ! dedup.exact scope=signature dir=" + work +
             " ! export.jsonl path=" + tmp.path(name + "/sig" + std::to_string(s) + ".jsonl"),
         "--plugin-path", DOCPIPE_PLUGIN_DIR, "--progress", "off", "--threads", "2", "--shard",
         std::to_string(s) + "/" + std::to_string(shards)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  std::string tool = DOCPIPE_DEDUP_TOOL;
  EXPECT_EQ(std::system((tool + " buckets '" + work + "' 2>/dev/null").c_str()), 0);
  EXPECT_EQ(std::system((tool + " clusters '" + work + "' 2>/dev/null").c_str()), 0);
  std::string out = tmp.path(name + "/kept.jsonl");
  CliResult r =
      run_cli({"run",
               "fetch.jsonl path=" + in + " ! dedup.exact scope=filter dir=" + work +
                   " ! export.jsonl path=" + out,
               "--plugin-path", DOCPIPE_PLUGIN_DIR, "--progress", "off", "--threads", "3"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return ids_of(TempDir::read(out));
}

TEST(DedupExactCli, AcrossShardsTheSameKeptSet) {
  TempDir tmp;
  auto one = across_shards(tmp, "one", 1);
  auto three = across_shards(tmp, "three", 3);
  EXPECT_EQ(one, three);
  EXPECT_EQ(one.size(), 40u);
  EXPECT_TRUE(one.count("a0"));  // "a0" < "b0": the smaller id is kept
  EXPECT_FALSE(one.count("b0"));
}

}  // namespace
}  // namespace docpipe::test
