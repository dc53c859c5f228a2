// Scores segment.sentences' splitter against the sentence sets of DIR (the
// golden rules sbd-golden-xx and the web text en-ewt-dev; <dir>/<set>/input.txt,
// one paragraph a line; gold.txt, the same with a TAB between sentences)
// beside ICU alone, and measures characters/s.
//
//   segment_sentences_eval DIR [--show SET] [--seconds S] [--speed FILE]
//
// --speed times FILE (paragraphs separated by blank lines) instead of the
// paragraphs of every set. --seconds 0 makes one timed round (for callgrind).
// --show SET prints each wrong paragraph of SET with its boundaries marked.
// Boundaries are compared as counts of non-space bytes before each sentence
// start, so the spaces around a boundary do not matter. A paragraph is an
// exact match iff its boundary set equals gold's.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "sentence_splitter.hpp"

namespace fs = std::filesystem;
using docpipe::segment_sentences::SentenceSplitter;
using docpipe::segment_sentences::Span;

namespace {

std::vector<std::string> read_lines(const fs::path& p) {
  std::vector<std::string> lines;
  std::ifstream in(p);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// "sbd-golden-de" -> "de"; "en-ewt-dev" -> "en".
std::string set_language(const std::string& name) {
  const std::string golden = "sbd-golden-";
  if (name.rfind(golden, 0) == 0) return name.substr(golden.size());
  return name.substr(0, name.find('-'));
}

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

size_t non_space_before(std::string_view s, size_t end) {
  size_t n = 0;
  for (size_t i = 0; i < end && i < s.size(); ++i) n += is_ws(s[i]) ? 0 : 1;
  return n;
}

std::vector<size_t> gold_boundaries(std::string_view gold) {
  std::vector<size_t> out;
  size_t count = 0;
  for (size_t i = 0; i < gold.size(); ++i) {
    if (gold[i] == '\t')
      out.push_back(count);
    else if (!is_ws(gold[i]))
      ++count;
  }
  return out;
}

std::vector<size_t> predicted(std::string_view text, const std::vector<Span>& spans) {
  std::vector<size_t> out;
  for (size_t i = 1; i < spans.size(); ++i) out.push_back(non_space_before(text, spans[i].begin));
  return out;
}

// One wrong paragraph, its boundaries marked: " | " right, " [+] " missed
// (in gold only), " [-] " wrong (ours only).
void print_marked(size_t line, std::string_view text, const std::vector<size_t>& gold,
                  const std::vector<size_t>& got) {
  std::printf("MISS %zu: ", line);
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!is_ws(text[i])) {
      bool in_gold = std::binary_search(gold.begin(), gold.end(), count);
      bool in_got = std::binary_search(got.begin(), got.end(), count);
      if (count > 0 && (in_gold || in_got))
        std::printf(in_gold && in_got ? "| " : in_gold ? "[+] " : "[-] ");
      ++count;
    }
    std::putchar(text[i]);
  }
  std::printf("\n");
}

struct Score {
  int exact = 0, total = 0;
  size_t tp = 0, fp = 0, fn = 0;
  void add(const std::vector<size_t>& gold, const std::vector<size_t>& got) {
    ++total;
    if (gold == got) ++exact;
    size_t shared = 0;
    for (size_t b : got) shared += std::binary_search(gold.begin(), gold.end(), b) ? 1 : 0;
    tp += shared;
    fp += got.size() - shared;
    fn += gold.size() - shared;
  }
  double f1() const {
    if (tp + fp + fn == 0) return 1.0;
    return 2.0 * static_cast<double>(tp) / static_cast<double>(2 * tp + fp + fn);
  }
  double p() const {
    return tp + fp == 0 ? 1.0 : static_cast<double>(tp) / static_cast<double>(tp + fp);
  }
  double r() const {
    return tp + fn == 0 ? 1.0 : static_cast<double>(tp) / static_cast<double>(tp + fn);
  }
};

struct SetScore {
  std::string name;
  Score ours, icu;
};

// The golden rules ("sbd-golden-xx") are counted together; other sets
// (web text) are reported on their own.
bool is_golden(const std::string& name) { return name.rfind("sbd-golden-", 0) == 0; }

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

struct Rate {
  double wall;  // characters per wall-clock second
  double
      cpu;  // characters per CPU second of this thread (the figure that survives a loaded machine)
};

