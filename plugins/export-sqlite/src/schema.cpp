#include "schema.hpp"

namespace docpipe::sqlite {
namespace {

// documents keeps its implicit rowid: the FTS index is external-content and
// addresses rows by it, and ON CONFLICT DO UPDATE keeps it stable per id.
// `body` is what the index sees: the joined words when present, else the text.
constexpr std::string_view tables_sql = R"sql(
CREATE TABLE docpipe_schema(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE documents(
  id TEXT PRIMARY KEY NOT NULL,
  url TEXT,
  source TEXT,
  title TEXT,
  lang TEXT,
  content_type TEXT,
  charset TEXT,
  http_status INTEGER,
  fetch_time TEXT,
  text TEXT NOT NULL,
  words TEXT,
  pipeline TEXT,
  updated_at TEXT NOT NULL,
  body TEXT GENERATED ALWAYS AS (coalesce(words, text)) VIRTUAL
);
CREATE TABLE metadata(
  doc_id TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT,
  is_json INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (doc_id, key)
) WITHOUT ROWID;
CREATE TABLE segments(
  doc_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  begin INTEGER NOT NULL,
  end INTEGER NOT NULL,
  text TEXT,
  PRIMARY KEY (doc_id, kind, seq)
) WITHOUT ROWID;
)sql";

// Triggers keep the index in step with documents whoever writes to it (this
// sink's upsert, or a user's UPDATE/DELETE in the sqlite3 shell).
//
// Why two sets: FTS5 (3.40) writes its pending terms out as a new segment at
// every savepoint and statement journal, so indexing inside each document's
// upsert made one tiny segment per document, then merged them (77% of the
// store's instructions). While docpipe's own batch transaction is open it
// puts the row 'index_deferred' in docpipe_schema; the *_deferred triggers
// then only note which rows changed (docpipe_index_queue) and the indexed
// version of rows they replace (docpipe_index_stale), and the store indexes
// the whole batch with two statements just before COMMIT (see Store::commit).
// The flag, the queue and the stale rows are removed in that same
// transaction, so no other connection ever sees them: outside a docpipe
// batch the plain triggers run, as in schema version 1. (NOT EXISTS guards,
// not INSERT OR IGNORE: the upsert's own conflict policy would override an OR
// clause inside a trigger.)
constexpr std::string_view triggers_sql = R"sql(
CREATE TABLE docpipe_index_queue(doc_rowid INTEGER PRIMARY KEY);
CREATE TABLE docpipe_index_stale(doc_rowid INTEGER PRIMARY KEY, title TEXT, body TEXT);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents
WHEN NOT EXISTS (SELECT 1 FROM docpipe_schema WHERE key = 'index_deferred') BEGIN
  INSERT INTO documents_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents
WHEN NOT EXISTS (SELECT 1 FROM docpipe_schema WHERE key = 'index_deferred') BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, body)
    VALUES ('delete', old.rowid, old.title, old.body);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents
WHEN NOT EXISTS (SELECT 1 FROM docpipe_schema WHERE key = 'index_deferred') BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, body)
    VALUES ('delete', old.rowid, old.title, old.body);
  INSERT INTO documents_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
CREATE TRIGGER documents_fts_insert_deferred AFTER INSERT ON documents
WHEN EXISTS (SELECT 1 FROM docpipe_schema WHERE key = 'index_deferred') BEGIN
  INSERT INTO docpipe_index_queue(doc_rowid) SELECT new.rowid
    WHERE NOT EXISTS (SELECT 1 FROM docpipe_index_queue WHERE doc_rowid = new.rowid);
END;
CREATE TRIGGER documents_fts_delete_deferred AFTER DELETE ON documents
WHEN EXISTS (SELECT 1 FROM docpipe_schema WHERE key = 'index_deferred') BEGIN
  -- A row not queued is in the index as it was: keep that version to delete.
  INSERT INTO docpipe_index_stale(doc_rowid, title, body)
    SELECT old.rowid, old.title, old.body
    WHERE NOT EXISTS (SELECT 1 FROM docpipe_index_queue WHERE doc_rowid = old.rowid)
      AND NOT EXISTS (SELECT 1 FROM docpipe_index_stale WHERE doc_rowid = old.rowid);
  DELETE FROM docpipe_index_queue WHERE doc_rowid = old.rowid;
END;
CREATE TRIGGER documents_fts_update_deferred AFTER UPDATE ON documents
WHEN EXISTS (SELECT 1 FROM docpipe_schema WHERE key = 'index_deferred') BEGIN
  INSERT INTO docpipe_index_stale(doc_rowid, title, body)
    SELECT old.rowid, old.title, old.body
    WHERE NOT EXISTS (SELECT 1 FROM docpipe_index_queue WHERE doc_rowid = old.rowid)
      AND NOT EXISTS (SELECT 1 FROM docpipe_index_stale WHERE doc_rowid = old.rowid);
  DELETE FROM docpipe_index_queue WHERE doc_rowid = old.rowid AND old.rowid <> new.rowid;
  INSERT INTO docpipe_index_queue(doc_rowid) SELECT new.rowid
    WHERE NOT EXISTS (SELECT 1 FROM docpipe_index_queue WHERE doc_rowid = new.rowid);
