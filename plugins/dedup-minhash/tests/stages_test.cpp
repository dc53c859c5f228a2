// The middle stages: buckets by band range, clusters by union-find; the kept set does not depend
// on how signatures were split into files (shards, workers) or bands into tasks.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "dedup_files.hpp"
#include "minhash.hpp"
#include "stages.hpp"
#include "test_support.hpp"
#include "test_words.hpp"

namespace docpipe::dedup {
namespace {

using docpipe::test::TempDir;

// 60 documents: 20 originals, each with a near copy and an exact copy under other ids.
std::vector<std::pair<std::string, std::string>> corpus() {
  std::vector<std::pair<std::string, std::string>> docs;
  for (int d = 0; d < 20; ++d) {
    std::string text;
    for (int w = 0; w < 300; ++w) text += letters(static_cast<size_t>(d * 1000 + w)) + " ";
    std::string near = text + " one extra sentence at the end";
    docs.emplace_back("doc-" + std::to_string(100 + d) + "-c", text);
    docs.emplace_back("doc-" + std::to_string(100 + d) + "-a", near);
    docs.emplace_back("doc-" + std::to_string(100 + d) + "-b", text);
  }
  return docs;
}

std::map<std::string, std::string> dedup(const std::string& dir, size_t files, size_t tasks) {
  MinHasher h{MinHashConfig{}};
  std::filesystem::create_directories(dir + "/signatures");
  std::vector<std::unique_ptr<SignatureWriter>> writers;
  for (size_t f = 0; f < files; ++f) {
    writers.push_back(
        std::make_unique<SignatureWriter>(dir + "/signatures/s" + std::to_string(f) + ".sig", 14));
  }
  auto docs = corpus();
  std::vector<uint32_t> sig;
  std::vector<uint64_t> bands;
  for (size_t i = 0; i < docs.size(); ++i) {
    EXPECT_TRUE(h.signature(docs[i].second, false, sig));
    h.band_hashes(sig, bands);
    writers[(i * 7) % files]->write(docs[i].first, bands);  // documents land in any file
  }
  for (auto& w : writers) w->close();
  size_t per = (14 + tasks - 1) / tasks;
  for (size_t t = 0; t < tasks; ++t) run_buckets(dir, t * per, t * per + per);
  run_clusters(dir);
  auto removed = read_removed(dir + "/removed.bin");
  return {removed.begin(), removed.end()};
}

TEST(DedupStages, KeptSetIndependentOfFilesAndTasksSmallestIdKept) {
  TempDir tmp;
  auto one = dedup(tmp.path("one"), 1, 1);
  auto many = dedup(tmp.path("many"), 4, 3);
  auto more = dedup(tmp.path("more"), 7, 14);
  EXPECT_EQ(one, many);
  EXPECT_EQ(one, more);
  ASSERT_EQ(one.size(), 40u);
  for (int d = 0; d < 20; ++d) {
    std::string base = "doc-" + std::to_string(100 + d);
    EXPECT_EQ(one.at(base + "-b"), base + "-a");  // "-a" is the smallest id of its group
    EXPECT_EQ(one.at(base + "-c"), base + "-a");
  }
}

TEST(DedupStages, TruncatedSignatureFileKeepsItsWholeRecords) {
  TempDir tmp;
  std::string dir = tmp.path("w");
  std::filesystem::create_directories(dir + "/signatures");
  {
    SignatureWriter w(dir + "/signatures/a.sig", 2);
    w.write("x", {1, 2});
    w.write("y", {1, 3});
    w.write("z", {9, 9});
    w.close();
  }
  std::filesystem::resize_file(dir + "/signatures/a.sig",
                               std::filesystem::file_size(dir + "/signatures/a.sig") - 5);
  BucketsReport r = run_buckets(dir, 0, 2);
  EXPECT_EQ(r.documents, 2u);
  EXPECT_EQ(r.pairs, 1u);
  run_clusters(dir);
  auto removed = read_removed(dir + "/removed.bin");
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed.at("y"), "x");
}

TEST(DedupStages, ClearErrorsOnMissingOrForeignFiles) {
  TempDir tmp;
  EXPECT_THROW(run_buckets(tmp.path("none"), 0, 14), std::runtime_error);
  tmp.write("bad/signatures/x.sig", "not a signature file");
  try {
    run_buckets(tmp.path("bad"), 0, 14);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("x.sig"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace docpipe::dedup
