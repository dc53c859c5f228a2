// export.text: the clean text, one file per document ({id} in the path) or
// all documents in one stream with a separator between them.
#include <docpipe/plugin.hpp>

#include <exception>
#include <memory>
#include <optional>
#include <string>

#include <docpipe_output/path_template.hpp>
#include <docpipe_output/rolling_output.hpp>
#include <docpipe_output/sink_params.hpp>

#include "separator.hpp"

namespace {

using docpipe::Param;
using docpipe::Result;
namespace out = docpipe::output;

class ExportText final : public docpipe::Sink {
 public:
  static constexpr const char* id = "export.text";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Writes the clean text: one .txt per document ({id} in the path) or one stream with a separator";
  static constexpr dp_param_spec own_params[] = {
      Param("separator", DP_PARAM_STRING,
            "Between documents of one file (\\n \\t \\r \\0 \\\\ escapes)").def("\\n\\n"),
  };
  static constexpr auto param_table = out::with_file_params(
      "Output file template; {id} writes one file per document (made filesystem-safe); \"-\" is standard output",
      own_params);
  static constexpr const auto& params = param_table.items;
  static constexpr const char* needs[] = {"text", nullptr};

  explicit ExportText(docpipe::Context& ctx)
      : log_(ctx.log()),
        options_(out::options_from(ctx)),
        separator_(docpipe::text_export::unescape_separator(ctx.params().string("separator"))),
        per_document_(out::template_has(options_.path_template, "id")) {
    if (per_document_) {
      if (options_.max_docs > 0 || options_.max_bytes > 0) {
        log_.warn("max_docs and max_bytes do not apply with {{id}} in the path: one file per document");
        options_.max_docs = options_.max_bytes = 0;
      }
      // Validates the template (and compression) once, before any document.
      out::TemplateVars vars;
      vars.id = "probe";
      (void)out::expand_template(options_.path_template, vars);
    } else {
      stream_.emplace(options_);
    }
  }

  Result write(const docpipe::Document& doc) {
    if (per_document_) return write_file(doc);
    try {
      if (stream_->records_in_part() > 0) stream_->write(separator_);
      stream_->write(doc.text());
      stream_->end_record();
    } catch (const std::exception& e) {
      return Result::component_error(e.what());
    }
    return Result::ok();
  }

  //! Resumable runs: ends the current part; one-file-per-document outputs are complete already.
  Result checkpoint() {
    try {
      if (stream_) stream_->checkpoint();
    } catch (const std::exception& e) {
      return Result::component_error(e.what());
    }
    return Result::ok();
  }

  Result finish() {
    try {
      if (stream_) stream_->finish();
    } catch (const std::exception& e) {
      return Result::component_error(e.what());
    }
    log_.debug("wrote {} file(s)", stream_ ? stream_->committed().size() : files_);
    return Result::ok();
  }

 private:
  // One document, one atomic file; a name that exists fails this document only.
  Result write_file(const docpipe::Document& doc) {
    out::OutputOptions o = options_;
    o.id = std::string(doc.id());
    out::RollingOutput file(o);
    file.write(doc.text());
    file.end_record();
    file.finish();
    ++files_;
    return Result::ok();
  }

  docpipe::Logger log_;
  out::OutputOptions options_;
  std::string separator_;
  bool per_document_;
  std::optional<out::RollingOutput> stream_;
  size_t files_ = 0;
};

}  // namespace

DOCPIPE_PLUGIN(ExportText)
