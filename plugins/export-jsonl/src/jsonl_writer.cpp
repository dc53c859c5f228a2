#include "jsonl_writer.hpp"

#include <stdexcept>

namespace docpipe::jsonl {

JsonlWriter::JsonlWriter(std::unique_ptr<Encoder> encoder, size_t flush_at)
    : encoder_(std::move(encoder)), flush_at_(flush_at) {
  // Room for a full batch plus the record that crosses the mark.
  buffer_.reserve(flush_at_ + flush_at_ / 4);
}

void JsonlWriter::flush() {
  if (buffer_.empty()) return;
  encoder_->write(buffer_);
  bytes_ += buffer_.size();
  buffer_.clear();
}

void JsonlWriter::finish() {
  if (finished_) return;
  flush();
  encoder_->finish();
  finished_ = true;
}

}  // namespace docpipe::jsonl
