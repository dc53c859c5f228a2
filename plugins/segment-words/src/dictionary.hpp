// A frequency dictionary as a trie over code points, stored as one open-addressing hash table of
// (node, code point) -> child, built once and immutable afterwards so worker instances share it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace docpipe::segment_words {

//! Immutable word list with log-probabilities; load() or build through DictionaryBuilder.
class Dictionary {
 public:
  //! Marks a node that only prefixes words.
  static constexpr float not_a_word = -1e30f;

  //! Child of node for code point c, or 0 when there is none (0 is the root, never a child);
  //! sets logp to the child's log-probability (not_a_word for a prefix only).
  uint32_t child(uint32_t node, char32_t c, float& logp) const noexcept {
    if (node == 0 && c < root_.size()) {
      uint32_t next = root_[c];
      logp = logp_[next];
      return next;
    }
    uint64_t key = (static_cast<uint64_t>(node) << 21) | c;
    size_t i = slot(key);
    while (true) {
      const Slot& s = slots_[i];
      if (s.key == key) {
        logp = s.logp;
        return s.child;
      }
      if (s.key == empty_key) return 0;
      i = (i + 1) & mask_;
    }
  }
  //! Log-probability given to a single character missing from the dictionary.
  float unknown_logp() const noexcept { return unknown_logp_; }
  //! Number of words.
  size_t size() const noexcept { return words_; }
  //! Looks a whole word up; not_a_word when absent.
  float lookup(std::u32string_view word) const noexcept;
  //! Calls f(word, frequency) for every word (for training the unknown-word model).
  template <class F>
  void for_each_word(F&& f) const {
    std::u32string buf;
    walk(0, buf, f);
  }

 private:
  friend class DictionaryBuilder;
  static constexpr uint64_t empty_key = ~uint64_t{0};
  size_t slot(uint64_t key) const noexcept {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_) & mask_;
  }
  template <class F>
  void walk(uint32_t node, std::u32string& buf, F& f) const {
    if (freq_[node] > 0) f(std::u32string_view(buf), freq_[node]);
    for (const auto& [c, next] : children_[node]) {
      buf.push_back(c);
      walk(next, buf, f);
      buf.pop_back();
    }
  }

  // One slot holds the edge and its child's log-probability, so a step costs one cache miss.
  struct Slot {
    uint64_t key;
    uint32_t child;
    float logp;
  };
  std::vector<Slot> slots_;
  // Children of the root by BMP code point: the first step of every walk skips the hash table.
  std::vector<uint32_t> root_;
  std::vector<float> logp_;
  std::vector<double> freq_;
  std::vector<std::vector<std::pair<char32_t, uint32_t>>> children_;
  size_t mask_ = 0;
  int shift_ = 64;
  size_t words_ = 0;
  float unknown_logp_ = 0;
};

//! Collects words and frequencies, then freezes them into a Dictionary.
class DictionaryBuilder {
 public:
  //! Reads `word freq [tag]` lines; throws std::runtime_error naming the file and line on bad input.
  //! With freq_optional (user dictionaries), `word [tag]` lines get a frequency that makes the word win.
  void add_file(const std::string& path, bool freq_optional);
  //! Sets a word's frequency (0 removes it); a negative frequency means "make it win".
  void add(std::u32string_view word, double freq);
  //! Builds the immutable dictionary.
  std::shared_ptr<const Dictionary> build();

 private:
  uint32_t node_for(std::u32string_view word);
  std::vector<std::vector<std::pair<char32_t, uint32_t>>> children_{1};
  std::vector<double> freq_{0.0};
  double max_freq_ = 1;
};

//! Loads dict (and user_dict on top, when not empty) once per process and path pair; instances share it.
std::shared_ptr<const Dictionary> load_shared_dictionary(const std::string& dict, const std::string& user_dict);

//! Where Debian's python3-jieba installs its MIT-licensed word list.
inline constexpr const char* default_dictionary_path = "/usr/lib/python3/dist-packages/jieba/dict.txt";

}  // namespace docpipe::segment_words
