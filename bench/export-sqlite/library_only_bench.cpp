// The ceiling for export.sqlite: the same corpus written with SQLite's C API
// alone, no docpipe code. One table, an FTS5 index, transactions of 1,000
// rows, one prepared statement, no savepoints, no metadata. If this cannot
// reach a rate, no store built on this SQLite can.
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "corpus.hpp"

namespace {

using docpipe::bench::GeneratedDoc;

const std::vector<GeneratedDoc>& library_corpus() {
  const char* env = std::getenv("DOCPIPE_BENCH_DOCS");
  size_t n = env != nullptr ? std::strtoul(env, nullptr, 10) : 0;
  static const std::vector<GeneratedDoc> docs = docpipe::bench::generate_corpus(n > 0 ? n : 20000, 2048, 42);
  return docs;
}

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err != nullptr ? err : "?";
    sqlite3_free(err);
    throw std::runtime_error(msg);
  }
}

// What the index is built over: 0 no index; 1 an FTS5 table that stores its
// own content (inserted row by row); 2 external content indexed per batch
// with one INSERT ... SELECT.
void write(benchmark::State& state, const char* tokenizer, int mode) {
  const auto& docs = library_corpus();
  const char* env = std::getenv("DOCPIPE_BENCH_DIR");
  std::filesystem::path dir = std::filesystem::path(env != nullptr ? env : std::filesystem::temp_directory_path().string()) /
                              ("export-sqlite-library-" + std::to_string(getpid()));
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    state.ResumeTiming();
    sqlite3* db = nullptr;
    sqlite3_open((dir / "lib.db").c_str(), &db);
    exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;");
    exec(db, "CREATE TABLE docs(id TEXT PRIMARY KEY, title TEXT, text TEXT NOT NULL)");
    std::string fts = std::string("CREATE VIRTUAL TABLE fts USING fts5(title, text, tokenize='") + tokenizer + "'" +
                      (mode == 2 ? ", content='docs', content_rowid='rowid')" : ")");
    if (mode != 0) exec(db, fts.c_str());
    // DOCPIPE_BENCH_FTS_CONFIG="automerge=0;hashsize=262144": FTS5 options to try.
    if (const char* config = std::getenv("DOCPIPE_BENCH_FTS_CONFIG"); config != nullptr && mode != 0) {
      std::string rest = config;
      while (!rest.empty()) {
        std::string item = rest.substr(0, rest.find(';'));
        rest = item.size() < rest.size() ? rest.substr(item.size() + 1) : std::string();
        size_t eq = item.find('=');
        if (eq == std::string::npos) continue;
        std::string sql = "INSERT INTO fts(fts, rank) VALUES ('" + item.substr(0, eq) + "', " + item.substr(eq + 1) + ")";
        exec(db, sql.c_str());
      }
    }
    const char* insert_sql = mode == 1 ? "INSERT INTO fts(title, text) VALUES (?2, ?3)"
                                       : "INSERT INTO docs(id, title, text) VALUES (?1, ?2, ?3)";
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db, insert_sql, -1, &insert, nullptr);
    sqlite3_int64 indexed = 0;
    for (size_t i = 0; i < docs.size(); ++i) {
      if (i % 1000 == 0) exec(db, "BEGIN");
      sqlite3_bind_text(insert, 1, docs[i].id.data(), static_cast<int>(docs[i].id.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 2, docs[i].title.data(), static_cast<int>(docs[i].title.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 3, docs[i].text.data(), static_cast<int>(docs[i].text.size()), SQLITE_STATIC);
      if (sqlite3_step(insert) != SQLITE_DONE) state.SkipWithError(sqlite3_errmsg(db));
      sqlite3_reset(insert);
      if (i % 1000 == 999 || i + 1 == docs.size()) {
        if (mode == 2) {
          std::string sql = "INSERT INTO fts(rowid, title, text) SELECT rowid, title, text FROM docs WHERE rowid > " +
                            std::to_string(indexed);
          exec(db, sql.c_str());
          indexed = sqlite3_last_insert_rowid(db);
        }
        exec(db, "COMMIT");
      }
    }
    sqlite3_finalize(insert);
    sqlite3_close(db);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(docs.size()));
  std::filesystem::remove_all(dir);
}

void BM_LibraryNoIndex(benchmark::State& state) { write(state, "trigram", 0); }
void BM_LibraryFts5Trigram(benchmark::State& state) { write(state, "trigram", 1); }
void BM_LibraryExternalTrigram(benchmark::State& state) { write(state, "trigram", 2); }
void BM_LibraryExternalUnicode61(benchmark::State& state) { write(state, "unicode61", 2); }

BENCHMARK(BM_LibraryNoIndex)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LibraryFts5Trigram)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LibraryExternalTrigram)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LibraryExternalUnicode61)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
