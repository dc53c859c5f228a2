// clean.html: the plugin shell. Decoding and extraction live in the
// docpipe_clean_html_impl library; this file maps them onto the document.
#include <docpipe/plugin.hpp>

#include <cstdio>
#include <string>
#include <string_view>

#include "binary_sniff.hpp"
#include "charset_labels.hpp"
#include "decode.hpp"
#include "extract/content_extractor.hpp"
#include "html_text.hpp"
#include "metadata/document_metadata.hpp"
#include "utf8.hpp"

namespace docpipe::clean_html {
namespace {

class CleanHtml final : public Transform {
 public:
  static constexpr const char* id = "clean.html";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Decodes HTML to UTF-8 and extracts its main content (or all visible text) with block "
      "structure, title, "
      "lang and charset";
  static constexpr dp_param_spec params[] = {
      Param("max_bytes", DP_PARAM_SIZE, "Largest raw document accepted; larger ones fail")
          .def("32MiB")
          .range("1", "1GiB"),
      Param("max_nodes", DP_PARAM_INT, "Most HTML nodes a page may have; more fails the document")
          .def("1000000")
          .range("1", "100000000"),
      Param("max_depth", DP_PARAM_INT,
            "Deepest element nesting a page may have; deeper fails the document")
          .def("1024")
          .range("16", "100000"),
      Param("default_charset", DP_PARAM_STRING,
            "Charset used when neither BOM, HTTP header, <meta> nor detection decides")
          .def("windows-1252"),
      Param("keep_html", DP_PARAM_BOOL, "Store the decoded UTF-8 HTML in the html field")
          .def("false"),
      Param("keep_raw", DP_PARAM_BOOL, "Keep the raw bytes after decoding (else they are released)")
          .def("false"),
      Param("metadata", DP_PARAM_BOOL,
            "Extract page metadata (title, authors, dates, site, tags, language, bylines); false "
            "keeps only "
            "<title> and <html lang>")
          .def("true"),
      Param("extract", DP_PARAM_ENUM,
            "main: the main content without boilerplate; all: every visible text")
          .choices("main|all")
          .def("main"),
      Param("output", DP_PARAM_ENUM, "Render the blocks into the text as plain text or Markdown")
          .choices("text|markdown")
          .def("text"),
      Param("include_title", DP_PARAM_BOOL,
            "Start the main content with the page title as a level-1 heading")
          .def("false"),
      Param("include_tables", DP_PARAM_BOOL, "Keep tables inside the main content").def("true"),
      Param("include_comments", DP_PARAM_BOOL,
            "Append the readers' comments section to the main content")
          .def("false"),
      Param("favor", DP_PARAM_ENUM,
            "Lean main-content extraction towards precision (less boilerplate) or recall (less "
            "text lost)")
          .choices("precision|recall|balanced")
          .def("balanced"),
      Param("page_type", DP_PARAM_ENUM,
            "Main-content profile. auto: guess the type from JSON-LD/og:type, code blocks, "
            "repeated cards and "
            "how spread the content is (metadata page_type, page_type_confidence). A type forces "
            "its profile: "
            "article, other: the best container; forum, product: the content regions (body minus "
            "nav, header, "
            "footer, aside), comments kept; collection, listing, documentation, service: the "
            "content regions, "
            "link-dense cards and sections kept")
          .choices("auto|article|forum|product|collection|listing|documentation|service|other")
          .def("auto"),
      Param("min_text_chars", DP_PARAM_INT,
            "Main content shorter than this (characters) is retried over the whole page; the "
            "longer is kept")
          .def("250")
          .range("0", "1000000"),
  };
  static constexpr const char* needs[] = {"raw", nullptr};
  static constexpr const char* provides[] = {"text",
                                             "blocks",
                                             "metadata:title",
                                             "metadata:lang",
                                             "metadata:charset",
                                             "metadata:charset_source",
                                             "metadata:author",
                                             "metadata:authors",
                                             "metadata:date",
                                             "metadata:modified",
                                             "metadata:site_name",
                                             "metadata:description",
                                             "metadata:canonical_url",
                                             "metadata:tags",
                                             "metadata:categories",
                                             "metadata:lang_confidence",
                                             "metadata:lang_declared",
                                             "metadata:news_source",
                                             "metadata:editor",
                                             "metadata:content_fallback",
                                             nullptr};

  explicit CleanHtml(Context& ctx)
      : max_bytes_(ctx.params().size("max_bytes")),
        max_nodes_(static_cast<size_t>(ctx.params().integer("max_nodes"))),
        max_depth_(static_cast<size_t>(ctx.params().integer("max_depth"))),
        keep_html_(ctx.params().boolean("keep_html")),
        keep_raw_(ctx.params().boolean("keep_raw")),
        metadata_(ctx.params().boolean("metadata")),
        decoder_(ctx.params().string("default_charset")),
        extractor_(ParseLimits{max_nodes_, max_depth_}, extract_options(ctx)) {}

