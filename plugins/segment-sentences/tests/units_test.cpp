#include "units.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace docpipe::segment_sentences {
namespace {

TEST(ParagraphRanges, SplitAtBlankLinesOnly) {
  std::vector<Span> out;
  paragraph_ranges("a\nb\n\n \nc\n", out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], (Span{0, 3}));
  EXPECT_EQ(out[1], (Span{7, 9}));
}

TEST(DisjointBlocks, NestedOverlappingAndOutOfRangeBlocks) {
  // A quote [0,20) holding a paragraph [2,10), a cell past the text, an empty block.
  std::vector<Span> blocks{{2, 10}, {0, 20}, {18, 30}, {25, 40}, {5, 5}};
  disjoint_blocks(blocks, 28);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0], (Span{0, 20}));
  EXPECT_EQ(blocks[1], (Span{20, 28}));
}

TEST(DisjointBlocks, AdjacentBlocksStaySeparate) {
  std::vector<Span> blocks{{6, 12}, {0, 5}};
  disjoint_blocks(blocks, 12);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0], (Span{0, 5}));
  EXPECT_EQ(blocks[1], (Span{6, 12}));
}

}  // namespace
}  // namespace docpipe::segment_sentences
