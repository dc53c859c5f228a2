// export.sqlite end to end: the docpipe CLI writes the store, the sqlite3
// shell (an independent reader) checks it.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

using docpipe::test::CliResult;
using docpipe::test::run_cli;
using docpipe::test::TempDir;

// GBK bytes of <title>上海交通大学发布报告</title> and a paragraph; built
// from pieces so no hex escape swallows the next character.
std::string gbk_page() {
  std::string title = "\xc9\xcf\xba\xa3\xbd\xbb\xcd\xa8\xb4\xf3\xd1\xa7\xb7\xa2\xb2\xbc\xb1\xa8\xb8\xe6";
  std::string para =
      "\xc9\xcf\xba\xa3\xbd\xbb\xcd\xa8\xb4\xf3\xd1\xa7\xbd\xf1\xcc\xec\xb7\xa2\xb2\xbc\xc1\xcb"
      "\xd2\xbb\xb7\xdd\xb9\xd8\xd3\xda\xb3\xc7\xca\xd0\xc2\xcc\xb5\xd8\xb5\xc4\xd1\xd0\xbe\xbf"
      "\xb1\xa8\xb8\xe6\xa1\xa3";
  return "<html><head><meta charset=\"gbk\"><title>" + title +
         "</title></head><body><article><p>" + para + "</p></article></body></html>";
}

std::string english_page(const std::string& word) {
  return "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Leaves and light</title></head>"
         "<body><article><h1>Leaves and light</h1><p>Plants turn sunlight into sugar through " +
         word + ", a process that also releases oxygen into the air we breathe.</p></article>"
                "</body></html>";
}

std::string chinese_utf8_page() {
  return "<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>西湖边的春天</title></head>"
         "<body><article><p>杭州西湖的柳树发芽了，游客在断桥边拍照留念。</p></article></body></html>";
}

// Runs SQL through the sqlite3 shell (statements from a file: no shell quoting
// of Chinese or quotes), returning its output and failing the test on errors.
std::string sqlite3(const TempDir& dir, const std::string& db, const std::string& sql) {
  std::string script = dir.write("query.sql", sql + "\n");
  std::string cmd = "sqlite3 -batch -bail '" + db + "' < '" + script + "' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) {
    ADD_FAILURE() << "cannot run sqlite3";
    return {};
  }
  std::string out;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  int status = pclose(p);
  EXPECT_EQ(status, 0) << "sqlite3 failed on: " << sql << "\n" << out;
  return out;
}

std::string match(const TempDir& dir, const std::string& db, const std::string& query) {
  return sqlite3(dir, db,
                 "SELECT d.id FROM documents_fts f JOIN documents d ON d.rowid = f.rowid "
                 "WHERE documents_fts MATCH '" + query + "' ORDER BY d.id;");
}

class ExportSqliteCli : public ::testing::Test {
 protected:
  void SetUp() override {
    pages_ = dir_.mkdir("pages");
    dir_.write("pages/en.html", english_page("photosynthesis"));
    dir_.write("pages/zh-utf8.html", chinese_utf8_page());
    dir_.write("pages/zh-gbk.html", gbk_page());
    db_ = dir_ / "out/store.db";
  }
  CliResult run() {
    return run_cli({"run", "--log-level", "warn", "--threads", "2",
                    "fetch.files path=" + pages_ + " ! clean.html extract=all ! export.sqlite path=" + db_});
  }
  std::string sql(const std::string& q) { return sqlite3(dir_, db_, q); }

  TempDir dir_;
  std::string pages_, db_;
};

TEST_F(ExportSqliteCli, WritesDocumentsMetadataAndAFullTextIndex) {
  CliResult r = run();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sql("SELECT count(*) FROM documents;"), "3\n");
  EXPECT_EQ(sql("SELECT id FROM documents ORDER BY id;"), "en.html\nzh-gbk.html\nzh-utf8.html\n");
  EXPECT_EQ(sql("SELECT count(*) FROM metadata WHERE key = 'title';"), "3\n");
  EXPECT_EQ(sql("SELECT value FROM metadata WHERE doc_id = 'zh-gbk.html' AND key = 'title';"),
            "上海交通大学发布报告\n");
  EXPECT_EQ(sql("SELECT title FROM documents WHERE id = 'zh-utf8.html';"), "西湖边的春天\n");
  EXPECT_EQ(sql("SELECT lower(charset) LIKE 'gb%' FROM documents WHERE id = 'zh-gbk.html';"), "1\n");
  EXPECT_EQ(sql("SELECT count(*) FROM documents WHERE pipeline IS NOT NULL AND updated_at LIKE '20%Z';"),
            "3\n");
  // Chinese through the trigram index: the GBK page and the UTF-8 page apart.
  EXPECT_EQ(match(dir_, db_, "交通大学"), "zh-gbk.html\n");
  EXPECT_EQ(match(dir_, db_, "城市绿地"), "zh-gbk.html\n");
  EXPECT_EQ(match(dir_, db_, "断桥边"), "zh-utf8.html\n");
  EXPECT_EQ(match(dir_, db_, "photosynthesis"), "en.html\n");
  EXPECT_EQ(match(dir_, db_, "title:西湖边"), "zh-utf8.html\n");
  // Two characters are below the trigram: LIKE finds them.
  EXPECT_EQ(sql("SELECT id FROM documents WHERE text LIKE '%西湖%';"), "zh-utf8.html\n");
  sql("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1);");
}

TEST_F(ExportSqliteCli, RerunUpsertsAndAChangedPageReplacesItsText) {
  ASSERT_EQ(run().exit_code, 0);
  std::string counts_sql =
      "SELECT (SELECT count(*) FROM documents) || ' ' || (SELECT count(*) FROM metadata) || ' ' || "
      "(SELECT count(*) FROM segments) || ' ' || (SELECT count(*) FROM documents_fts);";
  std::string counts = sql(counts_sql);
  std::string stamps = sql("SELECT id, updated_at FROM documents ORDER BY id;");

  CliResult again = run();
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(sql(counts_sql), counts);  // no duplicates
  std::string stamps2 = sql("SELECT id, updated_at FROM documents ORDER BY id;");
  EXPECT_NE(stamps2, stamps);
  // Every document was rewritten, not just one.
  EXPECT_EQ(sql("SELECT count(*) FROM documents WHERE updated_at > '" +
                stamps.substr(stamps.find('|') + 1, 24) + "';"),
            "3\n");

  dir_.write("pages/en.html", english_page("chlorophyll"));
  ASSERT_EQ(run().exit_code, 0);
  EXPECT_EQ(sql(counts_sql), counts);
  EXPECT_EQ(match(dir_, db_, "photosynthesis"), "");
  EXPECT_EQ(match(dir_, db_, "chlorophyll"), "en.html\n");
  EXPECT_EQ(sql("SELECT instr(text, 'chlorophyll') > 0 FROM documents WHERE id = 'en.html';"), "1\n");
  sql("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1);");
}

TEST_F(ExportSqliteCli, NewerSchemaIsRefusedWithTheReason) {
  ASSERT_EQ(run().exit_code, 0);
  sql("PRAGMA user_version = 9;");
  CliResult r = run();
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("schema version 9"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(db_), std::string::npos) << r.err;
}

TEST_F(ExportSqliteCli, CorruptDatabaseStopsTheRunWithThePath) {
  dir_.write("out/store.db", std::string(4096, '\x7f'));
  CliResult r = run();
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("file is not a database"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(db_), std::string::npos) << r.err;
}

}  // namespace
