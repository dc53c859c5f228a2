#include "store.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "time_text.hpp"

namespace docpipe::sqlite {
namespace {

// Makes the parent directory so a store path in a new folder just works.
const std::string& with_parent_dir(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) throw StoreError("cannot create the directory of " + path + ": " + ec.message());
  }
  return path;
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

constexpr std::string_view upsert_sql = R"sql(
INSERT INTO documents(id, url, source, title, lang, content_type, charset, http_status,
                      fetch_time, text, words, pipeline, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
ON CONFLICT(id) DO UPDATE SET
  url = excluded.url, source = excluded.source, title = excluded.title, lang = excluded.lang,
  content_type = excluded.content_type, charset = excluded.charset,
  http_status = excluded.http_status, fetch_time = excluded.fetch_time, text = excluded.text,
  words = excluded.words, pipeline = excluded.pipeline, updated_at = excluded.updated_at
)sql";

// Indexing a batch (see the triggers in schema.cpp): the replaced versions
// leave the index, the queued rows enter it, each in one statement so FTS5
// writes one segment per batch instead of one per document.
constexpr std::string_view index_stale_sql = R"sql(
INSERT INTO documents_fts(documents_fts, rowid, title, body)
  SELECT 'delete', doc_rowid, title, body FROM docpipe_index_stale ORDER BY doc_rowid
)sql";
constexpr std::string_view index_queue_sql = R"sql(
INSERT INTO documents_fts(rowid, title, body)
  SELECT d.rowid, d.title, d.body FROM docpipe_index_queue q JOIN documents d ON d.rowid = q.doc_rowid
  ORDER BY q.doc_rowid
)sql";

// Failures that concern the values of one document; any other code means the
// database itself cannot go on.
bool is_document_failure(int code) {
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
    case SQLITE_ERROR:
      return true;
    default:
      return false;
  }
}

}  // namespace

Store::Store(StoreOptions options)
    : options_(std::move(options)), db_(with_parent_dir(options_.path)) {
  try {
    configure();
    ensure_schema(db_, options_.tokenizer, options_.path);
    prepare();
    recover_index();
  } catch (const SqliteError& e) {
    throw StoreError(options_.path + ": " + e.what());
  } catch (const SchemaError& e) {
    throw StoreError(e.what());  // already names the path
  }
}

Store::~Store() { rollback(); }

void Store::configure() {
  sqlite3_busy_timeout(db_.get(), static_cast<int>(std::clamp<int64_t>(
                                      options_.busy_timeout.count(), 0, INT32_MAX)));
  std::string sync = upper(options_.synchronous);
  if (sync != "OFF" && sync != "NORMAL" && sync != "FULL" && sync != "EXTRA") {
    throw StoreError("synchronous must be OFF, NORMAL, FULL or EXTRA, not " + options_.synchronous);
  }
  // The first statement reads the header: a file that is not a database fails here.
  std::string mode;
  try {
    mode = db_.query_text("PRAGMA journal_mode = WAL");
  } catch (const SqliteError& e) {
    // A schema too large for page 1 is read here, so damage can show up first here.
    if ((e.code() & 0xff) == SQLITE_CORRUPT) {
      throw StoreError(options_.path + ": the database is damaged: " + e.what());
    }
    throw;
  }
  if (mode != "wal" && mode != "memory") {
    throw StoreError(options_.path + ": cannot use WAL mode (journal_mode is " + mode + ")");
  }
  db_.exec("PRAGMA synchronous = " + sync, "cannot set synchronous");
  // A larger page cache keeps the full-text index's b-tree pages in memory
  // while a batch is merged in (negative: KiB).
  db_.exec("PRAGMA cache_size = -65536", "cannot set cache_size");
  if (options_.check) {
    // A damaged file should stop the run here, not fail documents half way.
    std::string quick = db_.query_text("PRAGMA quick_check(1)");
    if (quick != "ok") throw StoreError(options_.path + ": the database is damaged: " + quick);
  }
}

