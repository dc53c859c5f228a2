// The whole chain as a user runs it: docpipe run (signature) on 1 or 4 shards and 1 or 3 threads,
// docpipe-dedup buckets (as parallel tasks) and clusters, docpipe run (filter). The kept documents
// must be the same every time.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "test_support.hpp"
#include "test_words.hpp"

namespace docpipe::test {
namespace {

using docpipe::dedup::letters;

std::string corpus_lines() {
  std::string lines;
  for (int d = 0; d < 12; ++d) {
    std::string text;
    for (int w = 0; w < 120; ++w) text += letters(static_cast<size_t>(d * 1000 + w)) + " ";
    lines += R"({"id":"d)" + std::to_string(d) + R"(-x","text":")" + text +
             R"("})"
             "\n";
    if (d % 2 == 0)
      lines += R"({"id":"d)" + std::to_string(d) + R"(-a","text":")" + text +
               R"( plus a short tail"})"
               "\n";
  }
  lines +=
      R"({"id":"zh-1","text":"今天天气很好我们一起去公园散步公园里有很多人在跑步和打太极拳孩子们在草地上玩耍我觉得这样的周末非常舒服"})"
      "\n";
  lines +=
      R"({"id":"zh-0","text":"今天天气很好，我们一起去公园散步。公园里有很多人在跑步和打太极拳，孩子们在草地上玩耍。我觉得这样的周末非常舒服！"})"
      "\n";
  return lines;
}

std::set<std::string> kept_ids(const std::string& path) {
  std::set<std::string> ids;
  std::string json = TempDir::read(path);
  for (size_t at = json.find(R"("id":")"); at != std::string::npos;
       at = json.find(R"("id":")", at + 1)) {
    size_t b = at + 6;
    ids.insert(json.substr(b, json.find('"', b) - b));
  }
  return ids;
}

int run_tool(const std::vector<std::string>& args) {
  std::string cmd = DOCPIPE_DEDUP_TOOL;
  for (const auto& a : args) cmd += " '" + a + "'";
  return std::system((cmd + " 2>/dev/null").c_str());
}

std::set<std::string> chain(const TempDir& tmp, const std::string& name, int shards, int threads,
                            int tasks) {
  // Inputs split into files so that shards (by input) get different documents.
  std::string lines = corpus_lines();
  std::string in_dir = tmp.path(name + "-in");
  size_t start = 0;
  int part = 0;
  while (start < lines.size()) {
    size_t end = lines.find('\n', start) + 1;
    tmp.write(name + "-in/" + std::to_string(part++) + ".jsonl", lines.substr(start, end - start));
    start = end;
  }
  std::string work = tmp.path(name + "-work");
  for (int s = 0; s < shards; ++s) {
    CliResult r = run_cli(
        {"run",
         "fetch.jsonl path=" + in_dir + " ! dedup.minhash stage=signature dir=" + work +
             " ! export.jsonl path=" + tmp.path(name + "-sig-" + std::to_string(s) + ".jsonl"),
         "--plugin-path", DOCPIPE_PLUGIN_DIR, "--progress", "off", "--threads",
         std::to_string(threads), "--shard", std::to_string(s) + "/" + std::to_string(shards)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  for (int t = 0; t < tasks; ++t) {
    EXPECT_EQ(
        run_tool({"buckets", work, "--task", std::to_string(t), "--tasks", std::to_string(tasks)}),
        0);
  }
  EXPECT_EQ(run_tool({"clusters", work}), 0);
  std::string out = tmp.path(name + "-kept.jsonl");
  CliResult r =
      run_cli({"run",
               "fetch.jsonl path=" + in_dir + " ! dedup.minhash stage=filter dir=" + work +
                   " ! export.jsonl path=" + out,
               "--plugin-path", DOCPIPE_PLUGIN_DIR, "--progress", "off", "--threads",
               std::to_string(threads), "--log-level", "debug"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("near-duplicate of d0-a"), std::string::npos) << r.err;
  return kept_ids(out);
}

TEST(DedupMinHashCli, SameKeptSetAcrossShardsThreadsAndTasks) {
  TempDir tmp;
  auto one = chain(tmp, "one", 1, 1, 1);
  auto four = chain(tmp, "four", 4, 3, 5);
  EXPECT_EQ(one, four);
  // 12 originals, 6 near copies removed (the "-a" id is smaller, so it is the one kept).
  EXPECT_EQ(one.size(), 13u);
  EXPECT_TRUE(one.count("d0-a"));
  EXPECT_FALSE(one.count("d0-x"));
  EXPECT_TRUE(one.count("d1-x"));
  // The two Chinese lines differ only in punctuation: one is kept, the smaller id.
  EXPECT_TRUE(one.count("zh-0"));
  EXPECT_FALSE(one.count("zh-1"));
}

TEST(DedupMinHashCli, FilterWithoutClustersSaysWhatToRun) {
  TempDir tmp;
  std::string in = tmp.write("in.jsonl", R"({"id":"a","text":"x y z"})"
                                         "\n");
  CliResult r =
      run_cli({"run",
               "fetch.jsonl path=" + in + " ! dedup.minhash stage=filter dir=" + tmp.path("w") +
                   " ! export.jsonl path=" + tmp.path("o.jsonl"),
               "--plugin-path", DOCPIPE_PLUGIN_DIR, "--progress", "off"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("docpipe-dedup clusters"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace docpipe::test
