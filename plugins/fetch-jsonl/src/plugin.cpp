// fetch.jsonl: the SDK face of the input list, the line reader and the line parser.
#include <fcntl.h>
#include <unistd.h>
#include <docpipe/plugin.hpp>

#include <docpipe_files/input_sizer.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include "input_list.hpp"
#include "json_line.hpp"
#include "line_reader.hpp"

namespace {

using docpipe::Param;
using docpipe::Result;
using namespace docpipe::fetch_jsonl;
using docpipe::files::InputSizer;
using docpipe::files::regular_file_size;

// The sizer's own pass over the same inputs; standard input has no size to know.
InputSizer::Next size_inputs(const docpipe::Context& ctx) {
  auto inputs = std::make_shared<InputList>(ctx.params().list("path"), ctx.params().list("include"),
                                            ctx.shard_index(), ctx.shard_count());
  return [inputs, input = Input{}](std::string& path) mutable {
    if (!inputs->next(input)) return InputSizer::Step::end;
    if (input.is_stdin) return InputSizer::Step::unknowable;
    path = input.path;
    return InputSizer::Step::file;
  };
}

class FetchJsonl final : public docpipe::Source {
 public:
  static constexpr const char* id = "fetch.jsonl";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Reads JSONL documents ({id, text or html, url, metadata}) from files, .gz, .zst or stdin "
      "(-)";
  static constexpr dp_param_spec params[] = {
      Param("path", DP_PARAM_LIST,
            "JSONL files, directories, glob patterns, or - for standard input")
          .required(),
      Param("include", DP_PARAM_LIST, "File names read inside directories and globs (fnmatch)")
          .def("*.jsonl, *.jsonl.gz, *.jsonl.zst, *.ndjson"),
      Param("max_line_size", DP_PARAM_SIZE, "Longest line; longer lines become failed documents")
          .def("64MiB")
          .range("16", "4GiB"),
  };
  // raw: an html line's UTF-8 bytes are also the raw field, so clean.html can follow.
  static constexpr const char* provides[] = {"raw", "html", "text", nullptr};

  explicit FetchJsonl(docpipe::Context& ctx)
      : ctx_(ctx),
        log_(ctx.log()),
        inputs_(ctx.params().list("path"), ctx.params().list("include"), ctx.shard_index(),
                ctx.shard_count()),
        max_line_size_(ctx.params().size("max_line_size")),
        sizer_(size_inputs(ctx)) {}

  ~FetchJsonl() { close_input(); }
  FetchJsonl(const FetchJsonl&) = delete;
  FetchJsonl& operator=(const FetchJsonl&) = delete;

  Result next(docpipe::Document& doc) {
    report_progress(sizer_.total());
    while (true) {
      if (!lines_) {
        if (!inputs_.next(input_)) {
          if (blank_lines_ > 0) log_.debug("skipped {} blank lines", blank_lines_);
          report_progress(sizer_.wait());
          log_.debug("progress at the end: {} of {} bytes", consumed_, sizer_.total());
          return Result::end();
        }
        // A resumed run: an earlier attempt committed this whole file.
        if (!input_.is_stdin && ctx_.committed(input_.absolute) == docpipe::input_done) {
          consumed_ += regular_file_size(input_.path);
          continue;
        }
        if (!input_.error.empty()) return fail_input(doc, input_.error);
        if (!open_input()) return fail_input(doc, std::strerror(errno));
      }
      std::string_view line;
      switch (lines_->next(line)) {
        case LineStatus::end:
          finish_input();
          continue;
        case LineStatus::error: {
          std::string why = lines_->message();
          uint64_t n = lines_->line_number();
          finish_input();
          return fail_line(doc, n + 1, why + " (the rest of the input is lost)");
        }
        case LineStatus::too_long:
          return fail_line(
              doc, lines_->line_number(),
              "line longer than max_line_size (" + std::to_string(max_line_size_) + " bytes)");
        case LineStatus::line:
          break;
      }
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
        ++blank_lines_;
        continue;
      }
      uint64_t n = lines_->line_number();
      std::string error;
      if (!parser_.parse(line, parsed_, error)) return fail_line(doc, n, error);
      return fill(doc, n);
    }
  }

 private:
  // done: the inputs finished, and how far into the current one the reader is.
  void report_progress(uint64_t total) const {
    uint64_t done = consumed_;
    if (lines_) {
      done +=
          input_.is_stdin ? lines_->bytes_read() : std::min(lines_->bytes_read(), current_size_);
    }
    ctx_.progress(done, total, DP_PROGRESS_BYTES);
  }

  // A file counts whole once done with, as the sizer counted it.
  void finish_input() {
    consumed_ += input_.is_stdin ? lines_->bytes_read() : current_size_;
    close_input();
  }

  bool open_input() {
    if (input_.is_stdin) {
      fd_ = STDIN_FILENO;
    } else {
      fd_ = ::open(input_.path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd_ < 0) return false;
      current_size_ = regular_file_size(input_.path);
    }
    lines_ = std::make_unique<LineReader>(fd_, max_line_size_);
    return true;
  }

  void close_input() {
    lines_.reset();
    if (fd_ > STDIN_FILENO) ::close(fd_);
    fd_ = -1;
  }

  std::string where(uint64_t line) const { return input_.name + ":" + std::to_string(line); }

  Result fail_input(docpipe::Document& doc, const std::string& why) {
    if (!input_.is_stdin) consumed_ += regular_file_size(input_.path);
    doc.set_id(input_.name);
    doc.set_source(input_.absolute);
    return Result::document_error(input_.absolute + ": " + why);
  }

  Result fail_line(docpipe::Document& doc, uint64_t line, const std::string& why) {
    doc.set_id(where(line));
    doc.set_source(input_.absolute + ":" + std::to_string(line));
    doc.set_input(input_.absolute);
    return Result::document_error(where(line) + ": " + why);
  }

  Result fill(docpipe::Document& doc, uint64_t line) {
    doc.set_id(parsed_.id ? *parsed_.id : where(line));
    doc.set_source(input_.absolute + ":" + std::to_string(line));
    doc.set_input(input_.absolute);
    if (parsed_.url) doc.set_url(*parsed_.url);
    if (!parsed_.text && !parsed_.html) {
      return Result::document_error(where(line) + ": the line has neither \"text\" nor \"html\"");
    }
    if (parsed_.html) {
      doc.set_html(*parsed_.html);
      doc.set_raw(*parsed_.html);
      doc.set_content_type("text/html");
      doc.add_header("Content-Type", "text/html; charset=utf-8");
    }
    if (parsed_.text) doc.set_text(*parsed_.text);
    for (const MetaItem& m : parsed_.metadata) {
      if (!m.is_json) {
        doc.set_meta(m.key, m.value);
      } else if (!doc.set_meta_json(m.key, m.value)) {
        return Result::document_error(where(line) + ": metadata \"" + m.key + "\" was refused");
      }
    }
    return Result::ok();
  }

  const docpipe::Context& ctx_;
  docpipe::Logger log_;
  InputList inputs_;
  uint64_t max_line_size_;
  Input input_;
  int fd_ = -1;
  std::unique_ptr<LineReader> lines_;
  JsonLineParser parser_;
  JsonLine parsed_;
  uint64_t blank_lines_ = 0;
  uint64_t consumed_ = 0;      // bytes of the inputs finished (compressed, as stored)
  uint64_t current_size_ = 0;  // of the file being read
  InputSizer sizer_;           // last: its thread stops before the rest goes
};

}  // namespace

DOCPIPE_PLUGIN(FetchJsonl)
