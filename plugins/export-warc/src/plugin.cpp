// export.warc: the SDK face of the conversion records and the shared rolling output.
#include <docpipe/plugin.hpp>
#include <docpipe_output/rolling_output.hpp>

#include <exception>
#include <memory>
#include <string>

#include "conversion_record.hpp"

namespace {

using docpipe::Param;
using docpipe::Result;
using namespace docpipe::export_warc;

docpipe::output::OutputOptions output_options(const docpipe::Context& ctx) {
  const docpipe::Params& p = ctx.params();
  docpipe::output::OutputOptions o;
  o.path_template = std::string(p.string("path"));
  o.overwrite = p.boolean("overwrite");
  o.fsync = p.boolean("fsync");
  o.max_docs = static_cast<uint64_t>(p.integer("max_docs"));
  o.max_bytes = p.size("max_bytes");
  o.shard_index = ctx.shard_index();
  o.shard_count = ctx.shard_count() == 0 ? 1 : ctx.shard_count();
  o.pipeline = std::string(ctx.pipeline());
  // .warc.gz is gzipped record by record here (the Common Crawl layout), so
  // every record stays seekable; the output must not compress it again.
  o.compression = "none";
  return o;
}

class ExportWarc final : public docpipe::Sink {
 public:
  static constexpr const char* id = "export.warc";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Writes the clean text as WET-style WARC conversion records (.warc, or .warc.gz gzipped per record)";
  static constexpr dp_param_spec params[] = {
      Param("path", DP_PARAM_PATH,
            "Output file template ({shard} {part} {date} {pipeline}); .gz: one gzip member per record")
          .required(),
      Param("overwrite", DP_PARAM_BOOL, "Replace existing output files (otherwise refuse to start)").def("false"),
      Param("fsync", DP_PARAM_BOOL, "fsync each file and its directory before it gets its final name")
          .def("false"),
      Param("max_docs", DP_PARAM_INT, "Roll to the next part after this many records; 0 never")
          .def("0")
          .range("0", nullptr),
      Param("max_bytes", DP_PARAM_SIZE, "Roll to the next part once a part holds this many bytes; 0 never")
          .def("0"),
  };
  static constexpr const char* needs[] = {"text", nullptr};

  explicit ExportWarc(docpipe::Context& ctx)
      : log_(ctx.log()),
        gzip_(wants_gzip(ctx.params().string("path"))),
        output_(std::make_unique<docpipe::output::RollingOutput>(output_options(ctx))) {
    // Every part starts with its own warcinfo record, so each file stands alone.
    output_->set_framing(encode_warcinfo(ctx.pipeline(), gzip_), "");
  }

  Result write(const docpipe::Document& doc) {
    ConversionInput in;
    in.text = doc.text();
    in.url = doc.url();
    if (in.url.empty()) in.url = doc.source();  // WARC-Target-URI is mandatory for conversions
    auto refers = doc.meta("warc_record_id");
    auto date = doc.meta("warc_date");
    auto lang = doc.meta("lang");
    if (refers) in.refers_to = *refers;
    if (date) in.warc_date = *date;
    if (lang) in.language = *lang;
    in.fetch_time_ms = doc.fetch_time_ms();
    try {
      output_->write(encode_conversion(in, gzip_));
      output_->end_record();
    } catch (const std::exception& e) {
      // An output that cannot be written fails every later document too.
      return Result::component_error(e.what());
    }
    return Result::ok();
  }

  //! Resumable runs: ends the current part so that everything written is committed.
  Result checkpoint() {
    output_->checkpoint();  // an exception becomes a component error (the SDK's adapter)
    return Result::ok();
  }

  Result finish() {
    try {
      output_->finish();
    } catch (const std::exception& e) {
      return Result::component_error(e.what());
    }
    log_.debug("wrote {} conversion records to {} file(s)", output_->records(), output_->committed().size());
    return Result::ok();
  }

 private:
  docpipe::Logger log_;
  bool gzip_;
  std::unique_ptr<docpipe::output::RollingOutput> output_;  // destroyed unfinished, it removes the temp part
};

}  // namespace

DOCPIPE_PLUGIN(ExportWarc)
