#include "stages.hpp"

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <stdexcept>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dedup_files.hpp"

namespace docpipe::dedup {
namespace {

std::string signatures_dir(const std::string& dir) { return dir + "/signatures"; }
std::string buckets_dir(const std::string& dir) { return dir + "/buckets"; }

class UnionFind {
 public:
  size_t add() {
    parent_.push_back(parent_.size());
    return parent_.size() - 1;
  }
  size_t find(size_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];  // path halving
      x = parent_[x];
    }
    return x;
  }
  void unite(size_t a, size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<size_t> parent_;
};

// Ids to dense indexes, so the stages keep each id once.
class IdTable {
 public:
  size_t index(const std::string& id, bool* inserted = nullptr) {
    auto [it, fresh] = index_.try_emplace(id, ids_.size());
    if (fresh) ids_.push_back(id);
    if (inserted != nullptr) *inserted = fresh;
    return it->second;
  }
  const std::string& id(size_t i) const { return ids_[i]; }
  size_t size() const { return ids_.size(); }

 private:
  std::unordered_map<std::string, size_t> index_;
  std::vector<std::string> ids_;
};

}  // namespace

size_t signature_bands(const std::string& dir) {
  auto files = files_with_suffix(signatures_dir(dir), ".sig");
  if (files.empty()) throw std::runtime_error("no signature files in " + signatures_dir(dir));
  size_t bands = 0;
  for (const auto& f : files) {
    size_t b = SignatureReader(f).bands();
    if (bands != 0 && b != bands)
      throw std::runtime_error(f + ": band count differs from the other files");
    bands = b;
  }
  return bands;
}

BucketsReport run_buckets(const std::string& dir, size_t band_begin, size_t band_end) {
  BucketsReport report;
  report.bands = signature_bands(dir);
  band_end = std::min(band_end, report.bands);
  if (band_begin >= band_end) throw std::runtime_error("empty band range");
  size_t width = band_end - band_begin;
  IdTable ids;
  std::vector<std::vector<std::pair<uint64_t, uint32_t>>> by_band(width);
  std::string id;
  std::vector<uint64_t> hashes;
  for (const auto& f : files_with_suffix(signatures_dir(dir), ".sig")) {
    SignatureReader reader(f);
    while (reader.next(id, hashes)) {
      bool fresh = false;
      size_t i = ids.index(id, &fresh);
      if (!fresh) continue;  // signed again by a resumed attempt: the same signature
      for (size_t b = 0; b < width; ++b)
        by_band[b].emplace_back(hashes[band_begin + b], static_cast<uint32_t>(i));
    }
  }
  report.documents = ids.size();
  std::filesystem::create_directories(buckets_dir(dir));
  std::string path = buckets_dir(dir) + "/bands-" + std::to_string(band_begin) + "-" +
                     std::to_string(band_end) + ".pairs";
  PairWriter out(path + ".tmp");
  for (auto& band : by_band) {
    std::sort(band.begin(), band.end(), [&](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : ids.id(a.second) < ids.id(b.second);
    });
    for (size_t s = 0; s < band.size();) {
      size_t e = s + 1;
      while (e < band.size() && band[e].first == band[s].first) ++e;
      for (size_t k = s + 1; k < e; ++k) {
        out.write(ids.id(band[s].second), ids.id(band[k].second));
        ++report.pairs;
      }
      s = e;
    }
  }
  out.close();
  std::filesystem::rename(path + ".tmp", path);
  return report;
}

ClustersReport run_clusters(const std::string& dir) {
  ClustersReport report;
  IdTable ids;
  UnionFind groups;
  auto node = [&](const std::string& id) {
    bool fresh = false;
    size_t i = ids.index(id, &fresh);
    if (fresh) groups.add();
    return i;
  };
  std::string a, b;
  for (const auto& f : files_with_suffix(buckets_dir(dir), ".pairs")) {
    PairReader reader(f);
    while (reader.next(a, b)) groups.unite(node(a), node(b));
  }
  report.documents = ids.size();
  // The smallest id of each group is kept: a choice that no order of the pairs can change.
  constexpr size_t none = static_cast<size_t>(-1);
  std::vector<size_t> keeper(ids.size(), none);
  for (size_t i = 0; i < ids.size(); ++i) {
    size_t r = groups.find(i);
    if (keeper[r] == none || ids.id(i) < ids.id(keeper[r])) keeper[r] = i;
  }
  std::vector<std::pair<size_t, size_t>> removed;
  for (size_t i = 0; i < ids.size(); ++i) {
    size_t r = groups.find(i);
    if (r == i) ++report.clusters;
    if (keeper[r] != i) removed.emplace_back(i, keeper[r]);
  }
  std::sort(removed.begin(), removed.end(),
            [&](const auto& x, const auto& y) { return ids.id(x.first) < ids.id(y.first); });
  std::string path = dir + "/removed.bin";
  RemovedWriter out(path + ".tmp");
  for (const auto& [gone, kept] : removed) out.write(ids.id(gone), ids.id(kept));
  out.close();
  std::filesystem::rename(path + ".tmp", path);
  report.removed = removed.size();
  return report;
}

}  // namespace docpipe::dedup
