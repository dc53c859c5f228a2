// export.jsonl: the SDK face of the record layouts, the writer and the atomic file.
#include <docpipe/plugin.hpp>
#include <exception>
#include <memory>
#include <optional>
#include <string>

#include "atomic_file.hpp"
#include "compression.hpp"
#include "encoder.hpp"
#include "jsonl_record.hpp"
#include "jsonl_writer.hpp"

namespace {

using docpipe::Param;
using docpipe::Result;
using namespace docpipe::jsonl;

static_assert(DP_OK == 0 && DP_DROPPED == 1 && DP_DOCUMENT_ERROR == 2 && DP_COMPONENT_ERROR == 3 &&
                  DP_TIMEOUT == 4 && DP_CRASH == 5 && DP_END == 6,
              "result_name() in jsonl_record.cpp mirrors dp_status");

std::unique_ptr<JsonlWriter> open_writer(const docpipe::Context& ctx) {
  const docpipe::Params& p = ctx.params();
  std::string path(p.string("path"));
  Compression compression = resolve_compression(p.string("compression"), path == "-" ? "" : path);
  std::optional<int> level;
  if (p.is_set("level")) level = static_cast<int>(p.integer("level"));
  if (level && compression == Compression::none) {
    ctx.log().warn("level={} is ignored: {} is written uncompressed", *level, path);
  }
  std::unique_ptr<ByteOutput> output;
  if (path == "-") {
    output = std::make_unique<StdoutOutput>();
  } else {
    output = std::make_unique<AtomicFile>(
        path, AtomicFileOptions{p.boolean("overwrite"), p.boolean("fsync")});
  }
  return std::make_unique<JsonlWriter>(make_encoder(compression, level, std::move(output)));
}

class ExportJsonl final : public docpipe::Sink {
 public:
  static constexpr const char* id = "export.jsonl";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Writes one JSON object per line ({id, text, metadata}), optionally gzip or zstd, atomically";
  static constexpr dp_param_spec params[] = {
      Param("path", DP_PARAM_PATH, "Output file; \"-\" writes to standard output").required(),
      Param("overwrite", DP_PARAM_BOOL, "Replace an existing output file").def("false"),
      Param("compression", DP_PARAM_ENUM, "auto picks by suffix: .gz gzip, .zst zstd, else none")
          .choices("auto|none|gzip|zstd")
          .def("auto"),
      Param("level", DP_PARAM_INT,
            "Compression level (gzip 0..9, default 6; zstd -7..22, default 3)")
          .range("-131072", "22"),
      Param("fsync", DP_PARAM_BOOL,
            "fsync the file and its directory before it gets its final name")
          .def("false"),
  };

  explicit ExportJsonl(docpipe::Context& ctx)
      : log_(ctx.log()),
        path_(ctx.params().string("path")),
        errors_role_(ctx.role() == DP_ROLE_ERRORS),
        writer_(open_writer(ctx)) {}

  Result write(const docpipe::Document& doc) {
    try {
      if (errors_role_) {
        append_error_record(writer_->buffer(), doc);
      } else {
        append_main_record(writer_->buffer(), doc);
      }
      writer_->record_done();
    } catch (const std::exception& e) {
      // An output that cannot be written fails every later document too.
      return Result::component_error(e.what());
    }
    return Result::ok();
  }

  Result finish() {
    try {
      writer_->finish();
    } catch (const std::exception& e) {
      return Result::component_error(e.what());
    }
    log_.debug("wrote {} records ({} bytes before compression) to {}", writer_->records(),
               writer_->bytes(), path_);
    return Result::ok();
  }

 private:
  docpipe::Logger log_;
  std::string path_;
  bool errors_role_;
  std::unique_ptr<JsonlWriter> writer_;  // destroyed unfinished, it removes the temp file
};

}  // namespace

DOCPIPE_PLUGIN(ExportJsonl)
