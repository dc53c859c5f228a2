// Thin RAII owners of SQLite handles, and errors that carry SQLite's message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace docpipe::sqlite {

//! An SQLite failure; what() holds the context and SQLite's own message.
class SqliteError : public std::runtime_error {
 public:
  SqliteError(std::string what, int code) : std::runtime_error(std::move(what)), code_(code) {}
  //! The (extended) SQLite result code.
  int code() const noexcept { return code_; }

 private:
  int code_;
};

//! An open connection; closed when destroyed.
class Connection {
 public:
  //! Opens (creating when missing) a database file read-write; throws SqliteError.
  explicit Connection(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  //! Runs one or more statements without results; throws SqliteError naming `what`.
  void exec(std::string_view sql, std::string_view what);
  //! The single integer result of a query (0 when it returns no row).
  int64_t query_int(std::string_view sql);
  //! The single text result of a query (empty when it returns no row or NULL).
  std::string query_text(std::string_view sql);
  //! SQLite's message for the last failure on this connection.
  std::string message() const;
  //! False while a transaction is open.
  bool autocommit() const noexcept;
  //! The raw handle.
  sqlite3* get() const noexcept { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

//! A prepared statement, reset (not re-prepared) between uses.
class Statement {
 public:
  Statement() = default;
  //! Prepares once, marked persistent because it lives for the whole run.
  Statement(Connection& db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  //! Binds text (1-based index); the view must outlive step().
  void bind_text(int index, std::string_view value);
  //! Binds text, or NULL when empty.
  void bind_text_or_null(int index, std::string_view value);
  //! Binds an integer.
  void bind_int(int index, int64_t value);
  //! Binds NULL.
  void bind_null(int index);
  //! Steps to completion (no rows expected); returns SQLite's result code.
  int run() noexcept;
  //! One step; true while a row is available; throws on failure.
  bool step();
  //! Column of the current row.
  int64_t column_int(int index) const;
  //! Column of the current row, "" for NULL.
  std::string_view column_text(int index) const;
  //! Resets for the next use and clears bindings.
  void reset() noexcept;

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace docpipe::sqlite
