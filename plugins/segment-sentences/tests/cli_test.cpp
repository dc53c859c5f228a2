// segment.sentences through the CLI: fetch.files ! clean.html extract=all !
// segment.sentences ! export.jsonl, then the segments read back from JSONL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.hpp"

namespace docpipe::test {
namespace {

using ::testing::ElementsAre;

// The "text" field of one JSONL record (the escapes export.jsonl writes for this input).
std::string json_text(const std::string& line) {
  size_t at = line.find("\"text\":\"");
  if (at == std::string::npos) return {};
  std::string out;
  for (size_t i = at + 8; i < line.size() && line[i] != '"'; ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      char e = line[++i];
      out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
    } else {
      out += line[i];
    }
  }
  return out;
}

std::vector<std::string> sentence_texts(const std::string& line) {
  std::string text = json_text(line);
  std::vector<std::string> out;
  // Plain parsing, not std::regex: GCC 12 warns falsely inside <regex> under the sanitizers.
  const std::string key = R"({"kind":"sentence","begin":)";
  for (size_t at = line.find(key); at != std::string::npos; at = line.find(key, at + 1)) {
    size_t pos = at + key.size();
    size_t b = std::stoul(line.substr(pos));
    size_t end_key = line.find(R"("end":)", pos);
    if (end_key == std::string::npos) break;
    size_t e = std::stoul(line.substr(end_key + 6));
    out.push_back(e <= text.size() && b <= e ? text.substr(b, e - b) : "<out of range>");
  }
  return out;
}

// The sentences of one page through fetch.files ! clean.html extract=all !
// segment.sentences ! export.jsonl.
std::vector<std::string> page_sentences(const std::string& html) {
  TempDir dir;
  dir.write("in/page.html", html);
  std::string out = dir.path("out.jsonl");
  CliResult r =
      run_cli({"run", "--log-level", "warn",
               "fetch.files path=" + dir.path("in") +
                   " ! clean.html extract=all ! segment.sentences ! export.jsonl path=" + out});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines = read_lines(out);
  EXPECT_EQ(lines.size(), 1u);
  return lines.empty() ? std::vector<std::string>{} : sentence_texts(lines[0]);
}

TEST(SegmentSentencesCli, SentencesPerBlockThroughExportJsonl) {
  // The heading is its own sentence: never glued to the paragraph after it.
  EXPECT_THAT(page_sentences("<html lang=\"en\"><body><h1>A heading without a stop</h1>"
                             "<p>Mr. Smith came at 5 p.m. today. He left.</p>"
                             "<p>我们去看《摔跤吧！爸爸》好吗？好！</p></body></html>"),
              ElementsAre("A heading without a stop", "Mr. Smith came at 5 p.m. today.", "He left.",
                          "我们去看《摔跤吧！爸爸》好吗？", "好！"));
}

TEST(SegmentSentencesCli, SentencesNeverCrossBlockBoundaries) {
  // Nothing in the text itself would end these sentences: no full stops,
  // lower-case starts after one line break (which alone continues a
  // sentence). Only clean.html's blocks (heading, list items, table cells,
  // code) separate them.
  EXPECT_THAT(
      page_sentences("<html lang=\"en\"><body><h2>Favorite restaurant</h2>"
                     "<p>best yellow curry in town</p>"
                     "<ul><li>fresh bagels</li><li>long lines on the weekends</li></ul>"
                     "<table><tr><td>prime ribs</td><td>expensive though</td></tr></table>"
                     "<pre><code>make build</code></pre><p>thanks for reading</p></body></html>"),
      ElementsAre("Favorite restaurant", "best yellow curry in town", "fresh bagels",
                  "long lines on the weekends", "prime ribs", "expensive though", "make build",
                  "thanks for reading"));
}

TEST(SegmentSentencesCli, DescribeDeclaresNeedsAndProvides) {
  CliResult r = run_cli({"describe", "segment.sentences"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("segments:sentence"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("lang"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace docpipe::test
