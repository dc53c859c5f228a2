// docpipe-dedup: the middle stages of cross-shard deduplication (dedup.minhash and dedup.exact
// with scope=signature), between a signature run and a filter run.
//
//   docpipe-dedup buckets DIR [--task I --tasks N]   band range I of N (a job-array task)
//   docpipe-dedup clusters DIR                        union-find over all buckets -> removed.bin
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "stages.hpp"

namespace {

int usage() {
  std::fputs(
      "usage: docpipe-dedup buckets DIR [--task I --tasks N]\n"
      "       docpipe-dedup clusters DIR\n"
      "DIR is the dir= of the signature stage. buckets splits the bands into N ranges and does "
      "range I\n"
      "(0-based; run the N tasks in parallel, e.g. as a job array); clusters runs once after all "
      "of them.\n",
      stderr);
  return 2;
}

bool parse_size(const char* s, size_t& out) {
  char* end = nullptr;
  unsigned long long v = std::strtoull(s, &end, 10);
  if (end == s || *end != '\0') return false;
  out = static_cast<size_t>(v);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
  std::string_view command = argv[1];
  std::string dir = argv[2];
  try {
    if (command == "buckets") {
      size_t task = 0, tasks = 1;
      for (int i = 3; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--task" && i + 1 < argc && parse_size(argv[i + 1], task)) {
          ++i;
        } else if (a == "--tasks" && i + 1 < argc && parse_size(argv[i + 1], tasks) && tasks > 0) {
          ++i;
        } else {
          return usage();
        }
      }
      if (task >= tasks) {
        std::fprintf(stderr, "docpipe-dedup: --task %zu is not below --tasks %zu\n", task, tasks);
        return 2;
      }
      size_t bands = docpipe::dedup::signature_bands(dir);
      size_t per = (bands + tasks - 1) / tasks;
      size_t begin = task * per;
      if (begin >= bands) {
        std::fprintf(stderr, "docpipe-dedup: task %zu has no bands (%zu bands)\n", task, bands);
        return 0;
      }
      auto r = docpipe::dedup::run_buckets(dir, begin, begin + per);
      std::fprintf(stderr,
                   "docpipe-dedup buckets: bands %zu-%zu of %zu: %zu documents, %zu pairs\n", begin,
                   std::min(begin + per, bands), bands, r.documents, r.pairs);
      return 0;
    }
    if (command == "clusters") {
      if (argc != 3) return usage();
      auto r = docpipe::dedup::run_clusters(dir);
      std::fprintf(stderr, "docpipe-dedup clusters: %zu documents in %zu groups, %zu removed\n",
                   r.documents, r.clusters, r.removed);
      return 0;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "docpipe-dedup: %s\n", e.what());
    return 1;
  }
  return usage();
}
