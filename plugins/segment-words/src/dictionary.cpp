#include "dictionary.hpp"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <stdexcept>

#include "chars.hpp"

namespace docpipe::segment_words {

float Dictionary::lookup(std::u32string_view word) const noexcept {
  uint32_t node = 0;
  float lp = not_a_word;
  for (char32_t c : word) {
    node = child(node, c, lp);
    if (node == 0) return not_a_word;
  }
  return node == 0 ? not_a_word : lp;
}

uint32_t DictionaryBuilder::node_for(std::u32string_view word) {
  uint32_t node = 0;
  for (char32_t c : word) {
    auto& kids = children_[node];
    auto it = std::find_if(kids.begin(), kids.end(), [c](const auto& p) { return p.first == c; });
    if (it != kids.end()) {
      node = it->second;
      continue;
    }
    auto next = static_cast<uint32_t>(children_.size());
    kids.emplace_back(c, next);
    children_.emplace_back();
    freq_.push_back(0.0);
    node = next;
  }
  return node;
}

void DictionaryBuilder::add(std::u32string_view word, double freq) {
  if (word.empty()) return;
  uint32_t node = node_for(word);
  freq_[node] = freq < 0 ? max_freq_ : freq;
  if (freq > max_freq_) max_freq_ = freq;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

[[noreturn]] void bad_line(const std::string& path, size_t line_no, std::string_view line, const char* why) {
  std::string shown(line.substr(0, 60));
  throw std::runtime_error("dictionary " + path + ":" + std::to_string(line_no) + ": " + why +
                           " (expected `word freq [tag]`), got \"" + shown + "\"");
}

}  // namespace

void DictionaryBuilder::add_file(const std::string& path, bool freq_optional) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot open dictionary " + path + ": " + std::strerror(errno));
  }
  std::string line;
  std::u32string word;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string_view s = trim(line);
    if (line_no == 1 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
    if (s.empty() || s.front() == '#') continue;
    size_t sp = s.find_first_of(" \t");
    std::string_view w = s.substr(0, sp);
    std::string_view rest = sp == std::string_view::npos ? std::string_view{} : trim(s.substr(sp));
    word.clear();
    for (size_t i = 0; i < w.size();) {
      size_t len = 0;
      char32_t c = decode_utf8(w, i, len);
      if (c == 0xFFFD || c < 0x20) bad_line(path, line_no, s, "invalid UTF-8 or control character in the word");
      word.push_back(c);
      i += len;
    }
    std::string_view f = rest.substr(0, rest.find_first_of(" \t"));
    double freq = -1;
    if (f.empty() || (f.front() < '0' || f.front() > '9')) {
      if (!freq_optional) bad_line(path, line_no, s, "missing frequency");
    } else {
      uint64_t v = 0;
      auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
      if (ec != std::errc{} || ptr != f.data() + f.size()) bad_line(path, line_no, s, "frequency is not a whole number");
      freq = static_cast<double>(v);
    }
    add(word, freq);
  }
  if (in.bad()) throw std::runtime_error("cannot read dictionary " + path);
  if (line_no == 0 && !freq_optional) throw std::runtime_error("dictionary " + path + " is empty");
}

std::shared_ptr<const Dictionary> DictionaryBuilder::build() {
  auto d = std::make_shared<Dictionary>();
  size_t nodes = children_.size();
  size_t edges = nodes - 1;
  size_t cap = 16;
  while (cap < edges * 2) cap <<= 1;
  d->slots_.assign(cap, Dictionary::Slot{Dictionary::empty_key, 0, Dictionary::not_a_word});
  d->root_.assign(0x10000, 0);
  d->mask_ = cap - 1;
  d->shift_ = 64 - std::countr_zero(cap);
  double total = 0;
  for (double f : freq_) total += f;
  if (total <= 0) total = 1;
  double log_total = std::log(total);
  d->logp_.assign(nodes, Dictionary::not_a_word);
  d->freq_ = freq_;
  for (size_t n = 0; n < nodes; ++n) {
    if (freq_[n] > 0) {
      d->logp_[n] = static_cast<float>(std::log(freq_[n]) - log_total);
      ++d->words_;
    }
  }
  for (size_t n = 0; n < nodes; ++n) {
    for (const auto& [c, next] : children_[n]) {
      uint64_t key = (static_cast<uint64_t>(n) << 21) | c;
      size_t i = d->slot(key);
      while (d->slots_[i].key != Dictionary::empty_key) i = (i + 1) & d->mask_;
      d->slots_[i] = {key, next, d->logp_[next]};
      if (n == 0 && c < d->root_.size()) d->root_[c] = next;
    }
  }
  d->children_ = std::move(children_);
  // A character missing from the dictionary counts as seen once, so known words always win.
  d->unknown_logp_ = static_cast<float>(-log_total);
  children_.assign(1, {});
  freq_.assign(1, 0.0);
  return d;
}

std::shared_ptr<const Dictionary> load_shared_dictionary(const std::string& dict, const std::string& user_dict) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const Dictionary>> cache;
  std::string key = dict + '\n' + user_dict;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(key); it != cache.end()) {
    if (auto d = it->second.lock()) return d;
  }
  DictionaryBuilder b;
  b.add_file(dict, false);
  if (!user_dict.empty()) b.add_file(user_dict, true);
  auto d = b.build();
  cache[key] = d;
  return d;
}

}  // namespace docpipe::segment_words
