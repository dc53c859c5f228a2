// MinHash signatures: determinism, normalisation, similarity tracking, CJK character shingles.
#include <gtest/gtest.h>

#include <string>

#include "minhash.hpp"
#include "test_words.hpp"

namespace docpipe::dedup {
namespace {

std::string sentence_words(size_t n, size_t salt = 0) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += letters(i * 7919 + salt * 1000003) + " ";
  return out;
}

TEST(MinHash, SameTextSameSignatureAnyInstance) {
  MinHashConfig c;
  MinHasher a(c), b(c);
  std::vector<uint32_t> sa, sb;
  std::string text = sentence_words(200);
  ASSERT_TRUE(a.signature(text, false, sa));
  ASSERT_TRUE(a.signature("unrelated words here for the buffers to change", false, sb));
  ASSERT_TRUE(b.signature(text, false, sb));
  EXPECT_EQ(sa, sb);
  EXPECT_EQ(sa.size(), 14u * 8u);
  std::vector<uint64_t> ba, bb;
  a.band_hashes(sa, ba);
  b.band_hashes(sb, bb);
  EXPECT_EQ(ba, bb);
  EXPECT_EQ(ba.size(), 14u);
}

TEST(MinHash, NormalisationIgnoresCasePunctuationSpacingDigitsAndWidth) {
  MinHasher h{MinHashConfig{}};
  std::vector<uint32_t> a, b;
  ASSERT_TRUE(h.signature("The quick brown fox, in 2024, jumps over the lazy dog again and again.",
                          false, a));
  ASSERT_TRUE(h.signature("the  QUICK brown fox in 1999 jumps over the lazy dog again and again",
                          false, b));
  EXPECT_EQ(a, b);
  ASSERT_TRUE(
      h.signature("ＡＢＣ quick brown fox jumps over", false, a));  // full-width letters (NFKC)
  ASSERT_TRUE(h.signature("abc quick brown fox jumps over", false, b));
  EXPECT_EQ(a, b);
}

TEST(MinHash, EstimateFollowsTrueJaccard) {
  MinHashConfig c;
  c.bands = 32;
  c.rows = 16;  // 512 hashes: a standard error of about 0.02
  MinHasher h(c);
  // 400 words; replacing 20 words changes about 5*20 = 100 of 396 shingles: J ~ 296/496 ~ 0.6.
  std::string base = sentence_words(400);
  std::string edited;
  for (size_t w = 0; w < 400; ++w)
    edited += (w % 20 == 10 ? "x" + letters(w) : letters(w * 7919)) + " ";
  std::vector<uint32_t> a, b;
  ASSERT_TRUE(h.signature(base, false, a));
  ASSERT_TRUE(h.signature(edited, false, b));
  double j = estimated_jaccard(a, b);
  EXPECT_NEAR(j, 296.0 / 496.0, 0.08);
  ASSERT_TRUE(h.signature(sentence_words(400, 3), false, b));
  EXPECT_LT(estimated_jaccard(a, b), 0.02);
}

TEST(MinHash, ChineseUsesCharacterShingles) {
  MinHasher h{MinHashConfig{}};
  std::string zh =
      "今天天气很好我们一起去公园散步公园里有很多人在跑步和打太极拳孩子们在草地上玩耍我觉得这样的周"
      "末非常舒服也让人感到放松";
  std::string one_char = zh;
  one_char.replace(3 * 20, 3, "雨");  // one character of 60 replaced
  std::vector<uint32_t> a, b;
  ASSERT_TRUE(h.signature(zh, true, a));
  ASSERT_TRUE(h.signature(one_char, true, b));
  // 5 of 56 shingles change: J = 51/61 ~ 0.84.
  EXPECT_GT(estimated_jaccard(a, b), 0.65);
  // cjk_n_grams applies to CJK text only.
  MinHashConfig bigrams;
  bigrams.cjk_n_grams = 2;
  MinHasher h2(bigrams);
  std::vector<uint32_t> c;
  ASSERT_TRUE(h2.signature(zh, true, c));
  EXPECT_NE(a, c);
  ASSERT_TRUE(h2.signature(zh, false, c));
  ASSERT_TRUE(h.signature(zh, false, b));
  EXPECT_EQ(b, c);
}

TEST(MinHash, BadInputNeverCrashes) {
  MinHasher h{MinHashConfig{}};
  std::vector<uint32_t> s;
  EXPECT_FALSE(h.signature("", false, s));
  EXPECT_FALSE(h.signature(" \n\t ,.;!", false, s));
  EXPECT_TRUE(h.signature(std::string(1 << 20, 'a'), false, s));
  std::string han;
  for (int i = 0; i < 350000; ++i) han += "的";
  EXPECT_TRUE(h.signature(han, true, s));
  EXPECT_TRUE(h.signature("ok \xC3\x28 \xFF\xFE word \xE6\x97", true, s));
}

}  // namespace
}  // namespace docpipe::dedup
