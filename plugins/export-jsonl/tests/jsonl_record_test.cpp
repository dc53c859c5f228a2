#include "jsonl_record.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

#include <docpipe_output/rolling_output.hpp>
#include "segment_headings.hpp"
#include "test_support.hpp"

namespace docpipe::jsonl {
namespace {

using docpipe::test::TempDir;

// The accessors of docpipe::Document that the record templates use, over plain members.
struct FakeDocument {
  struct Meta {
    std::string_view key;
    std::string_view value;
    bool is_json;
  };
  struct Segment {
    std::string_view kind;
    uint64_t begin;
    uint64_t end;
  };

  std::string id_, text_, source_, url_, content_type_, charset_, stage_, message_;
  int64_t http_status_ = 0;
  int64_t fetch_time_ms_ = 0;
  int status_ = 0;
  std::vector<Meta> meta_;
  std::vector<Segment> segments_;

  std::string_view id() const { return id_; }
  std::string_view text() const { return text_; }
  std::string_view source() const { return source_; }
  std::string_view url() const { return url_; }
  std::string_view content_type() const { return content_type_; }
  std::string_view charset() const { return charset_; }
  std::string_view stage() const { return stage_; }
  std::string_view message() const { return message_; }
  int64_t http_status() const { return http_status_; }
  int64_t fetch_time_ms() const { return fetch_time_ms_; }
  int status() const { return status_; }
  size_t meta_count() const { return meta_.size(); }
  Meta meta_at(size_t i) const { return meta_[i]; }
  size_t segment_count() const { return segments_.size(); }
  Segment segment(size_t i) const { return segments_[i]; }
};

FakeDocument full_document() {
  FakeDocument doc;
  doc.id_ = "news/2024/a.html";
  doc.text_ = "标题\n第一句。Second \"quoted\" line.\u2028end";
  doc.source_ = "/data/news/2024/a.html";
  doc.url_ = "https://example.com/a";
  doc.content_type_ = "text/html";
  doc.charset_ = "GB18030";
  doc.http_status_ = 200;
  doc.fetch_time_ms_ = 1714566896789;
  doc.meta_ = {{"title", "标题", false},
               {"charset", "gbk (ignored: the document field wins)", false},
               {"tags", R"(["a","b"])", true},
               {"word_count", "3", true}};
  doc.segments_ = {{"sentence", 7, 22}, {"sentence", 22, 46}};
  return doc;
}

std::string main_record(const FakeDocument& doc) {
  std::string out;
  append_main_record(out, doc);
  return out;
}

std::string error_record(const FakeDocument& doc) {
  std::string out;
  append_error_record(out, doc);
  return out;
}

TEST(MainRecord, FullLayout) {
  EXPECT_EQ(main_record(full_document()),
            R"({"id":"news/2024/a.html","text":"标题\n第一句。Second \"quoted\" line.\u2028end",)"
            R"("metadata":{"source":"/data/news/2024/a.html","url":"https://example.com/a",)"
            R"("content_type":"text/html","charset":"GB18030","http_status":200,)"
            R"("fetch_time":"2024-05-01T12:34:56.789Z","title":"标题","tags":["a","b"],)"
            R"("word_count":3},"segments":[{"kind":"sentence","begin":7,"end":22},)"
            R"({"kind":"sentence","begin":22,"end":46}]})"
            "\n");
}

TEST(MainRecord, UnsetFieldsAndNoSegmentsAreLeftOut) {
  FakeDocument doc;
  doc.id_ = "a";
  EXPECT_EQ(main_record(doc), "{\"id\":\"a\",\"text\":\"\",\"metadata\":{}}\n");
  doc.meta_ = {{"charset", "utf-8", false}};  // no charset field: the entry is kept
  EXPECT_EQ(main_record(doc),
            "{\"id\":\"a\",\"text\":\"\",\"metadata\":{\"charset\":\"utf-8\"}}\n");
}

TEST(ErrorRecord, Layout) {
  FakeDocument doc;
  doc.id_ = "missing.html";
  doc.source_ = "/data/missing.html";
  doc.stage_ = "fetch.files#0";
  doc.status_ = 2;
  doc.message_ = "no such file or directory";
  doc.text_ = "never written in an error record";
  EXPECT_EQ(error_record(doc),
            R"({"id":"missing.html","source":"/data/missing.html","stage":"fetch.files#0",)"
            R"("result":"document_error","message":"no such file or directory"})"
            "\n");
  doc.status_ = 1;
  doc.message_ = "too short";
  doc.url_ = "https://example.com/x";
  EXPECT_EQ(error_record(doc),
            R"({"id":"missing.html","source":"/data/missing.html","stage":"fetch.files#0",)"
            R"("result":"dropped","message":"too short","url":"https://example.com/x"})"
            "\n");
}

TEST(ResultName, EveryStatus) {
  EXPECT_EQ(result_name(0), "ok");
  EXPECT_EQ(result_name(1), "dropped");
  EXPECT_EQ(result_name(2), "document_error");
  EXPECT_EQ(result_name(3), "component_error");
  EXPECT_EQ(result_name(4), "timeout");
  EXPECT_EQ(result_name(5), "crash");
  EXPECT_EQ(result_name(42), "unknown");
}

// Python's json module reads the files back and compares every text with the
// bytes we meant to write (kept in a side file, separated by 0xFF, a byte UTF-8 never has).
constexpr const char* python_check = R"(
import gzip, json, sys
path, expected_path = sys.argv[1], sys.argv[2]
opener = gzip.open if path.endswith('.gz') else open
expected = [t.decode('utf-8') for t in open(expected_path, 'rb').read().split(b'\xff')]
with opener(path, 'rt', encoding='utf-8', newline='') as f:
    lines = f.read().split('\n')
assert lines[-1] == '', 'file must end with a newline'
lines = lines[:-1]
assert len(lines) == len(expected), (len(lines), len(expected))
for line, text in zip(lines, expected):
    record = json.loads(line)
    assert list(record)[:3] == ['id', 'text', 'metadata'], list(record)
    assert record['text'] == text, (record['text'], text)
    assert record['metadata']['http_status'] == 200
    assert record['metadata']['tags'] == ['a', 'b']
    assert record['metadata']['charset'] == 'GB18030'
    assert record['segments'][1] == {'kind': 'sentence', 'begin': 22, 'end': 46}
print('ok', len(lines))
)";

