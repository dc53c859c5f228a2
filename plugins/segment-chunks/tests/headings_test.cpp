#include "headings.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace docpipe::segment_chunks {
namespace {

TEST(Headings, PathFollowsLevels) {
  //                 0     6        15      23        33       42
  std::string text = "Intro\n\nPara one.\n\nSub\n\nPara two.\n\nNext\n\nPara three.";
  std::vector<Heading> headings{{0, 5, 1}, {18, 21, 2}, {34, 38, 1}};
  std::vector<uint64_t> anchors{0, 18, 23, 34};
  std::string json;
  heading_paths_json(text, headings, anchors, json);
  EXPECT_EQ(json, R"(["Intro","Intro > Sub","Intro > Sub","Next"])");
}

TEST(Headings, NoHeadingsGiveEmptyPathsAndEscaping) {
  std::string text = "He said \"hi\"\n\nback\\slash";
  std::string json;
  heading_paths_json(text, {}, {0}, json);
  EXPECT_EQ(json, R"([""])");
  json.clear();
  heading_paths_json(text, {{0, 12, 2}, {14, 24, 3}}, {14}, json);
  EXPECT_EQ(json, R"(["He said \"hi\" > back\\slash"])");
}

TEST(Headings, WhitespaceInsideAHeadingIsCollapsed) {
  std::string text = "  Multi\n  line  ";
  std::string json;
  heading_paths_json(text, {{0, text.size(), 0}}, {0}, json);
  EXPECT_EQ(json, R"(["Multi line"])");
}

}  // namespace
}  // namespace docpipe::segment_chunks
