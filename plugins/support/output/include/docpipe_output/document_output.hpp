// "One file per document, or one stream": what export.text, export.markdown
// and export.xml share around RollingOutput.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <docpipe_output/options.hpp>
#include <docpipe_output/rolling_output.hpp>

namespace docpipe::output {

//! A sink's output of whole documents: with {id} in the path template one
//! atomic file per document, otherwise one RollingOutput stream (rolled,
//! framed, with a separator between the records of a part).
class DocumentOutput {
 public:
  //! Checks the template (and with no {id}, opens the stream's first part);
  //! throws std::invalid_argument / std::runtime_error as RollingOutput does.
  explicit DocumentOutput(OutputOptions options);

  //! {id} is in the path: one file per document.
  bool per_document() const noexcept { return !stream_; }
  //! max_docs or max_bytes were set with {id} and are ignored (the sink should say so).
  bool rolling_ignored() const noexcept { return rolling_ignored_; }

  //! Bytes between two records of one stream part (none in a per-document file).
  void set_separator(std::string separator) { separator_ = std::move(separator); }
  //! Bytes at the start and end of every stream part; see RollingOutput::set_framing.
  void set_framing(std::string header, std::string footer);

  //! Writes one document's record: into its own file, committed at once (an
  //! existing file throws std::runtime_error, failing that document only), or
  //! appended to the stream (a throw means the output itself failed).
  void write(std::string_view id, std::string_view record);
  //! Resumable runs: ends the stream's part; per-document files are complete already.
  void checkpoint();
  //! Commits the stream's last part.
  void finish();
  //! Files committed: per-document files, or the stream's parts.
  uint64_t files() const;

 private:
  OutputOptions options_;
  bool rolling_ignored_ = false;
  std::string separator_;
  void note_part_end();

  std::optional<RollingOutput> stream_;
  uint64_t records_in_part_ = 0;  // in the stream's current part
  uint64_t files_ = 0;
};

}  // namespace docpipe::output
