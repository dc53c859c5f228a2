// export.markdown: the block structure as Markdown with a YAML front matter,
// one file per document ({id} in the path) or one stream of documents.
#include <docpipe/plugin.hpp>

#include <exception>
#include <string>

#include <docpipe_output/document_view.hpp>
#include <docpipe_output/document_output.hpp>
#include <docpipe_output/sink_params.hpp>

#include "front_matter.hpp"
#include "markdown_body.hpp"

namespace {

using docpipe::Result;
namespace out = docpipe::output;

static_assert(static_cast<int>(out::BlockKind::heading) == DP_BLOCK_HEADING &&
                  static_cast<int>(out::BlockKind::code) == DP_BLOCK_CODE,
              "output::BlockKind numbers kinds as dp_block_kind does");

class ExportMarkdown final : public docpipe::Sink {
 public:
  static constexpr const char* id = "export.markdown";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Writes Markdown with a YAML front matter: one .md per document ({id} in the path) or one stream";
  static constexpr auto param_table = out::file_params(
      "Output file template; {id} writes one file per document (made filesystem-safe); \"-\" is standard output");
  static constexpr const auto& params = param_table.items;
  static constexpr const char* needs[] = {"text", nullptr};

  explicit ExportMarkdown(docpipe::Context& ctx) : log_(ctx.log()), output_(out::options_from(ctx)) {
    output_.set_separator("\n");  // a blank line between documents of one stream
    if (output_.rolling_ignored()) {
      log_.warn("max_docs and max_bytes do not apply with {{id}} in the path: one file per document");
    }
  }

  Result write(const docpipe::Document& doc) {
    page_.clear();
    out::DocumentView view = out::view_of(doc);
    docpipe::markdown::append_front_matter(page_, view.id, view.metadata);
    docpipe::markdown::append_body(page_, view);
    try {
      output_.write(doc.id(), page_);
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
    return Result::ok();
  }

 private:
  docpipe::Logger log_;
  out::DocumentOutput output_;
  std::string page_;
};

}  // namespace

DOCPIPE_PLUGIN(ExportMarkdown)
