// The frequency dictionary: loading, lookups, user words and clear errors on bad files.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "dictionary.hpp"
#include "test_support.hpp"

namespace docpipe::segment_words {
namespace {

const std::string data_dir = SEGMENT_WORDS_TEST_DATA;

std::string error_of(const std::string& dict, const std::string& user = "") {
  try {
    load_shared_dictionary(dict, user);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(Dictionary, LoadsWordsAndPrefixes) {
  auto d = load_shared_dictionary(data_dir + "/small_dict.txt", "");
  EXPECT_EQ(d->size(), 34u);
  EXPECT_NE(d->lookup(U"北京大学"), Dictionary::not_a_word);
  EXPECT_EQ(d->lookup(U"北京大"), Dictionary::not_a_word);  // a prefix only
  EXPECT_EQ(d->lookup(U"上海"), Dictionary::not_a_word);
  EXPECT_GT(d->lookup(U"的"), d->lookup(U"北京大学"));
}

TEST(Dictionary, IsSharedPerPath) {
  auto a = load_shared_dictionary(data_dir + "/small_dict.txt", "");
  auto b = load_shared_dictionary(data_dir + "/small_dict.txt", "");
  EXPECT_EQ(a.get(), b.get());
  auto c = load_shared_dictionary(data_dir + "/small_dict.txt", data_dir + "/user_dict.txt");
  EXPECT_NE(a.get(), c.get());
}

TEST(Dictionary, UserDictionaryOverridesAddsAndRemoves) {
  auto d = load_shared_dictionary(data_dir + "/small_dict.txt", data_dir + "/user_dict.txt");
  EXPECT_LT(d->lookup(U"研究"), d->lookup(U"研究生"));           // frequency lowered to 1
  EXPECT_NE(d->lookup(U"生命起源"), Dictionary::not_a_word);    // added
  EXPECT_EQ(d->lookup(U"我们"), Dictionary::not_a_word);         // frequency 0 removes
  EXPECT_NE(d->lookup(U"新词汇"), Dictionary::not_a_word);       // no frequency: added to win
}

TEST(Dictionary, MissingFileNamesThePath) {
  std::string why = error_of(data_dir + "/no-such-dict.txt");
  EXPECT_NE(why.find("cannot open dictionary"), std::string::npos) << why;
  EXPECT_NE(why.find("no-such-dict.txt"), std::string::npos) << why;
}

TEST(Dictionary, GarbageNamesFileAndLine) {
  std::string why = error_of(data_dir + "/garbage_dict.txt");
  EXPECT_NE(why.find("garbage_dict.txt:2"), std::string::npos) << why;
  EXPECT_NE(why.find("frequency"), std::string::npos) << why;
}

TEST(Dictionary, BinaryGarbageIsRefused) {
  test::TempDir dir;
  std::string path = dir.write("bin.txt", std::string("\xff\xfe\x00\x01 12\n", 8));
  EXPECT_NE(error_of(path).find("bin.txt:1"), std::string::npos) << error_of(path);
}

TEST(Dictionary, EmptyFileIsRefused) {
  test::TempDir dir;
  std::string path = dir.write("empty.txt", "");
  EXPECT_NE(error_of(path).find("is empty"), std::string::npos) << error_of(path);
}

TEST(Dictionary, DebianJiebaDictionaryLoads) {
  if (!std::filesystem::exists(default_dictionary_path)) {
    GTEST_SKIP() << default_dictionary_path << " missing: install python3-jieba (scripts/install-deps.sh)";
  }
  auto d = load_shared_dictionary(default_dictionary_path, "");
  EXPECT_GT(d->size(), 300000u);
  EXPECT_NE(d->lookup(U"中华人民共和国"), Dictionary::not_a_word);
}

}  // namespace
}  // namespace docpipe::segment_words
