// The quickstart as `make run` runs it, and the bad inputs the host issue
// lists, through the real CLI and the first-party plugins.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <map>

#include "test_support.hpp"

using docpipe::test::read_file;
using docpipe::test::read_lines;
using docpipe::test::run_cli;
using docpipe::test::TempDir;
using docpipe::test::write_file;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

std::vector<boost::json::object> read_jsonl(const std::string& path) {
  std::vector<boost::json::object> out;
  for (const auto& line : read_lines(path)) out.push_back(boost::json::parse(line).as_object());
  return out;
}

std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

}  // namespace

TEST(Quickstart, WritesCleanTextForBothSamplePages) {
  TempDir dir;
  setenv("DOCPIPE_OUT", dir.path().c_str(), 1);
  auto r = run_cli({"run", std::string(DOCPIPE_SOURCE_DIR) + "/examples/pipelines/quickstart.xml",
                    "--stats", dir / "stats.json"});
  unsetenv("DOCPIPE_OUT");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("documents: 2 read, 2 ok, 0 dropped, 0 failed"));
  auto docs = read_jsonl(dir / "quickstart.jsonl");
  ASSERT_EQ(docs.size(), 2u);
  // Ordered pipeline: files in byte order.
  EXPECT_EQ(str(docs[0].at("id")), "en-article.html");
  EXPECT_EQ(str(docs[1].at("id")), "zh-news.html");

  const auto& en = docs[0];
  std::string en_text = str(en.at("text"));
  EXPECT_THAT(en_text, HasSubstr("Hydrologists call these headwater streams"));
  EXPECT_THAT(en_text, Not(HasSubstr("<p>")));
  EXPECT_THAT(en_text, Not(HasSubstr("function(")));  // scripts are not text
  EXPECT_EQ(str(en.at("metadata").at("lang")), "en");
  EXPECT_THAT(str(en.at("metadata").at("title")), HasSubstr("Why Small Rivers Matter"));
  EXPECT_THAT(str(en.at("metadata").at("source")), HasSubstr("examples/data/en-article.html"));

  const auto& zh = docs[1];
  std::string zh_text = str(zh.at("text"));
  // Decoded from GBK declared as gb2312: 镕-class characters need GB18030.
  EXPECT_EQ(str(zh.at("metadata").at("charset")), "GB18030");
  EXPECT_EQ(str(zh.at("metadata").at("charset_source")), "meta");
  EXPECT_THAT(zh_text, HasSubstr("该区今年第一批老旧小区改造项目已经基本完工"));
  EXPECT_THAT(str(zh.at("metadata").at("title")), HasSubstr("西湖区老旧小区改造完成首批加装电梯"));
  EXPECT_THAT(zh_text, Not(HasSubstr("\xEF\xBF\xBD")));  // no replacement characters

  auto stats = boost::json::parse(read_file(dir / "stats.json")).as_object();
  EXPECT_EQ(stats.at("documents").at("read").as_int64(), 2);
  // The default errors sink exists beside the output, empty.
  EXPECT_TRUE(std::filesystem::exists(dir / "errors.jsonl"));
  EXPECT_EQ(std::filesystem::file_size(dir / "errors.jsonl"), 0u);
}

