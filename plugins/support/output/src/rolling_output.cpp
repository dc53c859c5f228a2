#include <docpipe_output/rolling_output.hpp>

#include <sys/stat.h>

#include <optional>
#include <stdexcept>

#include <docpipe_output/atomic_file.hpp>

namespace docpipe::output {
namespace {

bool rolls(const OutputOptions& o) { return o.max_docs > 0 || o.max_bytes > 0; }
bool resumable(const OutputOptions& o) { return static_cast<bool>(o.defer_rename); }

std::string template_in_force(const OutputOptions& o) {
  std::string t = o.path_template;
  if (t.empty()) throw std::invalid_argument("the output path is empty");
  if (t == "-") {
    if (resumable(o))
      throw std::runtime_error("standard output cannot be resumed after a crash; run without --state (--no-state)");
    return t;
  }
  // Shards of one run must never write the same file.
  if (o.shard_count > 1 && !template_has(t, "shard")) t = insert_before_extension(t, "-{shard:05}");
  bool one_file_per_document = template_has(t, "id");
  if ((rolls(o) || (resumable(o) && !one_file_per_document)) && !template_has(t, "part"))
    t = insert_before_extension(t, "-{part:05}");
  return t;
}

}  // namespace

RollingOutput::RollingOutput(OutputOptions options)
    : options_(std::move(options)), template_(template_in_force(options_)) {
  to_stdout_ = template_ == "-";
  if (to_stdout_ && rolls(options_)) {
    throw std::runtime_error("standard output cannot roll into parts; drop max_docs/max_bytes or name a file");
  }
  if (options_.id.empty() && template_has(template_, "id")) {
    throw std::invalid_argument("{id} in " + options_.path_template +
                                " names one file per document, which this sink does not write");
  }
  if (options_.shard_count == 0 || options_.shard_index >= options_.shard_count) {
    throw std::invalid_argument("shard " + std::to_string(options_.shard_index) + " of " +
                                std::to_string(options_.shard_count) + " does not exist");
  }
  vars_.shard = options_.shard_index;
  vars_.shard_count = options_.shard_count;
  vars_.date = run_start_date();
  vars_.pipeline = options_.pipeline;
  vars_.id = options_.id;
  if (options_.buffer_size == 0) options_.buffer_size = 1;
  buffer_.reserve(options_.buffer_size + options_.buffer_size / 4);
  // Expands (and so validates) the template and the compression before any file exists.
  std::string first = part_name(0);
  Compression compression = resolve_compression(options_.compression, to_stdout_ ? "" : first);
  if (options_.level != -1) check_level(compression, options_.level);
  // A resumed attempt may write nothing at all: no empty part for it.
  if (!(resumable(options_) && options_.attempt > 1)) open_part();
}

RollingOutput::~RollingOutput() = default;  // an unfinished encoder_ owns the AtomicFile, which removes its temp file

std::string RollingOutput::part_name(uint64_t part) const {
  if (to_stdout_) return "-";
  TemplateVars vars = vars_;
  vars.part = part;
  return expand_template(template_, vars);
}

std::string RollingOutput::current_path() const { return part_name(part_); }

std::string RollingOutput::current_temp_path() const {
  return file_ != nullptr ? file_->temp_path() : std::string();
}

void RollingOutput::set_framing(std::string header, std::string footer) {
  if (header_written_ || records_ > 0) throw std::logic_error("set_framing() after the first write");
  header_ = std::move(header);
  footer_ = std::move(footer);
}

void RollingOutput::open_part() {
  if (resumable(options_) && options_.attempt > 1 && template_has(template_, "part")) {
    // Committed by an earlier attempt of this shard: keep them, number on after them.
    struct stat st {};
    while (::lstat(part_name(part_).c_str(), &st) == 0) ++part_;
  }
  std::string name = part_name(part_);
  Compression compression = resolve_compression(options_.compression, to_stdout_ ? "" : name);
  std::optional<int> level;
  if (options_.level != -1 && compression != Compression::none) level = options_.level;
  std::unique_ptr<ByteOutput> output;
  if (to_stdout_) {
    output = std::make_unique<StdoutOutput>(options_.stdout_fd);
    file_ = nullptr;
  } else {
    // AtomicFile refuses an existing final name before it creates anything.
    auto file = std::make_unique<AtomicFile>(
        name, AtomicFileOptions{options_.overwrite, options_.fsync, options_.temp_dir, options_.defer_rename});
    file_ = file.get();
    output = std::move(file);
  }
  encoder_ = make_encoder(compression, level, std::move(output));
  header_written_ = false;
  records_in_part_ = 0;
  bytes_in_part_ = 0;
}

void RollingOutput::append(std::string_view bytes) {
  bytes_in_part_ += bytes.size();
  bytes_ += bytes.size();
  if (buffer_.size() + bytes.size() > options_.buffer_size && !buffer_.empty()) flush_buffer();
  if (bytes.size() >= options_.buffer_size) {
    encoder_->write(bytes);  // large pieces skip the copy
  } else {
    buffer_.append(bytes);
  }
}

void RollingOutput::flush_buffer() {
  if (buffer_.empty()) return;
  encoder_->write(buffer_);
  buffer_.clear();
}

void RollingOutput::write(std::string_view bytes) {
  if (finished_) throw std::logic_error("write() after finish() on " + current_path());
  if (!encoder_) open_part();  // the next part starts with its first byte, so no empty trailing part
  if (!header_written_) {
    header_written_ = true;
    append(header_);
  }
  append(bytes);
}

void RollingOutput::end_record() {
  if (finished_) return;
  ++records_;
  ++records_in_part_;
  bool full = (options_.max_docs > 0 && records_in_part_ >= options_.max_docs) ||
              (options_.max_bytes > 0 && bytes_in_part_ >= options_.max_bytes);
  if (full && encoder_) {
    close_part();
    ++part_;
    // Checked now, not at the next write, so a refusal names the part that cannot be written.
    std::string next = part_name(part_);
    struct stat st {};
    bool resumed = resumable(options_) && options_.attempt > 1;  // open_part() skips committed parts
    if (!options_.overwrite && !resumed && ::lstat(next.c_str(), &st) == 0) {
      throw std::runtime_error("output file " + next + " already exists; set overwrite=true to replace it");
    }
  }
}

void RollingOutput::close_part() {
  if (!header_written_) {
    header_written_ = true;
    append(header_);
  }
  append(footer_);
  flush_buffer();
  encoder_->finish();  // ends the stream and renames the part to its final name
  if (!to_stdout_) committed_.push_back(file_->final_path());
  encoder_.reset();
  file_ = nullptr;
  // Between parts the counts are the next part's, as records_in_part() promises.
  records_in_part_ = 0;
  bytes_in_part_ = 0;
}

void RollingOutput::checkpoint() {
  if (finished_ || !encoder_ || records_in_part_ == 0) return;
  close_part();
  ++part_;
}

void RollingOutput::finish() {
  if (finished_) return;
  if (encoder_) close_part();
  finished_ = true;
}

}  // namespace docpipe::output
