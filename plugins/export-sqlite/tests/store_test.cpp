#include "store.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fake_document.hpp"
#include "test_support.hpp"

namespace docpipe::sqlite {
namespace {

using docpipe::test::TempDir;
using test::FakeDocument;

// Every first column of a query, read through a second connection, as another process would.
std::vector<std::string> rows(const std::string& path, const std::string& sql) {
  Connection db(path);
  Statement s(db, sql);
  std::vector<std::string> out;
  while (s.step()) out.emplace_back(s.column_text(0));
  return out;
}

int64_t count(const std::string& path, const std::string& sql) {
  Connection db(path);
  return db.query_int(sql);
}

StoreOptions options(const std::string& path, uint64_t batch = 1000,
                     Tokenizer tokenizer = Tokenizer::trigram) {
  StoreOptions o;
  o.path = path;
  o.batch = batch;
  o.tokenizer = tokenizer;
  o.pipeline = "test";
  return o;
}

FakeDocument doc(std::string id, std::string text) {
  FakeDocument d;
  d.id_ = std::move(id);
  d.text_ = std::move(text);
  return d;
}

std::string upsert(Store& store, const FakeDocument& d, std::string_view words_kind = "") {
  DocumentRow row;
  SegmentCounter counter;
  fill_row(d, row, words_kind, counter);
  return store.upsert(row);
}

std::string error_of(const StoreOptions& o) {
  try {
    Store store(o);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Store, CreatesTheSchemaInANewDirectory) {
  TempDir dir;
  std::string path = dir / "new/sub/store.db";
  {
    Store store(options(path));
    store.finish();
  }
  EXPECT_EQ(count(path, "PRAGMA user_version"), schema_version);
  EXPECT_EQ(rows(path, "SELECT value FROM docpipe_schema WHERE key = 'tokenizer'"),
            std::vector<std::string>{"trigram"});
  EXPECT_EQ(rows(path,
                 "SELECT name FROM sqlite_schema WHERE name IN "
                 "('documents','metadata','segments','documents_fts') ORDER BY name"),
            (std::vector<std::string>{"documents", "documents_fts", "metadata", "segments"}));
  EXPECT_EQ(rows(path, "PRAGMA journal_mode"), std::vector<std::string>{"wal"});
}

TEST(Store, ReopensAnExistingStoreAndKeepsItsRows) {
  TempDir dir;
  std::string path = dir / "store.db";
  {
    Store store(options(path));
    ASSERT_EQ(upsert(store, doc("a", "first")), "");
    store.finish();
  }
  {
    Store store(options(path));
    ASSERT_EQ(upsert(store, doc("b", "second")), "");
    store.finish();
  }
  EXPECT_EQ(count(path, "SELECT count(*) FROM documents"), 2);
}

TEST(Store, RefusesANewerSchemaVersion) {
  TempDir dir;
  std::string path = dir / "store.db";
  { Store store(options(path)); }
  {
    Connection db(path);
    db.exec("PRAGMA user_version = 3", "bump");
  }
  std::string error = error_of(options(path));
  EXPECT_NE(error.find(path), std::string::npos) << error;
  EXPECT_NE(error.find("schema version 3, newer than this export.sqlite knows (2)"), std::string::npos)
      << error;
}

TEST(Store, RefusesAnotherTokenizerThanTheStoreWasBuiltWith) {
  TempDir dir;
  std::string path = dir / "store.db";
  { Store store(options(path)); }
  std::string error = error_of(options(path, 10, Tokenizer::unicode61));
  EXPECT_NE(error.find("created with tokenizer=trigram"), std::string::npos) << error;
}

TEST(Store, RefusesADatabaseWithAForeignDocumentsTable) {
  TempDir dir;
  std::string path = dir / "other.db";
  {
    Connection db(path);
    db.exec("CREATE TABLE documents(x)", "setup");
  }
  std::string error = error_of(options(path));
  EXPECT_NE(error.find("not a docpipe store"), std::string::npos) << error;
}

TEST(Store, UnwritablePathIsAClearError) {
  TempDir dir;
  std::string file = dir.write("plain-file", "x");
  // Under a regular file no directory can be made: the store cannot start.
  std::string error = error_of(options(file + "/store.db"));
  EXPECT_NE(error.find(file), std::string::npos) << error;
  // A directory where the database file should be.
  std::string as_dir = dir.mkdir("is-a-dir.db");
  error = error_of(options(as_dir));
  EXPECT_NE(error.find(as_dir), std::string::npos) << error;
  EXPECT_NE(error.find("unable to open"), std::string::npos) << error;
}

TEST(Store, CorruptFileIsAClearError) {
  TempDir dir;
  std::string path = dir.write("store.db", std::string(8192, 'g'));
  std::string error = error_of(options(path));
  EXPECT_NE(error.find(path), std::string::npos) << error;
  EXPECT_NE(error.find("file is not a database"), std::string::npos) << error;
  EXPECT_EQ(TempDir::read(path), std::string(8192, 'g'));  // left as it was
}

TEST(Store, DamagedPagesOfARealStoreAreAClearError) {
  TempDir dir;
  std::string path = dir / "store.db";
  {
    Store store(options(path));
    for (int i = 0; i < 200; ++i) ASSERT_EQ(upsert(store, doc("d" + std::to_string(i), std::string(500, 'x'))), "");
    store.finish();
  }
  std::string bytes = TempDir::read(path);
  ASSERT_GT(bytes.size(), 20000u);
  // Keep the header (page 1) and scribble over the b-tree pages after it.
  for (size_t i = 4096; i < bytes.size(); i += 7) bytes[i] = static_cast<char>(i * 31);
  dir.write("store.db", bytes);
  std::string error = error_of(options(path));
  EXPECT_NE(error.find(path), std::string::npos) << error;
  EXPECT_NE(error.find("the database is damaged"), std::string::npos) << error;
}

TEST(Store, UpsertReplacesTheDocumentItsMetadataAndSegments) {
  TempDir dir;
  std::string path = dir / "store.db";
  Store store(options(path));
  FakeDocument first = doc("a", "The quick brown fox. Jumps high.");
  first.meta_ = {{"title", "Fox", false}, {"author", "Ann", false}, {"tags", "[1,2]", true}};
  first.segment_over("sentence", "The quick brown fox.");
  first.segment_over("sentence", "Jumps high.");
  ASSERT_EQ(upsert(store, first), "");
  ASSERT_EQ(upsert(store, doc("b", "another document")), "");
  store.commit();
  EXPECT_EQ(count(path, "SELECT count(*) FROM metadata WHERE doc_id = 'a'"), 3);
  EXPECT_EQ(count(path, "SELECT is_json FROM metadata WHERE doc_id = 'a' AND key = 'tags'"), 1);
  EXPECT_EQ(rows(path, "SELECT text FROM segments WHERE doc_id = 'a' ORDER BY kind, seq"),
            (std::vector<std::string>{"The quick brown fox.", "Jumps high."}));

  FakeDocument second = doc("a", "A slow red dog.");
  second.meta_ = {{"title", "Dog", false}};
  second.segment_over("sentence", "A slow red dog.");
  ASSERT_EQ(upsert(store, second), "");
  store.finish();
  EXPECT_EQ(count(path, "SELECT count(*) FROM documents"), 2);
  EXPECT_EQ(rows(path, "SELECT key || '=' || value FROM metadata WHERE doc_id = 'a'"),
            std::vector<std::string>{"title=Dog"});
  EXPECT_EQ(rows(path, "SELECT text FROM segments WHERE doc_id = 'a'"),
            std::vector<std::string>{"A slow red dog."});
  EXPECT_EQ(rows(path, "SELECT title FROM documents WHERE id = 'a'"), std::vector<std::string>{"Dog"});
  // The index follows: old words gone, new words found, other document untouched.
  EXPECT_EQ(count(path, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'fox'"), 0);
  EXPECT_EQ(rows(path,
                 "SELECT d.id FROM documents_fts f JOIN documents d ON d.rowid = f.rowid "
                 "WHERE documents_fts MATCH 'red dog'"),
            std::vector<std::string>{"a"});
  EXPECT_EQ(count(path, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'another'"), 1);
  // FTS5's own check that the index matches the content.
  Connection db(path);
  db.exec("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)", "check");
}

TEST(Store, StoresStandardFieldsAsColumns) {
  TempDir dir;
  std::string path = dir / "store.db";
  Store store(options(path));
  FakeDocument d = doc("x", "body");
  d.url_ = "https://example.com/x";
  d.source_ = "/data/x.html";
  d.content_type_ = "text/html";
  d.charset_ = "GBK";
  d.http_status_ = 200;
  d.fetch_time_ms_ = 1714566896789;
  d.meta_ = {{"lang", "zh", false}};
  ASSERT_EQ(upsert(store, d), "");
  ASSERT_EQ(upsert(store, doc("y", "no fields")), "");
  store.finish();
  EXPECT_EQ(rows(path,
                 "SELECT url || '|' || source || '|' || content_type || '|' || charset || '|' || "
                 "http_status || '|' || fetch_time || '|' || lang || '|' || pipeline "
                 "FROM documents WHERE id = 'x'"),
            std::vector<std::string>{"https://example.com/x|/data/x.html|text/html|GBK|200|"
                                     "2024-05-01T12:34:56.789Z|zh|test"});
  EXPECT_EQ(count(path,
                  "SELECT count(*) FROM documents WHERE id = 'y' AND url IS NULL AND "
                  "http_status IS NULL AND fetch_time IS NULL AND title IS NULL"),
            1);
}

TEST(Store, ChineseTrigramMatchFindsOnlyTheRightDocument) {
  TempDir dir;
  std::string path = dir / "store.db";
  Store store(options(path));
  ASSERT_EQ(upsert(store, doc("zh1", "上海交通大学今天发布了研究报告。")), "");
  ASSERT_EQ(upsert(store, doc("zh2", "北京大学的学生参加了比赛。")), "");
  ASSERT_EQ(upsert(store, doc("en", "Shanghai Jiao Tong University published a report.")), "");
  store.finish();
  auto match = [&](const std::string& q) {
    return rows(path,
                "SELECT d.id FROM documents_fts f JOIN documents d ON d.rowid = f.rowid "
                "WHERE documents_fts MATCH '" + q + "' ORDER BY d.id");
  };
  EXPECT_EQ(match("交通大学"), std::vector<std::string>{"zh1"});
  EXPECT_EQ(match("北京大学"), std::vector<std::string>{"zh2"});
  EXPECT_EQ(match("university"), std::vector<std::string>{"en"});  // trigram folds case
  EXPECT_EQ(match("大学"), std::vector<std::string>{});  // under 3 characters: no trigram
}

TEST(Store, CommitsEveryBatchAndRollsBackTheOpenOneOnAbort) {
  TempDir dir;
  std::string path = dir / "store.db";
  {
    Store store(options(path, 3));
    for (int i = 0; i < 7; ++i) ASSERT_EQ(upsert(store, doc("d" + std::to_string(i), "text")), "");
    EXPECT_EQ(store.commits(), 2u);
    EXPECT_EQ(store.committed(), 6u);
    EXPECT_EQ(store.pending(), 1u);
    // Another reader sees the committed batches only (WAL: readers do not wait).
    EXPECT_EQ(count(path, "SELECT count(*) FROM documents"), 6);
    // Destroyed without finish(): an aborted run.
  }
  EXPECT_EQ(count(path, "SELECT count(*) FROM documents"), 6);
  EXPECT_EQ(count(path, "SELECT count(*) FROM documents WHERE id = 'd6'"), 0);
  {
    Store store(options(path, 3));
    ASSERT_EQ(upsert(store, doc("d6", "text")), "");
    store.finish();
    EXPECT_EQ(store.commits(), 1u);
    EXPECT_EQ(store.pending(), 0u);
  }
  EXPECT_EQ(count(path, "SELECT count(*) FROM documents"), 7);
}

TEST(Store, RollbackReportsHowManyDocumentsWereDiscarded) {
  TempDir dir;
  std::string path = dir / "store.db";
  Store store(options(path, 100));
  for (int i = 0; i < 5; ++i) ASSERT_EQ(upsert(store, doc("d" + std::to_string(i), "text")), "");
  EXPECT_EQ(store.rollback(), 5u);
  EXPECT_EQ(store.rollback(), 0u);
  EXPECT_EQ(count(path, "SELECT count(*) FROM documents"), 0);
  EXPECT_EQ(count(path, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'text'"), 0);
}

TEST(Store, AFailedDocumentIsUndoneAloneAndTheBatchGoesOn) {
  TempDir dir;
  std::string path = dir / "store.db";
  Store store(options(path, 100));
  {
    // Stands in for any per-document SQLite failure (a constraint, a too-big value).
    Connection db(path);
    db.exec("CREATE TRIGGER refuse BEFORE INSERT ON metadata WHEN new.key = 'boom' "
            "BEGIN SELECT RAISE(ABORT, 'boom refused'); END",
            "setup");
  }
  ASSERT_EQ(upsert(store, doc("ok1", "first fine")), "");
  FakeDocument bad = doc("bad", "never stored");
  bad.meta_ = {{"title", "t", false}, {"boom", "x", false}};
  EXPECT_EQ(upsert(store, bad), "boom refused");
  ASSERT_EQ(upsert(store, doc("ok2", "second fine")), "");
  store.finish();
  EXPECT_EQ(rows(path, "SELECT id FROM documents ORDER BY id"), (std::vector<std::string>{"ok1", "ok2"}));
  EXPECT_EQ(count(path, "SELECT count(*) FROM metadata WHERE doc_id = 'bad'"), 0);
  EXPECT_EQ(count(path, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'never'"), 0);
}

TEST(Store, DocumentWithoutIdIsRefused) {
  TempDir dir;
  std::string path = dir / "store.db";
  Store store(options(path));
  EXPECT_NE(upsert(store, doc("", "text")), "");
  store.finish();
  EXPECT_EQ(count(path, "SELECT count(*) FROM documents"), 0);
}

TEST(Store, WordsTokenizerIndexesSegmentWordsAndFallsBackToText) {
  TempDir dir;
  std::string path = dir / "store.db";
  Store store(options(path, 1000, Tokenizer::words));
  FakeDocument zh = doc("zh", "北京大学今天开学");
  zh.segment_over("word", "北京");
  zh.segment_over("word", "大学");
  zh.segment_over("word", "今天");
  zh.segment_over("word", "开学");
  ASSERT_EQ(upsert(store, zh, "word"), "");
  ASSERT_EQ(upsert(store, doc("en", "Words without segments"), "word"), "");
  store.finish();
  auto match = [&](const std::string& q) {
    return rows(path,
                "SELECT d.id FROM documents_fts f JOIN documents d ON d.rowid = f.rowid "
                "WHERE documents_fts MATCH '" + q + "' ORDER BY d.id");
  };
  EXPECT_EQ(match("大学"), std::vector<std::string>{"zh"});  // a two-character word
  EXPECT_EQ(match("学今"), std::vector<std::string>{});     // not a word
  EXPECT_EQ(match("segments"), std::vector<std::string>{"en"});
  EXPECT_EQ(rows(path, "SELECT words FROM documents WHERE id = 'zh'"),
            std::vector<std::string>{"北京 大学 今天 开学"});
  EXPECT_EQ(rows(path, "SELECT text FROM documents WHERE id = 'zh'"),
            std::vector<std::string>{"北京大学今天开学"});
}

// FTS5's own check that the index matches documents; throws when it does not.
void integrity_check(const std::string& path) {
  Connection db(path);
  db.exec("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)", "check");
}

int64_t matches(const std::string& path, const std::string& query) {
  return count(path, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH '" + query + "'");
}

// The deferred-indexing bookkeeping never outlives docpipe's own transaction.
void expect_no_deferred_state(const std::string& path) {
  EXPECT_EQ(count(path, "SELECT count(*) FROM docpipe_schema WHERE key = 'index_deferred'"), 0);
  EXPECT_EQ(count(path, "SELECT count(*) FROM docpipe_index_queue"), 0);
  EXPECT_EQ(count(path, "SELECT count(*) FROM docpipe_index_stale"), 0);
}

TEST(Store, RerunWithDeferredIndexingFindsEachDocumentOnce) {
  TempDir dir;
  std::string path = dir / "store.db";
  for (int run = 0; run < 2; ++run) {
    Store store(options(path, 4));  // batches of 4: several commits, one partial
    for (int i = 0; i < 10; ++i) {
      std::string text = "common words 加装电梯 doc" + std::to_string(i) + (run == 0 ? " oldversion" : " newversion");
      ASSERT_EQ(upsert(store, doc("d" + std::to_string(i), text)), "");
    }
    store.finish();
  }
  EXPECT_EQ(count(path, "SELECT count(*) FROM documents"), 10);
  EXPECT_EQ(matches(path, "common"), 10);
  EXPECT_EQ(matches(path, "加装电梯"), 10);
  EXPECT_EQ(matches(path, "doc7"), 1);
  EXPECT_EQ(matches(path, "oldversion"), 0);
  EXPECT_EQ(matches(path, "newversion"), 10);
  integrity_check(path);
  expect_no_deferred_state(path);
}

TEST(Store, ADocumentReplacedTwiceInOneBatchIsIndexedOnceAsItsLastVersion) {
  TempDir dir;
  std::string path = dir / "store.db";
  {
    Store store(options(path));
    ASSERT_EQ(upsert(store, doc("a", "first alpha")), "");
    store.finish();
  }
  {
    Store store(options(path));
    ASSERT_EQ(upsert(store, doc("a", "second bravo")), "");
    ASSERT_EQ(upsert(store, doc("new", "fresh charlie")), "");
    ASSERT_EQ(upsert(store, doc("a", "third delta")), "");
    ASSERT_EQ(upsert(store, doc("new", "fresh echo")), "");
    store.finish();
  }
  EXPECT_EQ(matches(path, "alpha"), 0);
  EXPECT_EQ(matches(path, "bravo"), 0);
  EXPECT_EQ(matches(path, "charlie"), 0);
  EXPECT_EQ(matches(path, "delta"), 1);
  EXPECT_EQ(matches(path, "echo"), 1);
  integrity_check(path);
  expect_no_deferred_state(path);
}

TEST(Store, AnInterruptedRunLeavesAConsistentIndex) {
  TempDir dir;
  std::string path = dir / "store.db";
  {
    Store store(options(path, 3));
    for (int i = 0; i < 3; ++i) ASSERT_EQ(upsert(store, doc("d" + std::to_string(i), "kept text")), "");
    ASSERT_EQ(upsert(store, doc("d0", "replaced but lost")), "");
    ASSERT_EQ(upsert(store, doc("x", "lost text")), "");
    // While the batch is open, another connection sees the committed state only.
    expect_no_deferred_state(path);
    EXPECT_EQ(matches(path, "kept"), 3);
  }  // destroyed without finish(): the open batch is rolled back
  EXPECT_EQ(matches(path, "kept"), 3);
  EXPECT_EQ(matches(path, "lost"), 0);
  integrity_check(path);
  expect_no_deferred_state(path);
  {
    Store store(options(path, 3));
    ASSERT_EQ(upsert(store, doc("x", "found text")), "");
    store.finish();
  }
  EXPECT_EQ(matches(path, "found"), 1);
  integrity_check(path);
}

TEST(Store, UpdatesAndDeletesOutsideARunStillKeepTheIndexInStep) {
  TempDir dir;
  std::string path = dir / "store.db";
  {
    Store store(options(path));
    ASSERT_EQ(upsert(store, doc("a", "apple orchard")), "");
    ASSERT_EQ(upsert(store, doc("b", "banana grove")), "");
    store.finish();
  }
  {
    Connection db(path);  // as a user in the sqlite3 shell
    db.exec("UPDATE documents SET text = 'cherry garden' WHERE id = 'a'", "update");
    db.exec("DELETE FROM documents WHERE id = 'b'", "delete");
  }
  EXPECT_EQ(matches(path, "apple"), 0);
  EXPECT_EQ(matches(path, "cherry"), 1);
  EXPECT_EQ(matches(path, "banana"), 0);
  integrity_check(path);
  expect_no_deferred_state(path);
}

TEST(Store, AVersion1StoreIsUpgradedInPlace) {
  TempDir dir;
  std::string path = dir / "store.db";
  {
    Store store(options(path));
    ASSERT_EQ(upsert(store, doc("a", "old store text")), "");
    store.finish();
  }
  {
    // Back to what schema version 1 wrote: plain triggers, no queue tables.
    Connection db(path);
    db.exec(R"sql(
      DROP TRIGGER documents_fts_insert; DROP TRIGGER documents_fts_delete;
      DROP TRIGGER documents_fts_update; DROP TRIGGER documents_fts_insert_deferred;
      DROP TRIGGER documents_fts_delete_deferred; DROP TRIGGER documents_fts_update_deferred;
      DROP TABLE docpipe_index_queue; DROP TABLE docpipe_index_stale;
      CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
      END;
      CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, body)
          VALUES ('delete', old.rowid, old.title, old.body);
      END;
      CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, body)
          VALUES ('delete', old.rowid, old.title, old.body);
        INSERT INTO documents_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
      END;
      UPDATE docpipe_schema SET value = '1' WHERE key = 'version';
      PRAGMA user_version = 1;)sql",
            "downgrade");
  }
  {
    Store store(options(path));
    ASSERT_EQ(upsert(store, doc("a", "new store text")), "");
    ASSERT_EQ(upsert(store, doc("b", "another store text")), "");
    store.finish();
  }
  EXPECT_EQ(count(path, "PRAGMA user_version"), schema_version);
  EXPECT_EQ(rows(path, "SELECT value FROM docpipe_schema WHERE key = 'version'"),
            std::vector<std::string>{std::to_string(schema_version)});
  EXPECT_EQ(matches(path, "store"), 2);
  EXPECT_EQ(matches(path, "old"), 0);
  integrity_check(path);
  expect_no_deferred_state(path);
}

TEST(Store, BadSynchronousValueIsRefused) {
  TempDir dir;
  StoreOptions o = options(dir / "store.db");
  o.synchronous = "sometimes";
  EXPECT_NE(error_of(o).find("synchronous"), std::string::npos);
}

}  // namespace
}  // namespace docpipe::sqlite
