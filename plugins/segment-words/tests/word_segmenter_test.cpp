// WordSegmenter on text we wrote, with a small dictionary so the expected spans are ours to reason about.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "dictionary.hpp"
#include "word_segmenter.hpp"

namespace docpipe::segment_words {
namespace {

const std::string data_dir = SEGMENT_WORDS_TEST_DATA;

std::vector<std::string> words(WordSegmenter& seg, const std::string& text, Mode mode = Mode::automatic,
                               uint64_t begin = 0, uint64_t end = std::string::npos) {
  std::vector<Span> spans;
  seg.segment(text, begin, std::min<uint64_t>(end, text.size()), mode, spans);
  std::vector<std::string> out;
  for (const Span& s : spans) out.push_back(text.substr(s.begin, s.end - s.begin));
  return out;
}

using Words = std::vector<std::string>;

class SmallDict : public ::testing::Test {
 protected:
  std::shared_ptr<const Dictionary> dict = load_shared_dictionary(data_dir + "/small_dict.txt", "");
  WordSegmenter seg{dict, Options{false, false}};
};

TEST_F(SmallDict, BestPathByProbability) {
  EXPECT_EQ(words(seg, "我们喜欢北京大学"), (Words{"我们", "喜欢", "北京大学"}));
  EXPECT_EQ(words(seg, "研究生命起源"), (Words{"研究", "生命", "起源"}));
  EXPECT_EQ(words(seg, "今天是大学生的"), (Words{"今天", "是", "大", "学生", "的"}));
}

TEST_F(SmallDict, SpansAreByteOffsets) {
  std::vector<Span> spans;
  std::string text = "北京大学";
  seg.segment(text, 0, text.size(), Mode::chinese, spans);
  EXPECT_EQ(spans, (std::vector<Span>{{0, 12}}));
}

TEST_F(SmallDict, NumbersDatesAndPercentages) {
  // Numerals stand apart from 年/月/日 and measure words, as in the UD Chinese treebanks.
  EXPECT_EQ(words(seg, "2004年5月3日"), (Words{"2004", "年", "5", "月", "3", "日"}));
  EXPECT_EQ(words(seg, "五十五万个苹果"), (Words{"五十五万", "个", "苹果"}));
  EXPECT_EQ(words(seg, "二〇〇四年"), (Words{"二〇〇四", "年"}));
  EXPECT_EQ(words(seg, "涨了31.8%和1,000个"), (Words{"涨", "了", "31.8%", "和", "1,000", "个"}));
  EXPECT_EQ(words(seg, "２０２４年"), (Words{"２０２４", "年"}));
}

TEST_F(SmallDict, LatinRunsAreOneToken) {
  EXPECT_EQ(words(seg, "我用iPhone15手机"), (Words{"我", "用", "iPhone15", "手机"}));
  EXPECT_EQ(words(seg, "在www.example.com上"), (Words{"在", "www.example.com", "上"}));
}

TEST_F(SmallDict, MixedChineseAndEnglish) {
  EXPECT_EQ(words(seg, "今天我们在Paris的大学, said John."),
            (Words{"今天", "我们", "在", "Paris", "的", "大学", "said", "John"}));
}

TEST_F(SmallDict, PunctuationOnlyWhenAsked) {
  WordSegmenter with_punct(dict, Options{true, false});
  EXPECT_EQ(words(seg, "我们，喜欢！"), (Words{"我们", "喜欢"}));
  EXPECT_EQ(words(with_punct, "我们，喜欢！ "), (Words{"我们", "，", "喜欢", "！"}));
  EXPECT_EQ(words(with_punct, "Yes, ok."), (Words{"Yes", ",", "ok", "."}));
}

TEST_F(SmallDict, EnglishByIcu) {
  EXPECT_EQ(words(seg, "Hello, world! It's 3.5 km — e.g. “quoted”."),
            (Words{"Hello", "world", "It's", "3.5", "km", "e.g", "quoted"}));
  EXPECT_EQ(words(seg, "Grüße aus Köln", Mode::icu), (Words{"Grüße", "aus", "Köln"}));
}

TEST_F(SmallDict, JapaneseAndThaiByIcuDictionaries) {
  Words ja = words(seg, "私は東京に住んでいます");
  EXPECT_NE(std::find(ja.begin(), ja.end(), "東京"), ja.end());
  Words th = words(seg, "ภาษาไทยง่ายนิดเดียว", Mode::icu);
  EXPECT_GE(th.size(), 3u);
  EXPECT_EQ(th.front(), "ภาษา");
}

TEST_F(SmallDict, NoWordLeavesItsRange) {
  std::string text = "北京大学";
  EXPECT_EQ(words(seg, text, Mode::chinese, 0, 6), (Words{"北京"}));
  EXPECT_EQ(words(seg, text, Mode::chinese, 6, 12), (Words{"大学"}));
}

TEST_F(SmallDict, EmptyAndDegenerateInput) {
  EXPECT_TRUE(words(seg, "").empty());
  EXPECT_TRUE(words(seg, "   \n\t ").empty());
  EXPECT_TRUE(words(seg, "，。！").empty());
  EXPECT_TRUE(words(seg, "abc", Mode::automatic, 2, 1).empty());
}

TEST_F(SmallDict, InvalidUtf8StaysInsideTheText) {
  std::string text = "\xff北京\xe4\xb8大学\xc0";
  std::vector<Span> spans;
  seg.segment(text, 0, text.size(), Mode::automatic, spans);
  for (const Span& s : spans) {
    EXPECT_LT(s.begin, s.end);
    EXPECT_LE(s.end, text.size());
  }
  EXPECT_EQ(words(seg, text)[0], "北京");
}

TEST_F(SmallDict, LongUnpunctuatedRun) {
  std::string unit = "我们喜欢北京大学";
  std::string text;
  while (text.size() < (1u << 20)) text += unit;
  std::vector<Span> spans;
  seg.segment(text, 0, text.size(), Mode::automatic, spans);
  // Runs are cut as graphs of 65,536 characters, which is a multiple of the unit's 8: no word is lost.
  ASSERT_EQ(spans.size(), text.size() / unit.size() * 3);
  EXPECT_EQ(spans.back().end, text.size());
  for (size_t i = 1; i < spans.size(); ++i) ASSERT_EQ(spans[i].begin, spans[i - 1].end);
  // An unknown run that long goes through the HMM in one piece.
  WordSegmenter with_hmm(dict, Options{false, true});
  std::string unknown;
  while (unknown.size() < (1u << 20)) unknown += "龘靐";
  spans.clear();
  with_hmm.segment(unknown, 0, unknown.size(), Mode::chinese, spans);
  ASSERT_FALSE(spans.empty());
  EXPECT_EQ(spans.front().begin, 0u);
  EXPECT_EQ(spans.back().end, unknown.size());
  for (size_t i = 1; i < spans.size(); ++i) ASSERT_EQ(spans[i].begin, spans[i - 1].end);
}

TEST(UserDictionary, OverridesTheBestPath) {
  auto base = load_shared_dictionary(data_dir + "/small_dict.txt", "");
  auto user = load_shared_dictionary(data_dir + "/small_dict.txt", data_dir + "/user_dict.txt");
  WordSegmenter a(base, Options{false, false}), b(user, Options{false, false});
  EXPECT_EQ(words(a, "研究生命起源"), (Words{"研究", "生命", "起源"}));
  EXPECT_EQ(words(b, "研究生命起源"), (Words{"研究", "生命起源"}));
  EXPECT_EQ(words(b, "我们的新词汇"), (Words{"我", "们", "的", "新词汇"}));
}

TEST(Convention, UdSplitsWhatTheDictionaryJoins) {
  auto dict = load_shared_dictionary(data_dir + "/convention_dict.txt", "");
  WordSegmenter ud(dict, Options{false, false, true}), listed(dict, Options{false, false, false});
  const std::string text = "一个天津市成为总面积参赛者每个";
  EXPECT_EQ(words(listed, text), (Words{"一个", "天津市", "成为", "总面积", "参赛者", "每个"}));
  EXPECT_EQ(words(ud, text), (Words{"一", "个", "天津", "市", "成", "为", "总", "面积", "参赛", "者", "每个"}));
  // A suffix splits only when what precedes it is a word of its own; 认为 is no verb + 为 pair.
  EXPECT_EQ(words(ud, "国家认为"), (Words{"国家", "认为"}));
}

TEST(ModeForLanguage, MapsTags) {
  EXPECT_EQ(mode_for_language(""), Mode::automatic);
  EXPECT_EQ(mode_for_language("auto"), Mode::automatic);
  EXPECT_EQ(mode_for_language("zh"), Mode::chinese);
  EXPECT_EQ(mode_for_language("zh-Hant-TW"), Mode::chinese);
  EXPECT_EQ(mode_for_language("ja"), Mode::icu);
  EXPECT_EQ(mode_for_language("en-US"), Mode::icu);
}

class JiebaDict : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(default_dictionary_path)) {
      GTEST_SKIP() << default_dictionary_path << " missing: install python3-jieba";
    }
    seg = std::make_unique<WordSegmenter>(load_shared_dictionary(default_dictionary_path, ""), Options{});
  }
  std::unique_ptr<WordSegmenter> seg;
};

TEST_F(JiebaDict, SegmentsSentences) {
  EXPECT_EQ(words(*seg, "我来到北京清华大学"), (Words{"我", "来到", "北京", "清华大学"}));
  EXPECT_EQ(words(*seg, "他毕业于中国科学院计算所"), (Words{"他", "毕业", "于", "中国科学院", "计算所"}));
  EXPECT_EQ(words(*seg, "王小明在天津市的一个大学成为研究生"),
            (Words{"王小明", "在", "天津", "市", "的", "一", "个", "大学", "成", "为", "研究生"}));
  EXPECT_EQ(words(*seg, "2019年3月，iPhone 11售价5,499元"),
            (Words{"2019", "年", "3", "月", "iPhone", "11", "售价", "5,499", "元"}));
}

}  // namespace
}  // namespace docpipe::segment_words