TEST(Quickstart, OneLineFormWithCompressedOutput) {
  TempDir dir;
  std::string data = std::string(DOCPIPE_SOURCE_DIR) + "/examples/data";
  auto r = run_cli({"run", "fetch.files path=" + data + " include=*.html ! clean.html ! export.jsonl path=" +
                               (dir / "out.jsonl.gz")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  gzFile gz = gzopen((dir / "out.jsonl.gz").c_str(), "rb");
  ASSERT_NE(gz, nullptr);
  std::string content;
  char buf[4096];
  for (int n; (n = gzread(gz, buf, sizeof buf)) > 0;) content.append(buf, static_cast<size_t>(n));
  gzclose(gz);
  EXPECT_EQ(std::count(content.begin(), content.end(), '\n'), 2);
  EXPECT_THAT(content, HasSubstr("\"id\":\"zh-news.html\""));
}

// Every bad input becomes one clear record or message; nothing is lost and nothing crashes.
TEST(BadInput, EachBadFileIsAccountedFor) {
  TempDir dir;
  std::string in = dir / "in";
  write_file(in + "/good.html", "<html><body><p>A perfectly fine page with some words.</p></body></html>");
  write_file(in + "/empty.html", "");
  write_file(in + "/binary.html", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(200, '\0'));
  write_file(in + "/invalid-utf8.html", "<meta charset=\"utf-8\"><p>caf\xC3 na\xEFve \xFF\xFE text</p>");
  write_file(in + "/notags.txt", "Just plain text, no markup at all.");
  write_file(in + "/big.html", "<p>" + std::string(2 << 20, 'a') + "</p>");
  ASSERT_EQ(mkfifo((in + "/a-fifo.html").c_str(), 0600), 0);
  std::string out = dir / "out/docs.jsonl";
  auto r = run_cli({"run", "fetch.files path=" + in + " max_size=1MiB ! clean.html ! export.jsonl path=" + out,
                    "--stats", dir / "stats.json"});
  EXPECT_EQ(r.exit_code, 3) << r.err;  // some documents failed
  auto stats = boost::json::parse(read_file(dir / "stats.json")).as_object();
  const auto& d = stats.at("documents");
  EXPECT_EQ(d.at("read").as_int64(), 7);
  EXPECT_EQ(d.at("read").as_int64(), d.at("ok").as_int64() + d.at("dropped").as_int64() + d.at("failed").as_int64());
  EXPECT_EQ(d.at("dropped").as_int64(), 1);  // the empty file
  EXPECT_EQ(d.at("failed").as_int64(), 3);   // binary, fifo, too big
  auto docs = read_jsonl(out);
  ASSERT_EQ(docs.size(), 3u);  // good, invalid-utf8 (repaired), notags
  for (const auto& doc : docs) {
    if (str(doc.at("id")) == "invalid-utf8.html") {
      EXPECT_THAT(str(doc.at("text")), HasSubstr("\xEF\xBF\xBD"));
    }
    if (str(doc.at("id")) == "notags.txt") {
      EXPECT_EQ(str(doc.at("text")), "Just plain text, no markup at all.");
    }
  }
  auto errors = read_jsonl(dir / "out/errors.jsonl");
  ASSERT_EQ(errors.size(), 3u);
  std::map<std::string, boost::json::object> by_id;
  for (auto& e : errors) by_id[str(e.at("id"))] = e;
  EXPECT_EQ(str(by_id["binary.html"].at("stage")), "clean.html#0");
  EXPECT_THAT(str(by_id["binary.html"].at("message")), HasSubstr("binary"));
  EXPECT_EQ(str(by_id["binary.html"].at("result")), "document_error");
  EXPECT_EQ(str(by_id["a-fifo.html"].at("stage")), "fetch.files#0");
  EXPECT_THAT(str(by_id["big.html"].at("message")), HasSubstr("max_size"));
  EXPECT_THAT(str(by_id["big.html"].at("source")), HasSubstr("/in/big.html"));
}

TEST(BadInput, MissingPathIsAFailedDocument) {
  TempDir dir;
  auto r = run_cli({"run", "fetch.files path=" + (dir / "nope") + " ! clean.html ! export.jsonl path=" + (dir / "o.jsonl")});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("1 read, 0 ok, 0 dropped, 1 failed"));
  auto errors = read_jsonl(dir / "errors.jsonl");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(str(errors[0].at("message")), HasSubstr("no such file or directory"));
}

TEST(BadInput, WrongParameterTypeAndUnknownKey) {
  auto r = run_cli({"run", "fetch.files path=x max_size=huge ! clean.html ! export.jsonl path=/tmp/x.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("<command line>:1:20: parameter 'max_size' of fetch.files#0 (size): expected a size"));
  r = run_cli({"run", "fetch.files path=x ! clean.html outptu=md ! export.jsonl path=/tmp/x.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("unknown parameter 'outptu' for clean.html#0"));
  EXPECT_THAT(r.err, HasSubstr("allowed: "));
}

TEST(BadInput, ExistingOutputIsRefusedWithoutOverwrite) {
  TempDir dir;
  write_file(dir / "o.jsonl", "precious\n");
  auto r = run_cli({"run", "fetch.files path=" + std::string(DOCPIPE_SOURCE_DIR) +
                               "/examples/data ! clean.html ! export.jsonl path=" + (dir / "o.jsonl")});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_THAT(r.err, HasSubstr("overwrite=true"));
  EXPECT_EQ(read_file(dir / "o.jsonl"), "precious\n");
}

TEST(Describe, FirstPartyPluginsRenderDocs) {
  for (const char* id : {"fetch.files", "clean.html", "export.jsonl"}) {
    auto r = run_cli({"describe", id});
    EXPECT_EQ(r.exit_code, 0) << id << r.err;
    EXPECT_THAT(r.out, HasSubstr("parameters:")) << id;
  }
  auto p = run_cli({"plugins"});
  EXPECT_THAT(p.out, HasSubstr("clean.html"));
  EXPECT_THAT(p.out, HasSubstr("lib/docpipe/plugins/docpipe-clean-html.so"));
}
