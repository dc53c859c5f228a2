// export.text end to end through the CLI.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "sink_test_support.hpp"
#include "test_support.hpp"

namespace docpipe::test {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

TEST(ExportTextCli, OneFilePerDocumentWithSafeNames) {
  TempDir dir;
  std::string in = write_sample_pages(dir);
  dir.write("in/sub/深/page.html", chinese_page);
  CliResult r = run_pipeline("fetch.files path=" + in + " ! clean.html extract=all ! export.text path=" +
                             dir.path("out/{id}.txt"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(TempDir::read(dir.path("out/en.html.txt")), HasSubstr("Rivers carry water."));
  EXPECT_THAT(TempDir::read(dir.path("out/zh.html.txt")), HasSubstr("西湖区加装电梯"));
  EXPECT_THAT(TempDir::read(dir.path("out/sub/深/page.html.txt")), HasSubstr("具体措施"));
  // Nothing else: no temporary files left behind.
  size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir.path("out"))) {
    if (e.is_regular_file() && e.path().filename() != "errors.jsonl") {
      ++files;
      EXPECT_NE(e.path().filename().string()[0], '.') << e.path();
    }
  }
  EXPECT_EQ(files, 3u);
}

TEST(ExportTextCli, ExistingPerDocumentFileFailsThatDocumentOnly) {
  TempDir dir;
  std::string in = write_sample_pages(dir);
  dir.write("out/en.html.txt", "precious");
  CliResult r = run_pipeline("fetch.files path=" + in + " ! clean.html extract=all ! export.text path=" +
                                 dir.path("out/{id}.txt"),
                             {"--max-failed", "5"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(TempDir::read(dir.path("out/en.html.txt")), "precious");
  EXPECT_THAT(TempDir::read(dir.path("out/zh.html.txt")), HasSubstr("西湖区"));
  EXPECT_THAT(TempDir::read(dir.path("out/errors.jsonl")), HasSubstr("overwrite=true"));
}

TEST(ExportTextCli, OneStreamWithSeparatorGzipped) {
  TempDir dir;
  std::string in = write_sample_pages(dir);
  CliResult r = run_pipeline("fetch.files path=" + in + " ! clean.html extract=all ! export.text separator='\\n=====\\n' path=" +
                             dir.path("all.txt.gz"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ShellResult text = shell("zcat " + dir.path("all.txt.gz"));
  ASSERT_EQ(text.exit_code, 0);
  size_t sep = text.out.find("\n=====\n");
  ASSERT_NE(sep, std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("\n=====\n", sep + 1), std::string::npos) << "one separator between two documents";
  EXPECT_THAT(text.out, HasSubstr("Rivers carry water."));
  EXPECT_THAT(text.out, HasSubstr("西湖区加装电梯"));
}

TEST(ExportTextCli, TraversalIdsStayInsideTheOutputDirectory) {
  TempDir dir;
  // test.counter ids are fixed; a hostile id comes from a file name with dots.
  std::string in = dir.mkdir("in");
  dir.write("in/..evil.html", english_page);
  CliResult r = run_pipeline("fetch.files path=" + in + " ! clean.html extract=all ! export.text path=" +
                             dir.path("out/{id}.txt"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir.path("out/_.evil.html.txt"))) << r.err;
}

}  // namespace
}  // namespace docpipe::test
