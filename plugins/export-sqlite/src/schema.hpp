// The store's tables, their version, and the full-text index's tokenizer.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sqlite_handle.hpp"

namespace docpipe::sqlite {

//! The schema version this code writes (PRAGMA user_version). Version 2 adds
//! deferred indexing (queue tables, triggers with WHEN); version 1 stores are
//! upgraded in place when opened.
inline constexpr int schema_version = 2;

//! What the FTS5 index is built from.
enum class Tokenizer {
  trigram,    //!< FTS5 trigram over text: substrings of 3+ characters, any script
  unicode61,  //!< FTS5 unicode61 over text: words split at spaces and punctuation
  words,      //!< unicode61 over the space-joined segment.words words (text when none)
};

//! "trigram", "unicode61" or "words".
std::string_view tokenizer_name(Tokenizer t) noexcept;
//! The tokenizer of that name, if any.
std::optional<Tokenizer> parse_tokenizer(std::string_view name) noexcept;

//! A database that is not, or not this version of, a docpipe store.
class SchemaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! Creates the tables in an empty database, or checks those of an existing
//! store: a newer schema version, another tokenizer, or a foreign `documents`
//! table throw SchemaError naming path; an older version is upgraded. Runs in
//! its own transaction.
void ensure_schema(Connection& db, Tokenizer tokenizer, const std::string& path);

}  // namespace docpipe::sqlite