END;
)sql";

// Schema version 1 had the three plain triggers without their WHEN clause
// and no queue; version 2 replaces them in place (the data is unchanged).
constexpr std::string_view drop_v1_triggers_sql = R"sql(
DROP TRIGGER IF EXISTS documents_fts_insert;
DROP TRIGGER IF EXISTS documents_fts_delete;
DROP TRIGGER IF EXISTS documents_fts_update;
)sql";

std::string fts_sql(Tokenizer t) {
  // remove_diacritics 2 lets "cafe" find "café"; trigram folds case by default.
  std::string_view tokenize = t == Tokenizer::trigram ? "trigram" : "unicode61 remove_diacritics 2";
  return "CREATE VIRTUAL TABLE documents_fts USING fts5(title, body, content='documents', "
         "content_rowid='rowid', tokenize='" +
         std::string(tokenize) + "');";
}

bool has_table(Connection& db, std::string_view name) {
  Statement s(db, "SELECT 1 FROM sqlite_schema WHERE type IN ('table','view') AND name = ?1");
  s.bind_text(1, name);
  return s.step();
}

void create(Connection& db, Tokenizer tokenizer) {
  db.exec(tables_sql, "cannot create the tables");
  db.exec(fts_sql(tokenizer), "cannot create the full-text index");
  db.exec(triggers_sql, "cannot create the full-text triggers");
  Statement put(db, "INSERT INTO docpipe_schema(key, value) VALUES (?1, ?2)");
  auto set = [&](std::string_view key, std::string_view value) {
    put.bind_text(1, key);
    put.bind_text(2, value);
    if (int rc = put.run(); rc != SQLITE_OK) throw SqliteError("cannot record the schema: " + db.message(), rc);
    put.reset();
  };
  set("version", std::to_string(schema_version));
  set("tokenizer", tokenizer_name(tokenizer));
  set("created_by", "docpipe export.sqlite");
  db.exec("PRAGMA user_version = " + std::to_string(schema_version), "cannot set the schema version");
}

void upgrade_from_v1(Connection& db) {
  db.exec(drop_v1_triggers_sql, "cannot replace the version 1 full-text triggers");
  db.exec(triggers_sql, "cannot create the full-text triggers");
  db.exec("UPDATE docpipe_schema SET value = '" + std::to_string(schema_version) +
              "' WHERE key = 'version'",
          "cannot record the schema version");
  db.exec("PRAGMA user_version = " + std::to_string(schema_version), "cannot set the schema version");
}

void check(Connection& db, Tokenizer tokenizer, const std::string& path, int64_t version) {
  if (version > schema_version) {
    throw SchemaError(path + " has docpipe store schema version " + std::to_string(version) +
                      ", newer than this export.sqlite knows (" + std::to_string(schema_version) +
                      "); use the docpipe that wrote it, or another path");
  }
  if (!has_table(db, "docpipe_schema") || !has_table(db, "documents_fts")) {
    throw SchemaError(path + " has user_version " + std::to_string(version) +
                      " but not the docpipe_schema and documents_fts tables: not a docpipe store");
  }
  std::string stored = db.query_text("SELECT value FROM docpipe_schema WHERE key = 'tokenizer'");
  if (stored != tokenizer_name(tokenizer)) {
    throw SchemaError(path + " was created with tokenizer=" + stored +
                      " and its full-text index cannot change; run with tokenizer=" + stored +
                      " or write to another path");
  }
}

}  // namespace

std::string_view tokenizer_name(Tokenizer t) noexcept {
  switch (t) {
    case Tokenizer::trigram:
      return "trigram";
    case Tokenizer::unicode61:
      return "unicode61";
    case Tokenizer::words:
      return "words";
  }
  return "trigram";
}

std::optional<Tokenizer> parse_tokenizer(std::string_view name) noexcept {
  for (Tokenizer t : {Tokenizer::trigram, Tokenizer::unicode61, Tokenizer::words}) {
    if (tokenizer_name(t) == name) return t;
  }
  return std::nullopt;
}

void ensure_schema(Connection& db, Tokenizer tokenizer, const std::string& path) {
  // IMMEDIATE: two runs starting on one new file must not both create tables.
  db.exec("BEGIN IMMEDIATE", "cannot start a transaction on " + path);
  try {
    int64_t version = db.query_int("PRAGMA user_version");
    if (version == 0) {
      if (has_table(db, "documents")) {
        throw SchemaError(path + " already has a documents table that docpipe did not create: "
                          "not a docpipe store; use another path");
      }
      create(db, tokenizer);
    } else {
      check(db, tokenizer, path, version);
      if (version < schema_version) upgrade_from_v1(db);
    }
    db.exec("COMMIT", "cannot commit the schema to " + path);
  } catch (...) {
    if (!db.autocommit()) sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace docpipe::sqlite
