// segment.words benchmark: word-span precision/recall/F1 against a gold file (words separated by
// single spaces) and characters per second over the same input on one thread.
//
//   segment_words_bench --input input.txt --gold gold.txt [--dict PATH] [--mode zh|icu] [--no-hmm] [--no-ud] [--repeat N] [--print OUT]
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "chars.hpp"
#include "dictionary.hpp"
#include "word_segmenter.hpp"

using namespace docpipe::segment_words;

namespace {

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// Gold spans as byte offsets into the unsegmented line: gold tokens are matched in order, skipping
// whitespace of the input between them.
std::vector<Span> gold_spans(const std::string& input, const std::string& gold) {
  std::vector<Span> spans;
  size_t at = 0;
  size_t g = 0;
  while (g < gold.size()) {
    size_t e = gold.find(' ', g);
    if (e == std::string::npos) e = gold.size();
    if (e > g) {
      std::string_view tok(gold.data() + g, e - g);
      while (at < input.size() && input.compare(at, tok.size(), tok) != 0 &&
             (input[at] == ' ' || input[at] == '\t')) {
        ++at;
      }
      if (input.compare(at, tok.size(), tok) != 0) return {};  // misaligned line: skipped
      spans.push_back({at, at + tok.size()});
      at += tok.size();
    }
    g = e + 1;
  }
  return spans;
}

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

size_t count_chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  std::string input_path, gold_path, dict = default_dictionary_path, mode_name = "zh";
  Options options;
  options.punctuation = true;  // the gold counts punctuation as words
  int repeat = 200;
  std::string print;  // file to write the segmentation to, words separated by spaces, for diffing
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error("missing value after " + a);
      return argv[++i];
    };
    if (a == "--input") input_path = value();
    else if (a == "--gold") gold_path = value();
    else if (a == "--dict") dict = value();
    else if (a == "--mode") mode_name = value();
    else if (a == "--no-hmm") options.hmm = false;
    else if (a == "--no-ud") options.ud = false;
    else if (a == "--print") print = value();
    else if (a == "--repeat") repeat = std::stoi(value());
    else {
      std::cerr << "usage: segment_words_bench --input F --gold F [--dict F] [--mode zh|icu] [--no-hmm] [--no-ud] [--repeat N] [--print OUT]\n";
      return 1;
    }
  }
  auto t0 = std::chrono::steady_clock::now();
  auto dictionary = load_shared_dictionary(dict, "");
  WordSegmenter seg(dictionary, options);
  double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  Mode mode = mode_name == "icu" ? Mode::icu : Mode::chinese;

  std::vector<std::string> inputs = read_lines(input_path);
  size_t tp = 0, predicted = 0, expected = 0, skipped = 0;
  std::vector<Span> out;
  if (!gold_path.empty()) {
    std::vector<std::string> golds = read_lines(gold_path);
    std::unique_ptr<std::ofstream> printed;
    if (!print.empty()) printed = std::make_unique<std::ofstream>(print);
    for (size_t i = 0; i < inputs.size() && i < golds.size(); ++i) {
      std::vector<Span> gold = gold_spans(inputs[i], golds[i]);
      if (gold.empty()) {
        ++skipped;
        continue;
      }
      out.clear();
      seg.segment(inputs[i], 0, inputs[i].size(), mode, out);
      if (printed) {
        std::string line;
        for (const Span& s : out) (line += inputs[i].substr(s.begin, s.end - s.begin)) += ' ';
        if (!line.empty()) line.pop_back();
        *printed << line << '\n';
      }
      std::set<std::pair<uint64_t, uint64_t>> g;
      for (const Span& s : gold) g.insert({s.begin, s.end});
      for (const Span& s : out) tp += g.count({s.begin, s.end});
      predicted += out.size();
      expected += gold.size();
    }
    double p = predicted ? double(tp) / double(predicted) : 0, r = expected ? double(tp) / double(expected) : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    std::printf("lines %zu (skipped %zu)  P %.4f  R %.4f  F1 %.4f\n", inputs.size() - skipped, skipped, p, r, f);
  }

  // Speed: the whole input as one text, segmented repeat times.
  std::string all;
  for (const auto& l : inputs) (all += l) += '\n';
  size_t chars = count_chars(all);
  seg.segment(all, 0, all.size(), mode, out);  // warm the buffers
  auto t1 = std::chrono::steady_clock::now();
  double cpu1 = thread_cpu_seconds();
  size_t words = 0;
  for (int r = 0; r < repeat; ++r) {
    out.clear();
    seg.segment(all, 0, all.size(), mode, out);
    words += out.size();
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  double cpu = thread_cpu_seconds() - cpu1;
  // CPU time is what one core spent; on a shared machine wall time also counts time others took.
  std::printf("dictionary load %.2f s  speed %.2f M chars/s of CPU time, %.2f M chars/s wall (%zu chars x %d, %zu words)\n",
              load_s, double(chars) * repeat / cpu / 1e6, double(chars) * repeat / secs / 1e6, chars, repeat,
              words / static_cast<size_t>(repeat));
  return 0;
}
