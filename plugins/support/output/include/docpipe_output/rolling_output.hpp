// The one way every sink writes files: a path template, parts rolled by
// records or bytes, each part written under a temporary name and renamed
// when complete.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <docpipe_output/compression.hpp>
#include <docpipe_output/encoder.hpp>
#include <docpipe_output/options.hpp>
#include <docpipe_output/path_template.hpp>

namespace docpipe::output {

class AtomicFile;

//! Writes records to parts named by a path template. Without {part} in the
//! template and with max_docs or max_bytes set, "-{part:05}" goes before the
//! extension; with shard_count > 1 and no {shard}, "-{shard:05}" does too, so
//! shards never write the same file. Destroyed without finish(), it removes
//! the temporary part; parts already committed stay (they are complete).
//! In a resumable run (options.defer_rename set) every checkpoint ends a part,
//! so "-{part:05}" is inserted whenever the template lacks {part} (unless it
//! names one file per document), and from the second attempt on, part numbers
//! already taken by committed files are skipped.
class RollingOutput {
 public:
  //! Checks part 0's final name and opens its temporary file; throws std::runtime_error (e.g. final file exists and !overwrite; unwritable dir).
  explicit RollingOutput(OutputOptions options);
  ~RollingOutput();
  RollingOutput(const RollingOutput&) = delete;
  RollingOutput& operator=(const RollingOutput&) = delete;

  //! Appends bytes to the current part, compressed by suffix (.gz/.zst) unless compression == "none".
  void write(std::string_view bytes);
  //! A record boundary: rolls to the next part when max_docs/max_bytes reached.
  void end_record();
  //! Flushes, fsyncs if asked, renames the current part to its final name.
  void finish();
  //! Resumable runs: ends the current part (if it has records) so that all
  //! written so far is committed; the next write starts a new part.
  void checkpoint();
  //! Final names written so far.
  std::vector<std::string> committed() const { return committed_; }

  //! Bytes written at the start and end of every part (a CSV header row, an
  //! XML root element), so each part stands alone. Call before the first write().
  void set_framing(std::string header, std::string footer);
  //! Records ended in the current part (0 right after a roll).
  uint64_t records_in_part() const noexcept { return records_in_part_; }
  //! Records ended in all parts.
  uint64_t records() const noexcept { return records_; }
  //! Uncompressed bytes written in all parts, framing included.
  uint64_t bytes() const noexcept { return bytes_; }
  //! The final name of the part being written (or of the next one, between parts).
  std::string current_path() const;
  //! The temporary name of the part being written; empty between parts and for stdout.
  std::string current_temp_path() const;
  //! The template in force after any inserted {part} or {shard}.
  const std::string& effective_template() const noexcept { return template_; }

 private:
  void open_part();
  void close_part();
  void append(std::string_view bytes);
  void flush_buffer();
  std::string part_name(uint64_t part) const;

  OutputOptions options_;
  std::string template_;
  TemplateVars vars_;
  bool to_stdout_ = false;
  std::unique_ptr<Encoder> encoder_;
  AtomicFile* file_ = nullptr;  // owned by encoder_; for its temporary name
  std::string buffer_;
  std::string header_;
  std::string footer_;
  bool header_written_ = false;
  bool finished_ = false;
  uint64_t part_ = 0;
  uint64_t records_in_part_ = 0;
  uint64_t bytes_in_part_ = 0;
  uint64_t records_ = 0;
  uint64_t bytes_ = 0;
  std::vector<std::string> committed_;
};

}  // namespace docpipe::output