  Result process(Document& doc) {
    std::string_view raw = doc.raw();
    std::string_view html;
    const char* charset = nullptr;
    std::string_view charset_source;

    if (raw.empty()) {
      // An earlier stage already decoded the page: its html field is UTF-8.
      std::string_view given = doc.html();
      if (given.empty()) return Result::dropped("empty document");
      if (given.size() > max_bytes_) return too_large(given.size());
      repaired_.clear();
      if (!is_valid_utf8(given)) {
        append_repaired_utf8(given, repaired_);
        given = repaired_;
      }
      html = given;
    } else {
      if (raw.size() > max_bytes_) return too_large(raw.size());
      std::string_view content_type = doc.header("Content-Type").value_or(doc.content_type());
      CharsetChoice choice = decoder_.choose(raw, content_type);
      if (auto why = binary_content_reason(raw, choice.bom_size, is_utf16(choice.charset))) {
        return Result::document_error("binary content, not HTML: " + *why);
      }
      Decoded decoded = decoder_.convert(raw, choice);
      html = decoded.utf8;
      charset = choice.charset;
      charset_source = charset_source_name(choice.source);
    }

    switch (extractor_.extract(html, extracted_)) {
      case ExtractStatus::ok:
        break;
      case ExtractStatus::too_many_nodes:
        return Result::document_error(format("HTML has more than max_nodes={} nodes", max_nodes_));
      case ExtractStatus::too_deep:
        return Result::document_error(
            format("HTML nests elements deeper than max_depth={}", max_depth_));
      case ExtractStatus::parse_failed:
        return Result::document_error(
            format("HTML parser failed (myhtml status {})", extractor_.parser().last_error()));
    }

    // html may point into the raw bytes: copy it before releasing them.
    if (keep_html_ && !raw.empty()) doc.set_html(html);
    if (!keep_raw_ && !raw.empty()) doc.release(DP_FIELD_RAW);

    if (charset != nullptr) {
      doc.set_charset(charset);
      doc.set_meta("charset", charset);
      doc.set_meta("charset_source", charset_source);
    } else if (!doc.meta("charset") && !doc.charset().empty()) {
      doc.set_meta("charset", doc.charset());
    }
    if (!extracted_.title.empty()) doc.set_meta("title", extracted_.title);
    if (!extracted_.lang.empty()) doc.set_meta("lang", extracted_.lang);
    if (metadata_) {
      // Overrides title and lang above when it finds better ones.
      std::string_view content_language =
          doc.header("Content-Language").value_or(std::string_view());
      write_page_metadata(
          doc, extract_page_metadata(extractor_.parser(),
                                     PageContext{doc.url(), extracted_.text, content_language}));
    }

    if (extracted_.text.empty()) {
      // Main mode falls back to every visible text and then to <noscript>:
      // a page dropped here shows no text at all.
      return Result::dropped(extractor_.options().mode == ExtractMode::main
                                 ? "no visible text (none either in <noscript> or hidden elements)"
                                 : "no visible text");
    }
    if (extractor_.options().mode == ExtractMode::main) {
      PageTypeGuess guess = extractor_.page_type();
      doc.set_meta("page_type", page_type_name(guess.type));
      char confidence[16];
      std::snprintf(confidence, sizeof confidence, "%.2f", static_cast<double>(guess.confidence));
      doc.set_meta("page_type_confidence", confidence);
    }
    if (const char* fallback = fallback_name(extractor_.fallback());
        fallback != nullptr && extractor_.options().mode == ExtractMode::main) {
      doc.set_meta("content_fallback", fallback);
    }
    doc.set_text(extracted_.text);
    doc.clear_blocks();
    for (const TextBlock& b : extracted_.blocks) {
      if (!doc.add_block(static_cast<dp_block_kind>(b.kind), b.begin, b.end, b.level)) {
        return Result::document_error(format("block [{}, {}) outside the text", b.begin, b.end));
      }
    }
    return Result::ok();
  }

 private:
  static ExtractOptions extract_options(Context& ctx) {
    ExtractOptions o;
    o.mode = ctx.params().string("extract") == "all" ? ExtractMode::all : ExtractMode::main;
    o.output =
        ctx.params().string("output") == "markdown" ? OutputFormat::markdown : OutputFormat::text;
    o.include_title = ctx.params().boolean("include_title");
    o.include_tables = ctx.params().boolean("include_tables");
    o.include_comments = ctx.params().boolean("include_comments");
    std::string_view favor = ctx.params().string("favor");
    o.favor = favor == "precision" ? Favor::precision
              : favor == "recall"  ? Favor::recall
                                   : Favor::balanced;
    o.min_text_chars = static_cast<size_t>(ctx.params().integer("min_text_chars"));
    if (auto forced = page_type_from_name(ctx.params().string("page_type"))) {
      o.force_page_type = true;
      o.page_type = *forced;
    }
    return o;
  }

  static const char* fallback_name(ContentExtractor::Fallback f) {
    switch (f) {
      case ContentExtractor::Fallback::none:
        return nullptr;
      case ContentExtractor::Fallback::regions:
        return "regions";
      case ContentExtractor::Fallback::all_visible:
        return "all_visible";
      case ContentExtractor::Fallback::script_hidden:
        return "script_hidden";
    }
    return nullptr;
  }

  Result too_large(size_t size) const {
    return Result::document_error(
        format("document too large: {} bytes > max_bytes {} bytes", size, max_bytes_));
  }

  uint64_t max_bytes_;
  size_t max_nodes_;
  size_t max_depth_;
  bool keep_html_;
  bool keep_raw_;
  bool metadata_;
  Decoder decoder_;
  ContentExtractor extractor_;
  ExtractedText extracted_;
  std::string repaired_;
};

static_assert(static_cast<int>(BlockKind::heading) == DP_BLOCK_HEADING &&
                  static_cast<int>(BlockKind::paragraph) == DP_BLOCK_PARAGRAPH &&
                  static_cast<int>(BlockKind::list_item) == DP_BLOCK_LIST_ITEM &&
                  static_cast<int>(BlockKind::table_cell) == DP_BLOCK_TABLE_CELL &&
                  static_cast<int>(BlockKind::quote) == DP_BLOCK_QUOTE &&
                  static_cast<int>(BlockKind::code) == DP_BLOCK_CODE,
              "BlockKind must number kinds as dp_block_kind does");

}  // namespace
}  // namespace docpipe::clean_html

DOCPIPE_PLUGIN(docpipe::clean_html::CleanHtml)
