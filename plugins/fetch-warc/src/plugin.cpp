// fetch.warc: the SDK face of the file walk, the WARC reader and the record selector.
#include <docpipe/plugin.hpp>
#include <docpipe_files/file_walker.hpp>
#include <docpipe_files/input_sizer.hpp>
#include <docpipe_warc/reader.hpp>
#include <docpipe_warc/warc_date.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "record_selector.hpp"

namespace {

using docpipe::Param;
using docpipe::Result;
using namespace docpipe::fetch_warc;
namespace warc = docpipe::warc;

docpipe::files::WalkOptions walk_options(const docpipe::Context& ctx) {
  docpipe::files::WalkOptions options;
  options.include = ctx.params().list("include");
  options.shard_index = ctx.shard_index();
  options.shard_count = ctx.shard_count();
  return options;
}

SelectOptions select_options(const docpipe::Context& ctx) {
  const docpipe::Params& p = ctx.params();
  SelectOptions options;
  options.record_types = normalise_list(p.list("record_types"));
  options.statuses = parse_statuses(p.list("status"));
  options.content_types = normalise_list(p.list("content_types"));
  options.body.max_size = p.size("max_record_size");
  options.body.decode_content = p.boolean("decode_content");
  return options;
}

std::string_view strip_angle_brackets(std::string_view uri) {
  // WARC 1.0's grammar put URIs in <>; some writers still do.
  if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') return uri.substr(1, uri.size() - 2);
  return uri;
}

class FetchWarc final : public docpipe::Source {
 public:
  static constexpr const char* id = "fetch.warc";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Reads WARC 1.0/1.1 files (plain, gzip, per-record gzip): one document per HTTP response "
      "or resource record";
  static constexpr dp_param_spec params[] = {
      Param("path", DP_PARAM_LIST, "WARC files, directories and glob patterns, read in the order given")
          .required(),
      Param("include", DP_PARAM_LIST, "File names read inside directories and globs (fnmatch)")
          .def("*.warc, *.warc.gz"),
      Param("record_types", DP_PARAM_LIST,
            "WARC-Type values that become documents (conversion for WET files; * for all)")
          .def("response, resource"),
      Param("status", DP_PARAM_LIST, "HTTP statuses kept for response records (* for all)").def("200"),
      Param("content_types", DP_PARAM_LIST, "Media-type prefixes kept (* for all)")
          .def("text/html, application/xhtml+xml"),
      Param("max_record_size", DP_PARAM_SIZE,
            "Largest record block and decoded body; bigger records become failed documents")
          .def("64MiB")
          .range("1", "4GiB"),
      Param("decode_content", DP_PARAM_BOOL, "Undo Content-Encoding gzip/deflate of HTTP bodies")
          .def("true"),
  };
  static constexpr const char* provides[] = {"raw", nullptr};

  explicit FetchWarc(docpipe::Context& ctx)
      : ctx_(ctx),
        log_(ctx.log()),
        walker_(ctx.params().list("path"), walk_options(ctx)),
        selector_(select_options(ctx)),
        sizer_(ctx.params().list("path"), walk_options(ctx)) {
    reader_options_.max_record_size = ctx.params().size("max_record_size");
  }

  Result next(docpipe::Document& doc) {
    while (true) {
      if (!reader_) {
        if (!walker_.next(item_)) {
          ctx_.progress(consumed_, sizer_.wait());
          log_.debug("progress at the end: {} of {} bytes", consumed_, sizer_.total());
          log_summary();
          return Result::end();
        }
        // Files are counted whole as they start: done then adds the reader's position.
        current_size_ = docpipe::files::regular_file_size(item_.path);
        consumed_ += current_size_;
        // A resumed run: a WARC an earlier attempt committed whole is not read again.
        if (ctx_.committed(item_.absolute) == docpipe::input_done) continue;
        ++files_;
        std::string error = item_.error;
        if (error.empty()) {
          try {
            reader_ = std::make_unique<warc::Reader>(item_.path, reader_options_);
          } catch (const std::exception& e) {
            error = e.what();
          }
        }
        if (!error.empty()) return fail_file(doc, error);
      }
      bool have = false;
      ctx_.progress(consumed_ - current_size_ + std::min(reader_->bytes_read(), current_size_),
                    sizer_.total());
      try {
        have = reader_->next(record_);
      } catch (const std::exception& e) {
        // An I/O error: this file cannot be read any further.
        reader_.reset();
        return fail_file(doc, e.what());
      }
      if (!have) {
        reader_.reset();
        continue;
      }
      ++records_;
      if (!record_.error.empty()) return fail(doc, record_.error);
      const Selection& s = selector_.select(record_);
      if (s.verdict == Verdict::skipped) {
        skips_.add(s.reason, skip_detail(s));
        continue;
      }
      if (s.verdict == Verdict::failed) return fail(doc, s.reason);
      fill(doc, s);
      ++documents_;
      return Result::ok();
    }
  }

