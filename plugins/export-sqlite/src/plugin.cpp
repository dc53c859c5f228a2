// export.sqlite: the SDK face of the store (src/store.*), which has no SDK dependency.
#include <docpipe/plugin.hpp>

#include <exception>
#include <memory>
#include <stdexcept>
#include <string>

#include "document_row.hpp"
#include "schema.hpp"
#include "store.hpp"
#include "store_path.hpp"

namespace {

using docpipe::Param;
using docpipe::Result;
using namespace docpipe::sqlite;

StoreOptions options_from(const docpipe::Context& ctx) {
  const docpipe::Params& p = ctx.params();
  StoreOptions o;
  o.path = store_path(p.string("path"), ctx.shard_index(), ctx.shard_count(), ctx.pipeline());
  auto tokenizer = parse_tokenizer(p.string("tokenizer"));
  if (!tokenizer) throw std::invalid_argument("unknown tokenizer " + std::string(p.string("tokenizer")));
  o.tokenizer = *tokenizer;
  o.batch = static_cast<uint64_t>(p.integer("batch"));
  o.synchronous = std::string(p.string("synchronous"));
  o.busy_timeout = p.duration("busy_timeout");
  o.pipeline = std::string(ctx.pipeline());
  o.check = p.boolean("check");
  return o;
}

class ExportSqlite final : public docpipe::Sink {
 public:
  static constexpr const char* id = "export.sqlite";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Upserts documents, metadata and segments by id into an SQLite store with an FTS5 "
      "full-text index (WAL, batched transactions)";
  static constexpr dp_param_spec params[] = {
      Param("path", DP_PARAM_PATH,
            "Database file, created with its directory when missing ({shard}: one per shard)")
          .required(),
      Param("tokenizer", DP_PARAM_ENUM,
            "Full-text index: trigram (substrings of 3+ characters, any script), unicode61 "
            "(words split at spaces/punctuation), words (segment.words words; text when none). "
            "Fixed when the database is created")
          .choices("trigram|unicode61|words")
          .def("trigram"),
      Param("words_kind", DP_PARAM_STRING, "Segment kind tokenizer=words indexes").def("word"),
      Param("batch", DP_PARAM_INT, "Documents per transaction").def("1000").range("1", "10000000"),
      Param("synchronous", DP_PARAM_ENUM,
            "SQLite's PRAGMA synchronous: NORMAL is durable at each checkpoint in WAL mode; FULL "
            "at each commit")
          .choices("off|normal|full|extra")
          .def("normal"),
      Param("busy_timeout", DP_PARAM_DURATION,
            "How long to wait for another process writing to the same database")
          .def("10s"),
      Param("check", DP_PARAM_BOOL,
            "Check the database's structure when opening (PRAGMA quick_check; reads the whole "
            "file, so turn it off for stores of many GB)")
          .def("true"),
  };

  explicit ExportSqlite(docpipe::Context& ctx)
      : log_(ctx.log()),
        words_kind_(ctx.params().string("tokenizer") == "words" ? ctx.params().string("words_kind")
                                                                 : std::string()) {
    if (ctx.role() == DP_ROLE_ERRORS) {
      throw std::invalid_argument(
          "export.sqlite stores documents and cannot be the errors sink; use export.jsonl there");
    }
    store_ = std::make_unique<Store>(options_from(ctx));
    log_.debug("writing to {} (tokenizer={}, batch={})", store_->path(),
               ctx.params().string("tokenizer"), ctx.params().integer("batch"));
  }

  ~ExportSqlite() {
    if (store_ && !finished_) {
      uint64_t lost = store_->rollback();
      if (lost > 0) {
        log_.warn("run aborted: rolled back {} documents not yet committed to {}; {} committed "
                  "earlier are kept",
                  lost, store_->path(), store_->committed());
      }
    }
  }
  ExportSqlite(const ExportSqlite&) = delete;
  ExportSqlite& operator=(const ExportSqlite&) = delete;

  Result write(const docpipe::Document& doc) {
    try {
      fill_row(doc, row_, words_kind_, counter_);
      if (!words_kind_.empty() && !row_.has_words && !warned_no_words_) {
        warned_no_words_ = true;
        log_.warn("tokenizer=words but {} has no '{}' segments: its text is indexed with "
                  "unicode61 instead (add segment.words before this sink); said once per run",
                  row_.id, words_kind_);
      }
      std::string failed = store_->upsert(row_);
      if (!failed.empty()) return Result::document_error("export.sqlite: " + failed);
    } catch (const std::exception& e) {
      // The open batch is gone or the database stopped working: later documents fail too.
      return Result::component_error(e.what());
    }
    return Result::ok();
  }

  //! Resumable runs: commits the open batch (a rerun upserts by id, so the
  //! documents after it are never duplicated either).
  Result checkpoint() {
    store_->commit();  // an exception becomes a component error (the SDK's adapter)
    return Result::ok();
  }

  Result finish() {
    try {
      store_->finish();
    } catch (const std::exception& e) {
      return Result::component_error(e.what());
    }
    finished_ = true;
    log_.debug("committed {} documents to {} in {} transactions", store_->committed(),
               store_->path(), store_->commits());
    return Result::ok();
  }

 private:
  docpipe::Logger log_;
  std::string words_kind_;  // empty unless tokenizer=words
  std::unique_ptr<Store> store_;
  DocumentRow row_;         // reused: no allocation per document once warm
  SegmentCounter counter_;
  bool finished_ = false;
  bool warned_no_words_ = false;
};

}  // namespace

DOCPIPE_PLUGIN(ExportSqlite)
