// export.xml: TEI-like XML written with pugixml, one <TEI> document per file
// ({id} in the path) or a stream of <TEI> elements inside one <teiCorpus>.
#include <docpipe/plugin.hpp>

#include <pugixml.hpp>

#include <exception>
#include <string>

#include <docpipe_output/document_output.hpp>
#include <docpipe_output/document_view.hpp>
#include <docpipe_output/sink_params.hpp>

#include "tei.hpp"
#include "xml_text.hpp"

namespace {

using docpipe::Param;
using docpipe::Result;
namespace out = docpipe::output;

static_assert(static_cast<int>(out::BlockKind::heading) == DP_BLOCK_HEADING &&
                  static_cast<int>(out::BlockKind::list_item) == DP_BLOCK_LIST_ITEM &&
                  static_cast<int>(out::BlockKind::table_cell) == DP_BLOCK_TABLE_CELL &&
                  static_cast<int>(out::BlockKind::code) == DP_BLOCK_CODE,
              "output::BlockKind numbers kinds as dp_block_kind does");

constexpr const char* declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

class ExportXml final : public docpipe::Sink {
 public:
  static constexpr const char* id = "export.xml";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Writes TEI-like XML: one <TEI> per file ({id} in the path) or a <teiCorpus> stream";
  static constexpr dp_param_spec own_params[] = {
      Param("segments", DP_PARAM_BOOL, "Write sentence segments as <s> inside their blocks")
          .def("false"),
  };
  static constexpr auto param_table = out::with_file_params(
      "Output file template; {id} writes one file per document (made filesystem-safe); \"-\" is "
      "standard output",
      own_params);
  static constexpr const auto& params = param_table.items;
  static constexpr const char* needs[] = {"text", nullptr};

  explicit ExportXml(docpipe::Context& ctx)
      : log_(ctx.log()),
        sentences_(ctx.params().boolean("segments")),
        output_(out::options_from(ctx)) {
    if (output_.rolling_ignored()) {
      log_.warn(
          "max_docs and max_bytes do not apply with {{id}} in the path: one file per document");
    }
    // Every part of a stream is a whole XML document of its own.
    output_.set_framing(
        std::string(declaration) + "<teiCorpus xmlns=\"" + docpipe::xml::tei_namespace + "\">\n",
        "</teiCorpus>\n");
  }

  Result write(const docpipe::Document& doc) {
    pugi::xml_document xml;
    size_t dropped = docpipe::xml::append_tei(xml, out::view_of(doc), sentences_);
    if (dropped > 0) {
      dropped_ += dropped;
      log_.debug("{}: dropped {} character(s) XML 1.0 does not allow", doc.id(), dropped);
    }
    page_.clear();
    // A file of its own starts with the declaration; in a stream the framing holds it.
    if (output_.per_document()) page_ = declaration;
    print_tei(xml.document_element(), output_.per_document() ? 0 : 1);
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
    if (dropped_ > 0) log_.debug("dropped {} character(s) XML 1.0 does not allow in all", dropped_);
    return Result::ok();
  }

 private:
  // The header indented for people; the body on one line, because indenting
  // mixed content (<p> holding <s>) would add whitespace to the text.
  void print_tei(pugi::xml_node tei, unsigned depth) {
    std::string indent(2 * depth, ' ');
    docpipe::xml::StringWriter writer(page_);
    page_ += indent + "<TEI xmlns=\"" + docpipe::xml::tei_namespace + "\">\n";
    tei.child("teiHeader").print(writer, "  ", pugi::format_indent, pugi::encoding_utf8, depth + 1);
    page_ += indent + "  ";
    tei.child("text").print(writer, "", pugi::format_raw, pugi::encoding_utf8);
    page_ += "\n" + indent + "</TEI>\n";
  }

  docpipe::Logger log_;
  bool sentences_;
  out::DocumentOutput output_;
  std::string page_;
  size_t dropped_ = 0;
};

}  // namespace

DOCPIPE_PLUGIN(ExportXml)