template <class F>
Rate chars_per_second(const std::vector<std::string>& paragraphs, double seconds, F&& run) {
  size_t chars = 0;
  for (const auto& p : paragraphs) chars += code_points(p);
  auto start = std::chrono::steady_clock::now();
  double cpu_start = thread_cpu_seconds();
  size_t rounds = 0;
  double elapsed = 0;
  do {
    for (const auto& p : paragraphs) run(p);
    ++rounds;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  } while (elapsed < seconds);
  double total = static_cast<double>(chars * rounds);
  return {total / elapsed, total / (thread_cpu_seconds() - cpu_start)};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SENTENCES_DIR [--show SET] [--seconds S]\n", argv[0]);
    return 1;
  }
  fs::path dir = argv[1];
  std::string show;
  double seconds = 1.0;
  std::string speed_file;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string_view a = argv[i];
    if (a == "--show")
      show = argv[i + 1];
    else if (a == "--seconds")
      seconds = std::atof(argv[i + 1]);
    else if (a == "--speed")
      speed_file = argv[i + 1];
  }
  std::vector<fs::path> sets;
  for (const auto& e : fs::directory_iterator(dir))
    if (fs::exists(e.path() / "input.txt") && fs::exists(e.path() / "gold.txt"))
      sets.push_back(e.path());
  std::sort(sets.begin(), sets.end());

  SentenceSplitter splitter;
  std::vector<Span> spans;
  std::vector<std::string> all;
  int ours_total = 0, icu_total = 0, rules_total = 0, sets_below_icu = 0;
  std::vector<SetScore> web;
  std::printf(
      "| set | lang | rules | ours exact | ICU exact | ours P | ours R | ours F1 | ICU F1 |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  for (const fs::path& set : sets) {
    std::string name = set.filename().string();
    std::string lang = set_language(name);
    auto input = read_lines(set / "input.txt");
    auto gold = read_lines(set / "gold.txt");
    if (input.size() != gold.size()) {
      std::fprintf(stderr, "%s: %zu inputs, %zu gold lines\n", name.c_str(), input.size(),
                   gold.size());
      return 1;
    }
    splitter.set_language(lang);
    Score ours, icu;
    for (size_t i = 0; i < input.size(); ++i) {
      auto g = gold_boundaries(gold[i]);
      spans.clear();
      splitter.split(input[i], 0, input[i].size(), spans);
      auto got = predicted(input[i], spans);
      ours.add(g, got);
      if (name == show && got != g) print_marked(i + 1, input[i], g, got);
      spans.clear();
      splitter.split_icu(input[i], 0, input[i].size(), spans);
      icu.add(g, predicted(input[i], spans));
      all.push_back(input[i]);
    }
    if (is_golden(name)) {
      ours_total += ours.exact;
      icu_total += icu.exact;
      rules_total += ours.total;
      sets_below_icu += ours.exact < icu.exact ? 1 : 0;
    } else {
      web.push_back({name, ours, icu});
    }
    std::printf("| %s | %s | %d | %d | %d | %.3f | %.3f | %.3f | %.3f |\n", name.c_str(),
                lang.c_str(), ours.total, ours.exact, icu.exact, ours.p(), ours.r(), ours.f1(),
                icu.f1());
  }
  std::printf("| all golden rules | | %d | %d | %d | | | | |\n", rules_total, ours_total,
              icu_total);
  std::printf("\ngolden-rule sets where ours < ICU: %d\n", sets_below_icu);
  // Web text (en-ewt-dev): boundary scores are the figures that matter there.
  for (const SetScore& w : web)
    std::printf(
        "%s: P %.3f R %.3f F1 %.3f (ICU alone F1 %.3f), %zu of %zu boundaries found, %zu wrong\n",
        w.name.c_str(), w.ours.p(), w.ours.r(), w.ours.f1(), w.icu.f1(), w.ours.tp,
        w.ours.tp + w.ours.fn, w.ours.fp);

  // Speed over every paragraph of every set (or of --speed), English rules, one thread.
  splitter.set_language("en");
  if (!speed_file.empty()) {
    all.clear();
    std::string para;
    for (const std::string& line : read_lines(speed_file)) {
      if (line.empty()) {
        if (!para.empty()) all.push_back(para);
        para.clear();
      } else {
        if (!para.empty()) para += '\n';
        para += line;
      }
    }
    if (!para.empty()) all.push_back(para);
    size_t bytes = 0;
    for (const auto& p : all) bytes += p.size();
    std::printf("speed corpus: %s, %zu paragraphs, %zu bytes\n", speed_file.c_str(), all.size(),
                bytes);
  }
  Rate ours_cps = chars_per_second(all, seconds, [&](const std::string& p) {
    spans.clear();
    splitter.split(p, 0, p.size(), spans);
  });
  Rate icu_cps = chars_per_second(all, seconds, [&](const std::string& p) {
    spans.clear();
    splitter.split_icu(p, 0, p.size(), spans);
  });
  std::printf("characters/s (CPU time): ours %.2f M, ICU alone %.2f M\n", ours_cps.cpu / 1e6,
              icu_cps.cpu / 1e6);
  std::printf("characters/s (wall clock): ours %.2f M, ICU alone %.2f M\n", ours_cps.wall / 1e6,
              icu_cps.wall / 1e6);
  return 0;
}
