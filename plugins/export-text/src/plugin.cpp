// export.text: the clean text, one file per document ({id} in the path) or
// all documents in one stream with a separator between them.
#include <docpipe/plugin.hpp>

#include <exception>
#include <memory>
#include <string>

#include <docpipe_output/document_output.hpp>
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

  explicit ExportText(docpipe::Context& ctx) : log_(ctx.log()), output_(out::options_from(ctx)) {
    output_.set_separator(docpipe::text_export::unescape_separator(ctx.params().string("separator")));
    if (output_.rolling_ignored()) {
      log_.warn("max_docs and max_bytes do not apply with {{id}} in the path: one file per document");
    }
  }

  Result write(const docpipe::Document& doc) {
    try {
      output_.write(doc.id(), doc.text());
    } catch (const std::exception& e) {
      if (output_.per_document()) throw;  // an existing file fails this document only
      return Result::component_error(e.what());
    }
    return Result::ok();
  }

  //! Resumable runs: ends the current part; one-file-per-document outputs are complete already.
  Result checkpoint() {
    output_.checkpoint();  // an exception becomes a component error (the SDK's adapter)
    return Result::ok();
  }

  Result finish() {
    try {
      output_.finish();
    } catch (const std::exception& e) {
      return Result::component_error(e.what());
    }
    log_.debug("wrote {} file(s)", output_.files());
    return Result::ok();
  }

 private:
  docpipe::Logger log_;
  out::DocumentOutput output_;
};

}  // namespace

DOCPIPE_PLUGIN(ExportText)
