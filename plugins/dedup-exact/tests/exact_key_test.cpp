// Exact keys under each normalisation parameter, and the shared seen-set under many threads.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "exact_key.hpp"

namespace docpipe::dedup {
namespace {

bool same(std::string_view a, std::string_view b, const curation::NormalizeOptions& o) {
  std::string s1, s2;
  auto ka = exact_key(a, o, s1);
  auto kb = exact_key(b, o, s2);
  return ka && kb && *ka == *kb;
}

TEST(ExactKey, EachNormalisationIsAParameter) {
  curation::NormalizeOptions defaults;  // nfkc, lowercase, whitespace on; punctuation, digits off
  curation::NormalizeOptions none{false, false, false, false, false};
  EXPECT_TRUE(same("Hello World", "hello world", defaults));
  EXPECT_FALSE(same("Hello World", "hello world", none));
  EXPECT_TRUE(same("  a \n\t b  ", "a b", defaults));
  EXPECT_FALSE(same("  a \n\t b  ", "a b", none));
  EXPECT_TRUE(same("ＡＢＣ１２３", "abc123", defaults));  // full-width forms under NFKC
  EXPECT_FALSE(
      same("ＡＢＣ１２３", "abc123", curation::NormalizeOptions{false, true, true, false, false}));
  EXPECT_FALSE(same("Hi, there!", "Hi there", defaults));
  EXPECT_TRUE(
      same("Hi, there!", "Hi there", curation::NormalizeOptions{true, true, true, true, false}));
  EXPECT_TRUE(
      same("你好，世界。", "你好世界", curation::NormalizeOptions{true, true, true, true, false}));
  EXPECT_FALSE(same("price 12", "price 99", defaults));
  EXPECT_TRUE(
      same("price 12", "price 99", curation::NormalizeOptions{true, true, true, false, true}));
  EXPECT_FALSE(same("Hello World", "Hello Word", defaults));
}

TEST(ExactKey, NothingLeftMeansNoKey) {
  std::string s;
  EXPECT_FALSE(exact_key("", {}, s));
  EXPECT_FALSE(exact_key(" \n ", {}, s));
  EXPECT_FALSE(exact_key("!?", curation::NormalizeOptions{true, true, true, true, false}, s));
  EXPECT_TRUE(exact_key(std::string(1 << 20, 'a'), {}, s));
  EXPECT_TRUE(exact_key("\xFF\xFE\xC3\x28 x \xE6\x97", {}, s));
}

TEST(SeenKeys, ExactlyOneFirstPerKeyUnderManyThreads) {
  SeenKeys seen;
  std::atomic<int> firsts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      std::string scratch;
      for (int i = 0; i < 2000; ++i) {
        auto key = exact_key("document " + std::to_string(i), {}, scratch);
        if (!seen.insert(*key, "t" + std::to_string(t))) ++firsts;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(firsts.load(), 2000);
}

}  // namespace
}  // namespace docpipe::dedup
