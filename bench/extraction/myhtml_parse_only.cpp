// How fast myhtml alone parses a directory of pages on one core, with no
// docpipe code in the loop: the yardstick issue 3 sets its 800 pages/s
// target against ("parsing alone with myhtml runs at ~2,200 pages/s here").
//
//   myhtml_parse_only DIR [PASSES]
//
// Reads every DIR/*.html.gz (or plain file) into memory first, then parses
// all of them PASSES times (default 7) with one recycled myhtml tree, as
// UTF-8, whole pages (scripts and all), and prints pages/s for each pass
// and their median.
#include <myhtml/api.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {

bool read_page(const std::filesystem::path& path, std::string& out) {
  gzFile f = gzopen(path.c_str(), "rb");  // reads plain files as they are
  if (f == nullptr) return false;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  bool ok = n == 0;
  gzclose(f);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [PASSES]\n", argv[0]);
    return 2;
  }
  int passes = argc > 2 ? std::atoi(argv[2]) : 7;
  std::vector<std::string> pages;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
    if (!entry.is_regular_file()) continue;
    std::string page;
    if (!read_page(entry.path(), page)) {
      std::fprintf(stderr, "cannot read %s\n", entry.path().c_str());
      return 1;
    }
    pages.push_back(std::move(page));
  }
  if (pages.empty() || passes < 1) {
    std::fprintf(stderr, "no pages in %s\n", argv[1]);
    return 1;
  }

  myhtml_t* myhtml = myhtml_create();
  myhtml_init(myhtml, MyHTML_OPTIONS_PARSE_MODE_SINGLE, 1, 0);
  myhtml_tree_t* tree = myhtml_tree_create();
  myhtml_tree_init(tree, myhtml);

  std::vector<double> rates;
  for (int p = 0; p < passes; ++p) {
    auto start = std::chrono::steady_clock::now();
    for (const std::string& page : pages) {
      if (myhtml_parse(tree, MyENCODING_UTF_8, page.data(), page.size()) != MyHTML_STATUS_OK) {
        std::fprintf(stderr, "myhtml failed on a page\n");
        return 1;
      }
    }
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    rates.push_back(static_cast<double>(pages.size()) / took.count());
    std::printf("pass %d: %.0f pages/s\n", p + 1, rates.back());
  }
  std::vector<double> sorted = rates;
  std::sort(sorted.begin(), sorted.end());
  std::printf("myhtml parse only: %zu pages, median %.0f pages/s, best %.0f\n", pages.size(),
              sorted[sorted.size() / 2], sorted.back());

  myhtml_tree_destroy(tree);
  myhtml_destroy(myhtml);
  return 0;
}
