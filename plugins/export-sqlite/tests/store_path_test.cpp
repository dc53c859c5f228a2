#include "store_path.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace docpipe::sqlite {
namespace {

TEST(StorePath, PlainPathIsKept) { EXPECT_EQ(store_path("out/store.db", 0, 1, "p"), "out/store.db"); }

TEST(StorePath, ShardGivesOneDatabasePerShard) {
  EXPECT_EQ(store_path("out/store-{shard}-of-{shard_count}.db", 3, 8, "p"), "out/store-3-of-8.db");
  EXPECT_EQ(store_path("out/{pipeline}.db", 0, 1, "news"), "out/news.db");
}

TEST(StorePath, PartAndIdAreRefused) {
  EXPECT_THROW(store_path("out/store-{part}.db", 0, 1, "p"), std::invalid_argument);
  EXPECT_THROW(store_path("out/{id}.db", 0, 1, "p"), std::invalid_argument);
}

TEST(StorePath, MalformedTemplateIsRefused) {
  EXPECT_THROW(store_path("out/{nope}.db", 0, 1, "p"), std::invalid_argument);
}

}  // namespace
}  // namespace docpipe::sqlite