 private:
  Result fail_file(docpipe::Document& doc, const std::string& why) {
    doc.set_id(item_.id);
    doc.set_source(item_.absolute);
    ++failed_;
    return Result::document_error(item_.absolute + ": " + why);
  }

  std::string skip_detail(const Selection& s) const {
    if (s.reason == "type") return record_.type;
    if (s.reason == "status") return std::to_string(s.response.status);
    return s.media_type.empty() ? "(none)" : s.media_type;
  }

  std::string offset_text() const { return std::to_string(record_.offset); }

  void set_common(docpipe::Document& doc) {
    auto record_id = record_.headers.find("WARC-Record-ID");
    if (record_id) {
      doc.set_id(*record_id);
    } else {
      doc.set_id(item_.id + "@" + offset_text());
    }
    doc.set_source(item_.absolute + "@" + offset_text());
    doc.set_input(item_.absolute);
    if (auto uri = record_.headers.find("WARC-Target-URI")) doc.set_url(strip_angle_brackets(*uri));
    doc.set_meta("warc_file", item_.absolute);
    doc.set_meta_json("warc_offset", offset_text());
    if (record_.offset_kind == warc::OffsetKind::decompressed) {
      // Inside one big gzip member: the offset counts decompressed bytes.
      doc.set_meta("warc_offset_kind", "decompressed");
    }
    if (record_id) doc.set_meta("warc_record_id", *record_id);
    if (auto date = record_.headers.find("WARC-Date")) {
      doc.set_meta("warc_date", *date);
      if (auto ms = warc::parse_warc_date(*date)) doc.set_fetch_time_ms(*ms);
    }
  }

  Result fail(docpipe::Document& doc, const std::string& why) {
    set_common(doc);
    ++failed_;
    return Result::document_error(item_.absolute + " at offset " + offset_text() + " (" +
                                  warc::offset_kind_name(record_.offset_kind) + "): " + why);
  }

  void fill(docpipe::Document& doc, const Selection& s) {
    set_common(doc);
    if (s.http) {
      doc.set_http_status(s.response.status);
      for (const auto& [name, value] : s.response.headers.fields()) doc.add_header(name, value);
    }
    doc.set_content_type(s.media_type);
    doc.set_raw(s.body);
    // A conversion record (WET) already is extracted text.
    if (record_.type == "conversion") doc.set_text(s.body);
  }

  void log_summary() {
    if (summary_logged_) return;
    summary_logged_ = true;
    log_.info("read {} WARC records from {} files: {} documents, {} failed, {} skipped{}{}", records_,
              files_, documents_, failed_, skips_.total(), skips_.total() > 0 ? " (" : "",
              skips_.total() > 0 ? skips_.summary() + ")" : "");
  }

  const docpipe::Context& ctx_;
  docpipe::Logger log_;
  docpipe::files::FileWalker walker_;
  RecordSelector selector_;
  warc::ReaderOptions reader_options_;
  std::unique_ptr<warc::Reader> reader_;
  docpipe::files::WalkItem item_;
  warc::Record record_;  // reused: its block keeps the capacity of the largest record so far
  bool summary_logged_ = false;
  SkipCounts skips_;
  uint64_t files_ = 0, records_ = 0, documents_ = 0, failed_ = 0;
  uint64_t consumed_ = 0;  // compressed bytes of the files started, whole
  uint64_t current_size_ = 0;
  docpipe::files::InputSizer sizer_;  // last: its thread stops before the rest goes
};

}  // namespace

DOCPIPE_PLUGIN(FetchWarc)
