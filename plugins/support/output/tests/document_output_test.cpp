#include <docpipe_output/document_output.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

#include "test_support.hpp"

namespace docpipe::output {
namespace {

using docpipe::test::TempDir;

OutputOptions options(const std::string& path) {
  OutputOptions o;
  o.path_template = path;
  return o;
}

TEST(DocumentOutput, IdInThePathWritesOneCompleteFilePerDocument) {
  TempDir dir;
  OutputOptions o = options(dir.path("out/{id}.txt"));
  o.max_docs = 5;  // no meaning with one file per document
  DocumentOutput out(o);
  EXPECT_TRUE(out.per_document());
  EXPECT_TRUE(out.rolling_ignored());
  out.set_separator("--");  // never written into a file of its own
  out.write("a", "first");
  out.write("sub/b", "second");
  out.finish();
  EXPECT_EQ(TempDir::read(dir.path("out/a.txt")), "first");
  EXPECT_EQ(TempDir::read(dir.path("out/sub/b.txt")), "second");
  EXPECT_EQ(out.files(), 2u);
}

TEST(DocumentOutput, AnExistingFileFailsThatDocumentOnly) {
  TempDir dir;
  dir.write("taken.txt", "old");
  DocumentOutput out(options(dir.path("{id}.txt")));
  EXPECT_THROW(out.write("taken", "new"), std::runtime_error);
  out.write("free", "new");
  out.finish();
  EXPECT_EQ(TempDir::read(dir.path("taken.txt")), "old");
  EXPECT_EQ(TempDir::read(dir.path("free.txt")), "new");
}

TEST(DocumentOutput, BadTemplateStopsAtStart) {
  TempDir dir;
  EXPECT_THROW(DocumentOutput(options(dir.path("{id}-{nope}.txt"))), std::invalid_argument);
}

TEST(DocumentOutput, StreamHasTheSeparatorBetweenRecordsOfAPartAndItsFraming) {
  TempDir dir;
  OutputOptions o = options(dir.path("all.txt"));
  o.max_docs = 2;
  DocumentOutput out(o);
  EXPECT_FALSE(out.per_document());
  EXPECT_FALSE(out.rolling_ignored());
  out.set_separator("|");
  out.set_framing("<", ">");
  for (const char* record : {"a", "b", "c"}) out.write("id", record);
  out.finish();
  EXPECT_EQ(TempDir::read(dir.path("all-00000.txt")), "<a|b>");
  EXPECT_EQ(TempDir::read(dir.path("all-00001.txt")), "<c>");
  EXPECT_EQ(out.files(), 2u);
}

}  // namespace
}  // namespace docpipe::output
