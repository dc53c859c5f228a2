// Curation benchmark driver (see bench/README.md, "Curation"). Reads a corpus written by
// near_dup_corpus.py (records: "id<TAB>lang<TAB>bytes\n" then the text) and
//   speed CORPUS [REPS]        single-thread MB/s of MinHash signatures and of filter.quality
//                              (gopher, c4, fineweb), best and median of REPS runs
//   quality CORPUS WORKDIR     signatures -> the real buckets and clusters stages; prints every
//                              LSH candidate pair ("pair a b") and every removed document
//                              ("removed id kept") for the evaluation script
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "dedup_files.hpp"
#include "minhash.hpp"
#include "params.hpp"
#include "quality_filter.hpp"
#include "stages.hpp"
#include "text/chars.hpp"

namespace {

struct Doc {
  std::string id;
  std::string lang;
  std::string text;
};

std::vector<Doc> read_corpus(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<Doc> docs;
  std::string header;
  while (std::getline(in, header)) {
    size_t t1 = header.find('\t'), t2 = header.find('\t', t1 + 1);
    if (t1 == std::string::npos || t2 == std::string::npos)
      throw std::runtime_error("bad header: " + header);
    Doc d{header.substr(0, t1), header.substr(t1 + 1, t2 - t1 - 1), {}};
    d.text.resize(std::stoul(header.substr(t2 + 1)));
    in.read(d.text.data(), static_cast<std::streamsize>(d.text.size()));
    docs.push_back(std::move(d));
  }
  return docs;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

template <class F>
void time_it(const char* name, size_t bytes, int reps, F&& f) {
  std::vector<double> mbps;
  for (int r = 0; r < reps; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    mbps.push_back(bytes / 1e6 / seconds_since(t0));
  }
  std::sort(mbps.begin(), mbps.end());
  std::printf("%-28s best %8.1f MB/s   median %8.1f MB/s   (%d runs, %.1f MB)\n", name, mbps.back(),
              mbps[mbps.size() / 2], reps, bytes / 1e6);
}

int speed(const std::vector<Doc>& docs, int reps) {
  size_t bytes = 0;
  for (const Doc& d : docs) bytes += d.text.size();
  docpipe::dedup::MinHasher hasher{docpipe::dedup::MinHashConfig{}};
  std::vector<uint32_t> sig;
  std::vector<uint64_t> bands;
  size_t signed_docs = 0;
  time_it("minhash signatures", bytes, reps, [&] {
    for (const Doc& d : docs) {
      if (hasher.signature(d.text, docpipe::curation::is_cjk_language(d.lang), sig)) {
        hasher.band_hashes(sig, bands);
        ++signed_docs;
      }
    }
  });
  using namespace docpipe::filter_quality;
  auto defaults = [](const char* name) { return table_default(name); };
  for (auto [name, sets] : {std::pair{"filter.quality gopher", unsigned{gopher_set}},
                            std::pair{"filter.quality c4", unsigned{c4_set}},
                            std::pair{"filter.quality fineweb", unsigned{fineweb_set}}}) {
    QualityFilter filter(sets, defaults, analyzer_options(defaults, {}));
    Measures m;
    size_t kept = 0;
    time_it(name, bytes, reps, [&] {
      for (const Doc& d : docs) kept += filter.judge(DocumentText{d.text, d.lang, {}}, m).empty();
    });
  }
  return signed_docs > 0 ? 0 : 1;
}

int quality(const std::vector<Doc>& docs, const std::string& work) {
  using namespace docpipe::dedup;
  std::filesystem::remove_all(work);
  std::filesystem::create_directories(work + "/signatures");
  MinHasher hasher{MinHashConfig{}};
  std::vector<uint32_t> sig;
  std::vector<uint64_t> bands;
  // Candidate pairs straight from the band hashes (every pair, not the stages' stars).
  std::map<std::pair<size_t, uint64_t>, std::vector<size_t>> buckets;
  {
    SignatureWriter writer(work + "/signatures/all.sig",
                           static_cast<uint32_t>(hasher.config().bands));
    for (size_t i = 0; i < docs.size(); ++i) {
      if (!hasher.signature(docs[i].text, docpipe::curation::is_cjk_language(docs[i].lang), sig))
        continue;
      hasher.band_hashes(sig, bands);
      writer.write(docs[i].id, bands);
      for (size_t b = 0; b < bands.size(); ++b) buckets[{b, bands[b]}].push_back(i);
    }
    writer.close();
  }
  std::set<std::pair<size_t, size_t>> pairs;
  for (const auto& [key, members] : buckets) {
    for (size_t x = 0; x < members.size(); ++x) {
      for (size_t y = x + 1; y < members.size(); ++y) pairs.insert({members[x], members[y]});
    }
  }
  for (const auto& [a, b] : pairs)
    std::printf("pair\t%s\t%s\n", docs[a].id.c_str(), docs[b].id.c_str());
  run_buckets(work, 0, hasher.config().bands);
  run_clusters(work);
  for (const auto& [gone, kept] : read_removed(work + "/removed.bin")) {
    std::printf("removed\t%s\t%s\n", gone.c_str(), kept.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string mode = argc > 2 ? argv[1] : "";
    if (mode == "speed") return speed(read_corpus(argv[2]), argc > 3 ? std::atoi(argv[3]) : 5);
    if (mode == "quality" && argc > 3) return quality(read_corpus(argv[2]), argv[3]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "curation_bench: %s\n", e.what());
    return 1;
  }
  std::fputs("usage: curation_bench speed CORPUS [REPS] | quality CORPUS WORKDIR\n", stderr);
  return 2;
}
