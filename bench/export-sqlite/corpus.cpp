#include "corpus.hpp"

#include <array>
#include <string_view>

namespace docpipe::bench {
namespace {

// xorshift64*: fast, deterministic, good enough to pick words.
struct Rng {
  uint64_t s;
  uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 2685821657736338717ULL;
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
  // Skewed towards small values, like word frequencies.
  size_t skewed(size_t n) { return below(below(n) + 1); }
};

// Pseudo-words from syllables: a vocabulary of thousands of distinct terms,
// so the index sees a realistic number of different trigrams.
std::string english_word(Rng& rng) {
  static constexpr std::array<std::string_view, 24> syllables = {
      "ri", "ver", "wa", "ter", "stre", "am", "qua", "li", "ty", "flo", "od", "plain",
      "mea", "sure", "ment", "na", "tion", "al", "re", "port", "ci", "ty", "gre", "en"};
  std::string w;
  size_t parts = 1 + rng.skewed(4);
  for (size_t i = 0; i < parts; ++i) w += syllables[rng.skewed(syllables.size())];
  return w;
}

// Common Chinese characters (UTF-8, 3 bytes each).
constexpr std::string_view hanzi =
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
    "十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表"
    "间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革"
    "位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南"
    "给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具"
    "万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容"
    "儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江"
    "型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严";

std::string chinese_char(Rng& rng) {
  size_t count = hanzi.size() / 3;
  size_t i = rng.skewed(count);
  return std::string(hanzi.substr(i * 3, 3));
}

std::string english_text(Rng& rng, size_t bytes) {
  std::string t;
  t.reserve(bytes + 32);
  size_t in_sentence = 0;
  while (t.size() < bytes) {
    std::string w = english_word(rng);
    if (in_sentence == 0 && !w.empty()) w[0] = static_cast<char>(w[0] - 'a' + 'A');
    t += w;
    if (++in_sentence > 8 + rng.below(10)) {
      t += rng.below(6) == 0 ? ".\n\n" : ". ";
      in_sentence = 0;
    } else {
      t += ' ';
    }
  }
  return t;
}

std::string chinese_text(Rng& rng, size_t bytes) {
  std::string t;
  t.reserve(bytes + 32);
  size_t in_sentence = 0;
  while (t.size() < bytes) {
    t += chinese_char(rng);
    if (++in_sentence > 15 + rng.below(25)) {
      t += rng.below(5) == 0 ? "。\n\n" : "，";
      in_sentence = 0;
    }
  }
  return t;
}

}  // namespace

std::vector<GeneratedDoc> generate_corpus(size_t n, size_t bytes, uint64_t seed) {
  Rng rng{seed | 1};
  std::vector<GeneratedDoc> docs(n);
  for (size_t i = 0; i < n; ++i) {
    GeneratedDoc& d = docs[i];
    bool zh = i % 2 == 1;
    d.id = "site-" + std::to_string(i % 97) + "/page-" + std::to_string(i) + ".html";
    d.url = "https://example.com/" + d.id;
    d.lang = zh ? "zh" : "en";
    d.text = zh ? chinese_text(rng, bytes) : english_text(rng, bytes);
    d.title = d.text.substr(0, zh ? 36 : 40);
  }
  return docs;
}

}  // namespace docpipe::bench