TEST(MainRecord, PythonJsonReadsEveryTextBack) {
  TempDir dir;
  std::vector<std::string> texts = {
      "plain ascii",
      std::string("controls \x01\x02\x1f\x7f and NUL ") + std::string(1, '\0') + " end",
      "quotes \" and \\ backslashes \\\" \\n (literal)",
      "中文新闻：北京，2024年5月1日。",
      "emoji 😀👍🏽 and é, ß, ñ",
      "separators \u2028 and \u2029 inside",
      "tabs\tnew\nlines\r\n",
      ""};
  std::string expected;
  for (size_t i = 0; i < texts.size(); ++i) {
    if (i > 0) expected.push_back('\xff');
    expected += texts[i];
  }
  std::string expected_path = dir.write("expected.bin", expected);
  std::string script_path = dir.write("check.py", python_check);
  for (std::string name : {"out.jsonl", "out.jsonl.gz"}) {
    std::string path = dir.path(name);
    output::OutputOptions options;
    options.path_template = path;
    output::RollingOutput writer(options);
    std::string record;
    for (const std::string& text : texts) {
      FakeDocument doc = full_document();
      doc.text_ = text;
      record.clear();
      append_main_record(record, doc);
      writer.write(record);
      writer.end_record();
    }
    writer.finish();
    std::string command = "python3 " + script_path + " " + path + " " + expected_path;
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
  }
  std::string json_tool =
      "python3 -m json.tool --json-lines " + dir.path("out.jsonl") + " > /dev/null";
  EXPECT_EQ(std::system(json_tool.c_str()), 0);
}

}  // namespace
}  // namespace docpipe::jsonl

namespace docpipe::jsonl {
namespace {

FakeDocument segmented_document() {
  FakeDocument doc;
  doc.id_ = "d";
  doc.text_ = "Head\n\nOne. Two.";
  doc.meta_ = {{"title", "T", false}, {"n", "1", true}};
  doc.segments_ = {{"chunk", 0, 4}, {"sentence", 6, 10}, {"sentence", 11, 15}, {"chunk", 6, 15}};
  return doc;
}

TEST(Layout, UnitsAndFieldsAreChecked) {
  EXPECT_EQ(parse_layout("chunk", {}).segment_kind(), "chunk");
  EXPECT_FALSE(parse_layout("document", {}).selected);
  EXPECT_THROW(parse_layout("word", {}), std::invalid_argument);
  EXPECT_THROW(parse_layout("document", {"begin"}), std::invalid_argument);
  EXPECT_THROW(parse_layout("document", {"metadata."}), std::invalid_argument);
  EXPECT_NO_THROW(parse_layout("sentence", {"parent_id", "begin", "end", "heading"}));
}

TEST(Layout, SelectedDocumentFields) {
  std::string out;
  append_document_record(out, segmented_document(), parse_layout("document", {"text", "metadata.n", "id"}));
  EXPECT_EQ(out, R"({"text":"Head\n\nOne. Two.","metadata":{"n":1},"id":"d"})" "\n");
  out.clear();
  append_document_record(out, segmented_document(), parse_layout("document", {"id", "segments"}));
  EXPECT_EQ(out, R"({"id":"d","segments":[{"kind":"chunk","begin":0,"end":4},{"kind":"sentence","begin":6,"end":10},)"
                 R"({"kind":"sentence","begin":11,"end":15},{"kind":"chunk","begin":6,"end":15}]})" "\n");
}

TEST(SegmentRecord, FullLayoutWithAndWithoutHeading) {
  FakeDocument doc = segmented_document();
  std::string out;
  append_segment_record(out, doc, doc.segments_[3], 1, R"("Head")", parse_layout("chunk", {}), "n");
  EXPECT_EQ(out, R"({"id":"d#1","parent_id":"d","text":"One. Two.","begin":6,"end":15,"heading":"Head",)"
                 R"("metadata":{"title":"T"}})" "\n");
  out.clear();
  append_segment_record(out, doc, doc.segments_[1], 0, "", parse_layout("sentence", {"id", "text"}));
  EXPECT_EQ(out, R"({"id":"d#0","text":"One."})" "\n");
}

TEST(SegmentRecord, OffsetsOutsideTheTextAreClamped) {
  FakeDocument doc = segmented_document();
  FakeDocument::Segment bad{"chunk", 10, 999};
  std::string out;
  append_segment_record(out, doc, bad, 0, "", parse_layout("chunk", {"text", "begin", "end"}));
  EXPECT_EQ(out, R"({"text":" Two.","begin":10,"end":15})" "\n");
}

TEST(SegmentHeadings, SplitsArraysAndToleratesAnythingElse) {
  EXPECT_EQ(headings_key("chunk"), "chunk_headings");
  EXPECT_EQ(split_headings(R"(["a", null, ["h1","h2"]])"),
            (std::vector<std::string>{R"("a")", "", R"(["h1","h2"])"}));
  EXPECT_TRUE(split_headings("{}").empty());
  EXPECT_TRUE(split_headings("not json").empty());
}

}  // namespace
}  // namespace docpipe::jsonl
