// export.jsonl: the SDK face of the record layouts over docpipe_output's RollingOutput.
#include <docpipe/plugin.hpp>

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include <docpipe_output/rolling_output.hpp>
#include <docpipe_output/sink_params.hpp>

#include "jsonl_record.hpp"
#include "segment_headings.hpp"

namespace {

using docpipe::Param;
using docpipe::Result;
using namespace docpipe::jsonl;

static_assert(DP_OK == 0 && DP_DROPPED == 1 && DP_DOCUMENT_ERROR == 2 && DP_COMPONENT_ERROR == 3 &&
                  DP_TIMEOUT == 4 && DP_CRASH == 5 && DP_END == 6 && DP_OOM == 7 &&
                  DP_INTERRUPTED == 8 && DP_PARTIAL == 9,
              "result_name() in jsonl_record.cpp mirrors dp_status");

class ExportJsonl final : public docpipe::Sink {
 public:
  static constexpr const char* id = "export.jsonl";
  static constexpr const char* version = "0.2.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Writes one JSON object per line (per document, chunk or sentence), optionally gzip or zstd, atomically";
  static constexpr dp_param_spec own_params[] = {
      Param("unit", DP_PARAM_ENUM, "One record per document, or per segment of that kind")
          .choices("document|chunk|sentence")
          .def("document"),
      Param("fields", DP_PARAM_LIST,
            "Members to write, in order: id, text, metadata, metadata.KEY, segments "
            "(segment units also parent_id, begin, end, heading); empty for all"),
  };
  static constexpr auto param_table = docpipe::output::with_file_params(
      "Output file template ({shard}, {part}, {date}, ...); \"-\" writes to standard output", own_params);
  static constexpr const auto& params = param_table.items;

  explicit ExportJsonl(docpipe::Context& ctx)
      : log_(ctx.log()),
        errors_role_(ctx.role() == DP_ROLE_ERRORS),
        layout_(parse_layout(ctx.params().string("unit"), ctx.params().list("fields"))),
        out_(docpipe::output::options_from(ctx)) {
    if (errors_role_ && (layout_.unit != Unit::document || layout_.selected)) {
      log_.warn("unit and fields do not apply to the errors sink; it writes error records");
    }
  }

  Result write(const docpipe::Document& doc) {
    try {
      if (errors_role_) {
        append_error_record(record_, doc);
        emit();
      } else if (layout_.unit == Unit::document) {
        append_document_record(record_, doc, layout_);
        emit();
      } else {
        write_segments(doc);
      }
    } catch (const std::exception& e) {
      // An output that cannot be written fails every later document too.
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
    log_.debug("wrote {} records ({} bytes before compression) to {} file(s)", out_.records(),
               out_.bytes(), out_.committed().size());
    return Result::ok();
  }

 private:
  void emit() {
    out_.write(record_);
    out_.end_record();
    record_.clear();
  }

  void write_segments(const docpipe::Document& doc) {
    std::string_view kind = layout_.segment_kind();
    std::string key = headings_key(kind);
    std::vector<std::string> headings;
    if (auto json = doc.meta(key)) headings = split_headings(*json);
    uint64_t n = 0;
    for (size_t i = 0, count = doc.segment_count(); i < count; ++i) {
      docpipe::Segment segment = doc.segment(i);
      if (segment.kind != kind) continue;
      std::string_view heading = n < headings.size() ? std::string_view(headings[n]) : std::string_view();
      append_segment_record(record_, doc, segment, n, heading, layout_, key);
      emit();
      ++n;
    }
    if (n == 0) log_.debug("{}: no {} segments, nothing written (unit={})", doc.id(), kind, kind);
  }

  docpipe::Logger log_;
  bool errors_role_;
  Layout layout_;
  std::string record_;  // reused, so a record costs no allocation once it has its size
  docpipe::output::RollingOutput out_;  // destroyed unfinished, it removes the temp part
};

}  // namespace

DOCPIPE_PLUGIN(ExportJsonl)
