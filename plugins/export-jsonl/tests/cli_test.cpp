// export.jsonl end to end: the CLI writes, independent readers (python3's
// json module, zstdcat, zcat) read back.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "sink_test_support.hpp"
#include "test_support.hpp"

namespace docpipe::test {
namespace {

using ::testing::HasSubstr;

constexpr const char* check_documents = R"(
import json, sys
records = [json.loads(line) for line in sys.stdin]
assert len(records) == 2, len(records)
by_id = {r['id']: r for r in records}
en, zh = by_id['en.html'], by_id['zh.html']
assert list(en)[:3] == ['id', 'text', 'metadata'], list(en)
assert 'Rivers carry water.' in en['text']
assert en['metadata']['title'].startswith('Rivers, "quoted"'), en['metadata']
assert '西湖区加装电梯' in zh['text'], zh['text']
assert zh['metadata']['title'] == '西湖区老旧小区改造“完成”', zh['metadata']['title']
print('ok')
)";

TEST(ExportJsonlCli, ZstdRoundTripEnglishAndChinese) {
  TempDir dir;
  std::string in = write_sample_pages(dir);
  CliResult r = run_pipeline("fetch.files path=" + in + " ! clean.html extract=all ! export.jsonl path=" +
                             dir.path("out/docs.jsonl.zst"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ShellResult check = shell("zstdcat -q " + dir.path("out/docs.jsonl.zst") + " | python3 " +
                dir.write("docs.py", check_documents) + " 2>&1");
  EXPECT_EQ(check.exit_code, 0) << check.out;
  EXPECT_EQ(check.out, "ok\n");
}

TEST(ExportJsonlCli, GzipPartsRolledByDocsEachReadBack) {
  TempDir dir;
  std::string in = write_sample_pages(dir);
  CliResult r = run_pipeline("fetch.files path=" + in + " ! clean.html extract=all ! export.jsonl max_docs=1 path=" +
                             dir.path("out/docs.jsonl.gz"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(std::filesystem::exists(dir.path("out/docs-00000.jsonl.gz")));
  ASSERT_TRUE(std::filesystem::exists(dir.path("out/docs-00001.jsonl.gz")));
  EXPECT_FALSE(std::filesystem::exists(dir.path("out/docs-00002.jsonl.gz")));
  ShellResult check = shell("zcat " + dir.path("out/docs-0000*.jsonl.gz") + " | python3 " +
                            dir.write("docs.py", check_documents) + " 2>&1");
  EXPECT_EQ(check.exit_code, 0) << check.out;
}

constexpr const char* check_chunks = R"(
import json, sys
docs = {}
for line in open(sys.argv[1], encoding='utf-8'):
    d = json.loads(line)
    docs[d['id']] = d
chunks = [json.loads(line) for line in open(sys.argv[2], encoding='utf-8')]
assert chunks, 'no chunk records'
seen = {}
for c in chunks:
    assert list(c)[:5] == ['id', 'parent_id', 'text', 'begin', 'end'], list(c)
    parent = docs[c['parent_id']]
    n = seen.get(c['parent_id'], 0)
    assert c['id'] == '%s#%d' % (c['parent_id'], n), (c['id'], n)
    seen[c['parent_id']] = n + 1
    text = parent['text'].encode('utf-8')[c['begin']:c['end']].decode('utf-8')
    assert c['text'] == text, (c['text'], text)
    assert c['metadata']['title'] == parent['metadata']['title']
    assert 'segments' not in c
    assert sys.argv[3] != 'chunk' or 'chunk_headings' not in c['metadata'], c['metadata']
expected = {k: sum(1 for s in d['segments'] if s['kind'] == sys.argv[3]) for k, d in docs.items()}
assert seen == expected, (seen, expected)
zh = [c for c in chunks if c['parent_id'] == 'zh.html']
if sys.argv[3] == 'chunk':
    assert zh[0]['heading'] == '西湖区加装电梯', zh[0]
    assert zh[-1]['heading'] == '具体措施', zh[-1]
print('ok', len(chunks))
)";

TEST(ExportJsonlCli, ChunkAndSentenceRecordsMatchTheirParents) {
  TempDir dir;
  std::string in = write_sample_pages(dir);
  CliResult r = run_pipeline("fetch.files path=" + in + " ! clean.html extract=all ! test.segments ! export.jsonl path=" +
                             dir.path("docs.jsonl") + " ! export.jsonl unit=chunk path=" +
                             dir.path("chunks.jsonl") + " ! export.jsonl unit=sentence path=" +
                             dir.path("sentences.jsonl"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (std::string unit : {"chunk", "sentence"}) {
    ShellResult check = python(dir, check_chunks,
                               dir.path("docs.jsonl") + " " + dir.path(unit + "s.jsonl") + " " + unit);
    EXPECT_EQ(check.exit_code, 0) << unit << ": " << check.out;
  }
}

TEST(ExportJsonlCli, UnitChunkWithoutSegmentsWritesNothingAndSaysSo) {
  TempDir dir;
  std::string in = write_sample_pages(dir);
  CliResult r = run_pipeline("fetch.files path=" + in + " ! clean.html extract=all ! export.jsonl unit=chunk path=" +
                                 dir.path("chunks.jsonl"),
                             {"--log-level", "debug"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(TempDir::read(dir.path("chunks.jsonl")), "");
  EXPECT_THAT(r.err, HasSubstr("zh.html: no chunk segments"));
}

TEST(ExportJsonlCli, FieldsSelectMembersInOrder) {
  TempDir dir;
  std::string in = write_sample_pages(dir);
  CliResult r = run_pipeline("fetch.files path=" + in +
                             " ! clean.html extract=all ! export.jsonl fields=metadata.title,id,metadata.nope path=" +
                             dir.path("f.jsonl"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ShellResult check = python(dir, R"(
import json, sys
for line in open(sys.argv[1], encoding='utf-8'):
    r = json.loads(line)
    assert list(r) == ['metadata', 'id'], list(r)
    assert list(r['metadata']) == ['title'], r
print('ok')
)", dir.path("f.jsonl"));
  EXPECT_EQ(check.exit_code, 0) << check.out;
  r = run_pipeline("fetch.files path=" + in + " ! clean.html extract=all ! export.jsonl fields=id,bogus path=" +
                   dir.path("g.jsonl"));
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_THAT(r.err, HasSubstr("unknown field 'bogus'"));
  EXPECT_FALSE(std::filesystem::exists(dir.path("g.jsonl")));
}

TEST(ExportJsonlCli, ExistingOutputIsRefusedAndKept) {
  TempDir dir;
  std::string in = write_sample_pages(dir);
  std::string existing = dir.write("out/docs.jsonl", "precious\n");
  CliResult r = run_pipeline("fetch.files path=" + in + " ! clean.html extract=all ! export.jsonl path=" + existing);
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_THAT(r.err, HasSubstr(existing));
  EXPECT_THAT(r.err, HasSubstr("overwrite=true"));
  EXPECT_EQ(TempDir::read(existing), "precious\n");
  r = run_pipeline("fetch.files path=" + in + " ! clean.html extract=all ! export.jsonl overwrite=true path=" + existing);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(TempDir::read(existing), "precious\n");
}

TEST(ExportJsonlCli, ShardAndDateInTheTemplate) {
  TempDir dir;
  CliResult r = run_cli({"run",
                         "test.counter count=10 ! test.text ! export.jsonl path=" +
                             dir.path("{date}/part-{shard:03}-of-{shard_count}.jsonl"),
                         "--plugin-path", DOCPIPE_TEST_PLUGIN_DIR, "--shard", "1/2", "--progress", "off"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> dates = dir.list();
  ASSERT_FALSE(dates.empty());
  std::string date;
  for (const auto& d : dates) {
    if (d.size() == 10 && d[4] == '-') date = d;
  }
  ASSERT_FALSE(date.empty()) << dates[0];
  std::string part = dir.path(date + "/part-001-of-2.jsonl");
  ASSERT_TRUE(std::filesystem::exists(part));
  EXPECT_EQ(read_lines(part).size(), 5u);
}

}  // namespace
}  // namespace docpipe::test