void Store::prepare() {
  begin_ = Statement(db_, "BEGIN IMMEDIATE");
  commit_ = Statement(db_, "COMMIT");
  rollback_ = Statement(db_, "ROLLBACK");
  savepoint_ = Statement(db_, "SAVEPOINT document");
  release_ = Statement(db_, "RELEASE document");
  rollback_to_ = Statement(db_, "ROLLBACK TO document");
  defer_index_ = Statement(db_, "INSERT INTO docpipe_schema(key, value) VALUES ('index_deferred', '1')");
  undefer_index_ = Statement(db_, "DELETE FROM docpipe_schema WHERE key = 'index_deferred'");
  index_stale_ = Statement(db_, index_stale_sql);
  index_queue_ = Statement(db_, index_queue_sql);
  clear_stale_ = Statement(db_, "DELETE FROM docpipe_index_stale");
  clear_queue_ = Statement(db_, "DELETE FROM docpipe_index_queue");
  upsert_doc_ = Statement(db_, upsert_sql);
  delete_meta_ = Statement(db_, "DELETE FROM metadata WHERE doc_id = ?1");
  delete_segments_ = Statement(db_, "DELETE FROM segments WHERE doc_id = ?1");
  insert_meta_ = Statement(
      db_, "INSERT OR REPLACE INTO metadata(doc_id, key, value, is_json) VALUES (?1, ?2, ?3, ?4)");
  insert_segment_ = Statement(
      db_,
      "INSERT OR REPLACE INTO segments(doc_id, seq, kind, begin, end, text) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
}

void Store::fail(const std::string& what, int rc) {
  throw StoreError(options_.path + ": " + what + ": " + db_.message() + " (" +
                   sqlite3_errstr(rc) + ")");
}

std::string Store::upsert(const DocumentRow& row) {
  if (row.id.empty()) return "the document has no id, and the store is keyed by id";
  if (db_.autocommit()) begin_batch();
  int rc = savepoint_.run();
  savepoint_.reset();
  if (rc != SQLITE_OK) fail("cannot start a savepoint", rc);
  try {
    write_rows(row);
  } catch (const SqliteError& e) {
    if (db_.autocommit() || !is_document_failure(e.code())) {
      // Disk full, I/O, corruption: the database, not this document, is the
      // problem. SQLite may already have rolled back the whole transaction.
      uint64_t lost = rollback();
      throw StoreError(options_.path + ": " + e.what() + " (" + sqlite3_errstr(e.code()) +
                       "); the open batch of " + std::to_string(lost) +
                       " documents was rolled back");
    }
    rc = rollback_to_.run();
    rollback_to_.reset();
    int rc2 = release_.run();
    release_.reset();
    if (rc != SQLITE_OK || rc2 != SQLITE_OK) fail("cannot undo a failed document", rc ? rc : rc2);
    return e.what();
  }
  rc = release_.run();
  release_.reset();
  if (rc != SQLITE_OK) fail("cannot release a savepoint", rc);
  if (++pending_ >= options_.batch) commit();
  return {};
}

void Store::begin_batch() {
  int rc = begin_.run();
  begin_.reset();
  if (rc != SQLITE_OK) fail("cannot start a transaction", rc);
  // Seen by the triggers of this transaction only; index_batch() removes it.
  rc = defer_index_.run();
  defer_index_.reset();
  if (rc != SQLITE_OK) {
    rollback();
    fail("cannot defer indexing", rc);
  }
}

int Store::index_batch() noexcept {
  for (Statement* s : {&index_stale_, &index_queue_, &clear_stale_, &clear_queue_, &undefer_index_}) {
    int rc = s->run();
    s->reset();
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

void Store::recover_index() {
  // Only a writer that committed without indexing (never this code) could
  // leave these; index what they name so the index is whole again.
  if (db_.query_int("SELECT EXISTS (SELECT 1 FROM docpipe_schema WHERE key = 'index_deferred') "
                    "OR EXISTS (SELECT 1 FROM docpipe_index_queue) "
                    "OR EXISTS (SELECT 1 FROM docpipe_index_stale)") == 0) {
    return;
  }
  db_.exec("BEGIN IMMEDIATE", "cannot start a transaction");
  if (int rc = index_batch(); rc != SQLITE_OK) {
    rollback();
    fail("cannot index rows left queued", rc);
  }
  db_.exec("COMMIT", "cannot commit the index");
}

void Store::write_rows(const DocumentRow& row) {
  auto check = [this](Statement& s) {
    int rc = s.run();
    if (rc != SQLITE_OK) {
      std::string msg = db_.message();  // read before reset() clears it
      s.reset();
      throw SqliteError(msg, rc);
    }
    s.reset();
  };

  format_utc_ms(updated_at_, now_ms());
  if (row.fetch_time_ms != 0) format_utc_ms(fetch_time_, row.fetch_time_ms);
  Statement& d = upsert_doc_;
  d.bind_text(1, row.id);
  d.bind_text_or_null(2, row.url);
  d.bind_text_or_null(3, row.source);
  d.bind_text_or_null(4, row.title);
  d.bind_text_or_null(5, row.lang);
  d.bind_text_or_null(6, row.content_type);
  d.bind_text_or_null(7, row.charset);
  if (row.http_status != 0) d.bind_int(8, row.http_status);
  if (row.fetch_time_ms != 0) d.bind_text(9, fetch_time_);
  d.bind_text(10, row.text);
  if (options_.tokenizer == Tokenizer::words && row.has_words) d.bind_text(11, row.words);
  d.bind_text_or_null(12, options_.pipeline);
  d.bind_text(13, updated_at_);
  check(d);

  delete_meta_.bind_text(1, row.id);
  check(delete_meta_);
  delete_segments_.bind_text(1, row.id);
  check(delete_segments_);
  for (const MetaRow& m : row.meta) {
    insert_meta_.bind_text(1, row.id);
    insert_meta_.bind_text(2, m.key);
    insert_meta_.bind_text(3, m.value);
    insert_meta_.bind_int(4, m.is_json ? 1 : 0);
    check(insert_meta_);
  }
  for (const SegmentRow& s : row.segments) {
    insert_segment_.bind_text(1, row.id);
    insert_segment_.bind_int(2, s.seq);
    insert_segment_.bind_text(3, s.kind);
    insert_segment_.bind_int(4, static_cast<int64_t>(s.begin));
    insert_segment_.bind_int(5, static_cast<int64_t>(s.end));
    insert_segment_.bind_text(6, s.text);
    check(insert_segment_);
  }
}

void Store::commit() {
  if (db_.autocommit()) return;
  int rc = index_batch();
  if (rc != SQLITE_OK) {
    std::string msg = db_.message();
    uint64_t lost = pending_;
    rollback();
    throw StoreError(options_.path + ": cannot index a batch of " + std::to_string(lost) +
                     " documents: " + msg + " (" + sqlite3_errstr(rc) + ")");
  }
  rc = commit_.run();
  commit_.reset();
  if (rc != SQLITE_OK) {
    uint64_t lost = pending_;
    rollback();
    throw StoreError(options_.path + ": cannot commit a batch of " + std::to_string(lost) +
                     " documents: " + sqlite3_errstr(rc));
  }
  committed_ += pending_;
  pending_ = 0;
  ++commits_;
}

void Store::finish() {
  commit();
  // Cheap, and recommended before closing: keeps the planner's statistics fresh.
  db_.exec("PRAGMA optimize", "cannot optimize " + options_.path);
}

uint64_t Store::rollback() noexcept {
  uint64_t lost = pending_;
  pending_ = 0;
  if (!db_.autocommit()) {
    rollback_.run();
    rollback_.reset();
  }
  return lost;
}

}  // namespace docpipe::sqlite
