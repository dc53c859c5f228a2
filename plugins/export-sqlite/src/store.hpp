// The SQLite store: opens or creates a database, upserts documents by id in
// batched transactions, and keeps the full-text index in step.
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "document_row.hpp"
#include "schema.hpp"
#include "sqlite_handle.hpp"

namespace docpipe::sqlite {

//! How the store opens its database.
struct StoreOptions {
  std::string path;                                //!< database file; parent dirs are made
  Tokenizer tokenizer = Tokenizer::trigram;        //!< fixed when the database is created
  uint64_t batch = 1000;                           //!< documents per transaction
  std::string synchronous = "NORMAL";              //!< OFF, NORMAL, FULL or EXTRA
  std::chrono::milliseconds busy_timeout{10'000};  //!< wait this long for another writer
  std::string pipeline;                            //!< written to documents.pipeline
  bool check = true;  //!< PRAGMA quick_check when opening (reads the whole file)
};

//! The store cannot go on: unopenable, corrupt, or a batch was lost.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! One writer on one database. Not thread-safe; one per sink instance.
//! Rows are indexed per batch, just before its COMMIT (see schema.cpp).
class Store {
 public:
  //! Opens or creates the database. Throws StoreError, or SqliteError when the
  //! file cannot be opened at all; both name the path and carry SQLite's message.
  explicit Store(StoreOptions options);
  //! Rolls back a batch not committed (see rollback()).
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  //! Writes (or replaces) the document with row.id in the open batch, and commits a
  //! full batch. Returns "" on success, or SQLite's message when this document alone
  //! failed (the batch is intact). Throws StoreError when the batch itself is lost.
  std::string upsert(const DocumentRow& row);
  //! Commits the open batch, if any; throws StoreError.
  void commit();
  //! Commits what is pending and lets SQLite refresh its query statistics.
  void finish();
  //! Discards the open batch; returns how many documents it held.
  uint64_t rollback() noexcept;

  //! Documents in the open batch.
  uint64_t pending() const noexcept { return pending_; }
  //! Transactions of documents committed so far.
  uint64_t commits() const noexcept { return commits_; }
  //! Documents committed so far.
  uint64_t committed() const noexcept { return committed_; }
  //! The database path.
  const std::string& path() const noexcept { return options_.path; }

 private:
  void configure();
  void prepare();
  void begin_batch();
  int index_batch() noexcept;
  void recover_index();
  void write_rows(const DocumentRow& row);
  [[noreturn]] void fail(const std::string& what, int rc);

  StoreOptions options_;
  Connection db_;  // declared before the statements: they are finalized first
  Statement begin_, commit_, rollback_, savepoint_, release_, rollback_to_;
  Statement defer_index_, undefer_index_, index_stale_, index_queue_, clear_stale_, clear_queue_;
  Statement upsert_doc_, delete_meta_, delete_segments_, insert_meta_, insert_segment_;
  std::string updated_at_, fetch_time_;
  uint64_t pending_ = 0;
  uint64_t commits_ = 0;
  uint64_t committed_ = 0;
};

}  // namespace docpipe::sqlite
