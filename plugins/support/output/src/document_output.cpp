#include <docpipe_output/document_output.hpp>

#include <docpipe_output/path_template.hpp>

namespace docpipe::output {

DocumentOutput::DocumentOutput(OutputOptions options) : options_(std::move(options)) {
  if (template_has(options_.path_template, "id")) {
    // One file per document: parts and rolling have no meaning there.
    rolling_ignored_ = options_.max_docs > 0 || options_.max_bytes > 0;
    options_.max_docs = options_.max_bytes = 0;
    // Expanded once now so that a bad template stops the run at start, not at the first document.
    TemplateVars vars;
    vars.id = "probe";
    (void)expand_template(options_.path_template, vars);
  } else {
    stream_.emplace(options_);
  }
}

void DocumentOutput::set_framing(std::string header, std::string footer) {
  if (stream_) stream_->set_framing(std::move(header), std::move(footer));
}

void DocumentOutput::write(std::string_view id, std::string_view record) {
  if (stream_) {
    if (!separator_.empty() && records_in_part_ > 0) stream_->write(separator_);
    stream_->write(record);
    stream_->end_record();
    ++records_in_part_;
    note_part_end();
    return;
  }
  OutputOptions o = options_;
  o.id = std::string(id);
  RollingOutput file(o);
  file.write(record);
  file.end_record();
  file.finish();
  ++files_;
}

void DocumentOutput::checkpoint() {
  if (!stream_) return;
  stream_->checkpoint();
  note_part_end();
}

void DocumentOutput::note_part_end() {
  // Counted here, not with RollingOutput::records_in_part(): that stays at the
  // old part's count until the next part opens at its first write, which put
  // a separator at the start of every rolled part. Between parts there is no
  // temporary file (standard output never rolls).
  if (options_.path_template != "-" && stream_->current_temp_path().empty()) records_in_part_ = 0;
}

void DocumentOutput::finish() {
  if (stream_) stream_->finish();
}

uint64_t DocumentOutput::files() const { return stream_ ? stream_->committed().size() : files_; }

}  // namespace docpipe::output
