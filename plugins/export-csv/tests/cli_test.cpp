// export.csv end to end: Python's csv module reads the files back.
#include <gtest/gtest.h>

#include <algorithm>

#include "sink_test_support.hpp"
#include "test_support.hpp"

namespace docpipe::test {
namespace {

constexpr const char* check_documents = R"(
import csv, sys
raw = open(sys.argv[1], 'rb').read()
assert raw.count(b'\r\n') >= 3, 'rows end with CRLF'
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8', newline='')))
assert rows[0] == ['id', 'url', 'title', 'text'], rows[0]
by_id = {r[0]: r for r in rows[1:]}
assert len(by_id) == 2, by_id.keys()
assert by_id['en.html'][2] == 'Rivers, "quoted" & tables', by_id['en.html'][2]
assert 'see a,b,"c".' in by_id['en.html'][3]
assert '\n' in by_id['en.html'][3]
assert by_id['zh.html'][2] == '西湖区老旧小区改造“完成”'
print('ok')
)";

TEST(ExportCsvCli, DocumentsRoundTripThroughPythonCsv) {
  TempDir dir;
  std::string in = write_sample_pages(dir);
  CliResult r = run_pipeline("fetch.files path=" + in + " ! clean.html extract=all ! export.csv path=" + dir.path("docs.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ShellResult check = python(dir, check_documents, dir.path("docs.csv"));
  EXPECT_EQ(check.exit_code, 0) << check.out;
}

constexpr const char* check_segments = R"(
import csv, json, sys
docs = {}
for line in open(sys.argv[1], encoding='utf-8'):
    d = json.loads(line)
    docs[d['id']] = d
rows = list(csv.DictReader(open(sys.argv[2], encoding='utf-8', newline='')))
assert rows, 'no rows'
for row in rows:
    text = docs[row['parent_id']]['text'].encode('utf-8')[int(row['begin']):int(row['end'])].decode('utf-8')
    assert row['text'] == text, (row, text)
    assert row['kind'] == sys.argv[3]
    assert row['title'] == docs[row['parent_id']]['metadata']['title']
expected = sum(1 for d in docs.values() for s in d.get('segments', []) if s['kind'] == sys.argv[3])
assert len(rows) == expected, (len(rows), expected)
print('ok', len(rows))
)";

TEST(ExportCsvCli, SegmentRowsMatchTheirParents) {
  TempDir dir;
  std::string in = write_sample_pages(dir);
  std::string pipeline = "fetch.files path=" + in + " ! clean.html extract=all ! test.segments ! export.jsonl path=" +
                         dir.path("docs.jsonl");
  for (std::string unit : {"sentence", "word", "chunk"}) {
    pipeline += " ! export.csv unit=" + unit + " columns=id,parent_id,kind,begin,end,title,text path=" +
                dir.path(unit + ".csv.gz");
  }
  CliResult r = run_pipeline(pipeline);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (std::string unit : {"sentence", "word", "chunk"}) {
    ShellResult unzipped = shell("zcat " + dir.path(unit + ".csv.gz") + " > " + dir.path(unit + ".csv"));
    ASSERT_EQ(unzipped.exit_code, 0);
    ShellResult check = python(dir, check_segments, dir.path("docs.jsonl") + " " + dir.path(unit + ".csv") + " " + unit);
    EXPECT_EQ(check.exit_code, 0) << unit << ": " << check.out;
  }
}

TEST(ExportCsvCli, EveryRolledPartHasTheHeader) {
  TempDir dir;
  std::string in = write_sample_pages(dir);
  CliResult r = run_pipeline("fetch.files path=" + in + " ! clean.html extract=all ! export.csv max_docs=1 columns=id,title path=" +
                             dir.path("p.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (std::string part : {"p-00000.csv", "p-00001.csv"}) {
    std::string content = TempDir::read(dir.path(part));
    EXPECT_EQ(content.rfind("id,title\r\n", 0), 0u) << part << ": " << content;
    EXPECT_EQ(std::count(content.begin(), content.end(), '\n'), 2) << content;
  }
}

}  // namespace
}  // namespace docpipe::test
