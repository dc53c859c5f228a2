// export.csv: RFC 4180 CSV (CRLF, UTF-8, a header row in every part), one row
// per document or per segment.
#include <docpipe/plugin.hpp>

#include <exception>
#include <string>

#include <docpipe_output/document_view.hpp>
#include <docpipe_output/rolling_output.hpp>
#include <docpipe_output/sink_params.hpp>

#include "csv_rows.hpp"

namespace {

using docpipe::Param;
using docpipe::Result;
namespace out = docpipe::output;

docpipe::csv::Columns columns_from(const docpipe::Params& p) {
  std::vector<std::string> names = p.list("columns");
  if (names.empty()) return docpipe::csv::default_columns(p.string("unit"));
  return {names};
}

class ExportCsv final : public docpipe::Sink {
 public:
  static constexpr const char* id = "export.csv";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description = "Writes RFC 4180 CSV, one row per document or per segment";
  static constexpr dp_param_spec own_params[] = {
      Param("unit", DP_PARAM_ENUM, "One row per document, or per segment of that kind")
          .choices("document|sentence|chunk|word")
          .def("document"),
      Param("columns", DP_PARAM_LIST,
            "Columns in order: id, parent_id, text, kind, begin, end, or a metadata key (url, title, ...); "
            "default id,url,title,text (document) or id,parent_id,kind,begin,end,text (segments)"),
  };
  static constexpr auto param_table =
      out::with_file_params("Output file template ({shard}, {part}, {date}, ...); \"-\" is standard output", own_params);
  static constexpr const auto& params = param_table.items;
  static constexpr const char* needs[] = {"text", nullptr};

  explicit ExportCsv(docpipe::Context& ctx)
      : log_(ctx.log()),
        unit_(ctx.params().string("unit")),
        columns_(columns_from(ctx.params())),
        out_(out::options_from(ctx)) {
    std::string header;
    std::vector<std::string_view> names(columns_.names.begin(), columns_.names.end());
    docpipe::csv::append_row(header, names);
    out_.set_framing(header, "");
  }

  Result write(const docpipe::Document& doc) {
    try {
      rows_.clear();
      size_t n = docpipe::csv::append_rows(rows_, out::view_of(doc), unit_, columns_);
      if (n == 0) log_.debug("{}: no {} segments, no rows", doc.id(), unit_);
      // Rows of one document stay in one part: the record boundary is the document.
      if (n > 0) {
        out_.write(rows_);
        out_.end_record();
      }
    } catch (const std::exception& e) {
      return Result::component_error(e.what());
    }
    return Result::ok();
  }

  //! Resumable runs: ends the current part so that everything written is committed.
  Result checkpoint() {
    out_.checkpoint();  // an exception becomes a component error (the SDK's adapter)
    return Result::ok();
  }

  Result finish() {
    try {
      out_.finish();
    } catch (const std::exception& e) {
      return Result::component_error(e.what());
    }
    return Result::ok();
  }

 private:
  docpipe::Logger log_;
  std::string unit_;
  docpipe::csv::Columns columns_;
  out::RollingOutput out_;
  std::string rows_;
};

}  // namespace

DOCPIPE_PLUGIN(ExportCsv)
