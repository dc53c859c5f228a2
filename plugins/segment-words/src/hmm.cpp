#include "hmm.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>

namespace docpipe::segment_words {
namespace {
enum State : uint8_t { B = 0, M = 1, E = 2, S = 3 };
constexpr float minus_inf = -1e30f;
}  // namespace

WordHmm::WordHmm(const Dictionary& dict) {
  std::unordered_map<char32_t, std::array<double, 4>> counts;
  std::array<double, 4> state_total{};
  double singles = 0, words = 0, mm = 0, me = 0, bm = 0, be = 0;
  dict.for_each_word([&](std::u32string_view w, double f) {
    const double weight = f;
    words += weight;
    if (w.size() == 1) {
      counts[w[0]][S] += weight;
      state_total[S] += weight;
      singles += weight;
      return;
    }
    for (size_t i = 0; i < w.size(); ++i) {
      State s = i == 0 ? B : (i + 1 == w.size() ? E : M);
      counts[w[i]][s] += weight;
      state_total[s] += weight;
    }
    if (w.size() == 2) {
      be += weight;
    } else {
      bm += weight;
      me += weight;
      mm += weight * static_cast<double>(w.size() - 3);
    }
  });
  if (words <= 0) words = 1;
  // Add-half smoothing keeps every state possible for every seen character.
  for (const auto& [c, k] : counts) {
    std::array<float, 4> e{};
    for (int s = 0; s < 4; ++s) {
      e[s] = static_cast<float>(std::log((k[s] + 0.5) / (state_total[s] + 1.0 * static_cast<double>(counts.size()))));
    }
    emission_.emplace(c, e);
  }

  for (int s = 0; s < 4; ++s) {
    unseen_[s] = static_cast<float>(std::log(0.5 / (state_total[s] + static_cast<double>(counts.size()) + 1)));
  }
  dense_.resize(dense_last - dense_first + 1);
  for (char32_t c = dense_first; c <= dense_last; ++c) {
    auto it = emission_.find(c);
    dense_[c - dense_first] = it == emission_.end() ? unseen_ : it->second;
  }
  auto lg = [](double p) { return p > 0 ? static_cast<float>(std::log(p)) : minus_inf; };
  double p_single = singles / words;
  for (auto& row : trans_) row.fill(minus_inf);
  trans_[B][M] = lg(bm / (bm + be + 1e-9));
  trans_[B][E] = lg(be / (bm + be + 1e-9));
  trans_[M][M] = lg(mm / (mm + me + 1e-9));
  trans_[M][E] = lg(me / (mm + me + 1e-9));
  for (int from : {E, S}) {
    trans_[from][B] = lg(1 - p_single);
    trans_[from][S] = lg(p_single);
  }
  start_ = {lg(1 - p_single), minus_inf, minus_inf, lg(p_single)};
}

std::array<float, 4> WordHmm::emit(char32_t c) const noexcept {
  if (c >= dense_first && c <= dense_last) return dense_[c - dense_first];
  auto it = emission_.find(c);
  return it == emission_.end() ? unseen_ : it->second;
}

void WordHmm::cut(const char32_t* chars, size_t n, std::vector<uint32_t>& lengths, std::vector<double>& score,
                  std::vector<uint8_t>& back) const {
  if (n == 0) return;
  score.assign(n * 4, minus_inf);
  back.assign(n * 4, 0);
  auto e0 = emit(chars[0]);
  for (int s = 0; s < 4; ++s) score[s] = start_[s] + e0[s];
  for (size_t t = 1; t < n; ++t) {
    auto e = emit(chars[t]);
    for (int s = 0; s < 4; ++s) {
      double best = minus_inf;
      uint8_t arg = 0;
      for (int p = 0; p < 4; ++p) {
        double v = score[(t - 1) * 4 + p] + trans_[p][s];
        if (v > best) {
          best = v;
          arg = static_cast<uint8_t>(p);
        }
      }
      score[t * 4 + s] = best + e[s];
      back[t * 4 + s] = arg;
    }
  }
  // A run ends at a word's end.
  uint8_t s = score[(n - 1) * 4 + E] >= score[(n - 1) * 4 + S] ? E : S;
  size_t first = lengths.size();
  uint32_t len = 0;
  for (size_t t = n; t-- > 0;) {
    ++len;
    if (s == B || s == S) {
      lengths.push_back(len);
      len = 0;
    }
    s = back[t * 4 + s];
  }
  if (len > 0) lengths.push_back(len);
  std::reverse(lengths.begin() + static_cast<std::ptrdiff_t>(first), lengths.end());
}

std::shared_ptr<const WordHmm> shared_hmm(const std::shared_ptr<const Dictionary>& dict) {
  static std::mutex mutex;
  static std::map<const Dictionary*, std::pair<std::weak_ptr<const Dictionary>, std::weak_ptr<const WordHmm>>> cache;
  std::lock_guard lock(mutex);
  auto& slot = cache[dict.get()];
  if (auto h = slot.second.lock(); h && slot.first.lock() == dict) return h;
  auto h = std::make_shared<const WordHmm>(*dict);
  slot = {dict, h};
  return h;
}

}  // namespace docpipe::segment_words
