// fetch.files: the SDK face of the walker and the reader.
#include <docpipe/plugin.hpp>
#include <string>
#include <vector>

#include <docpipe_files/file_walker.hpp>
#include <docpipe_files/input_sizer.hpp>
#include "content_type.hpp"
#include "file_reader.hpp"

namespace {

using docpipe::Param;
using docpipe::Result;
using namespace docpipe::files;

WalkOptions walk_options(const docpipe::Context& ctx) {
  const docpipe::Params& p = ctx.params();
  WalkOptions options;
  if (p.is_set("include")) options.include = p.list("include");
  if (p.is_set("exclude")) options.exclude = p.list("exclude");
  options.recursive = p.boolean("recursive");
  options.follow_symlinks = p.boolean("follow_symlinks");
  options.shard_index = ctx.shard_index();
  options.shard_count = ctx.shard_count();
  return options;
}

std::string_view file_name(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

class FetchFiles final : public docpipe::Source {
 public:
  static constexpr const char* id = "fetch.files";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Reads files, directory trees and globs; .gz and .zst transparently";
  static constexpr dp_param_spec params[] = {
      Param("path", DP_PARAM_LIST,
            "Files, directories (walked in name order) and glob patterns, read in the order given")
          .required(),
      Param("include", DP_PARAM_LIST,
            "Only read files whose name matches one of these fnmatch patterns (default: all)"),
      Param("exclude", DP_PARAM_LIST,
            "Skip files whose name matches one of these fnmatch patterns"),
      Param("recursive", DP_PARAM_BOOL, "Descend into subdirectories").def("true"),
      Param("max_size", DP_PARAM_SIZE,
            "Largest file content (after decompression); bigger files become failed documents")
          .def("64MiB"),
      Param("decompress", DP_PARAM_BOOL,
            "Read gzip and zstd files (found by magic bytes) decompressed")
          .def("true"),
      Param("follow_symlinks", DP_PARAM_BOOL,
            "Follow symlinks found inside directories (named paths are always followed)")
          .def("false"),
  };
  static constexpr const char* provides[] = {"raw", nullptr};

  explicit FetchFiles(docpipe::Context& ctx)
      : ctx_(ctx),
        log_(ctx.log()),
        walker_(ctx.params().list("path"), walk_options(ctx)),
        reader_(ctx.params().size("max_size"), ctx.params().boolean("decompress")),
        sizer_(ctx.params().list("path"), walk_options(ctx)) {}

  Result next(docpipe::Document& doc) {
    bool more = walker_.next(item_);
    // A resumed run: files an earlier attempt committed are not read again.
    while (more && ctx_.committed(item_.absolute) == docpipe::input_done) {
      consumed_ += regular_file_size(item_.path);
      more = walker_.next(item_);
    }
    if (!more) {
      report_progress(sizer_.wait());
      log_.debug("progress at the end: {} of {} bytes", consumed_, sizer_.total());
      if (walker_.skipped_symlinks() > 0) {
        log_.info("skipped {} symlinks inside directories (set follow_symlinks=true to read them)",
                  walker_.skipped_symlinks());
      }
      return Result::end();
    }
    doc.set_id(item_.id);
    doc.set_source(item_.absolute);
    if (!item_.error.empty()) {
      consumed_ += regular_file_size(item_.path);
      report_progress(sizer_.total());
      return Result::document_error(item_.error);
    }
    ReadOutcome outcome = reader_.read(item_.path, content_);
    // Counted as the sizer counts it, so that done reaches the total exactly.
    consumed_ += outcome.stored_size != 0 ? outcome.stored_size : regular_file_size(item_.path);
    report_progress(sizer_.total());
    if (outcome.mtime_ms != 0) doc.set_fetch_time_ms(outcome.mtime_ms);
    if (!outcome.error.empty()) return Result::document_error(outcome.error);
    doc.set_content_type(guess_content_type(file_name(item_.path)));
    doc.set_raw(content_);
    return Result::ok();
  }

 private:
  void report_progress(uint64_t total) const { ctx_.progress(consumed_, total, DP_PROGRESS_BYTES); }

  const docpipe::Context& ctx_;
  docpipe::Logger log_;
  FileWalker walker_;
  FileReader reader_;
  WalkItem item_;
  std::string content_;    // reused: its capacity follows the largest file read so far
  uint64_t consumed_ = 0;  // bytes on disk of the files done (read, failed or skipped)
  InputSizer sizer_;       // last: its thread stops before the rest goes
};

}  // namespace

DOCPIPE_PLUGIN(FetchFiles)
