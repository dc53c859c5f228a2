#include "document.hpp"

#include "utf8.hpp"

#include <cstring>

namespace {
bool valid_field(dp_field f) noexcept { return f >= DP_FIELD_ID && f <= DP_FIELD_INPUT; }

// Assigns in place when valid, so a field's buffer is reused across documents.
void assign_utf8(std::string& target, std::string_view value) {
  if (docpipe::is_valid_utf8(value)) {
    target.assign(value);
  } else {
    target = docpipe::repair_utf8(value);
  }
}
}  // namespace

std::string_view dp_document::get(dp_field f) const noexcept {
  if (!valid_field(f)) return {};
  return fields[static_cast<size_t>(f)];
}

bool dp_document::set(dp_field f, std::string_view value) {
  if (!valid_field(f)) return false;
  std::string& target = fields[static_cast<size_t>(f)];
  if (docpipe::is_text_field(f)) {
    assign_utf8(target, value);
  } else {
    target.assign(value);
  }
  // Offsets into the old text mean nothing for a new one.
  if (f == DP_FIELD_TEXT) {
    blocks.clear();
    segments.clear();
  }
  return true;
}

void dp_document::release(dp_field f) noexcept {
  if (!valid_field(f)) return;
  std::string().swap(fields[static_cast<size_t>(f)]);
  if (f == DP_FIELD_TEXT) {
    blocks.clear();
    segments.clear();
  }
}

void dp_document::set_meta(std::string_view key, std::string_view value, bool is_json) {
  std::string k;
  assign_utf8(k, key);
  for (auto& m : meta) {
    if (m.key == k) {
      if (is_json) {
        m.value.assign(value);
      } else {
        assign_utf8(m.value, value);
      }
      m.is_json = is_json;
      return;
    }
  }
  Meta m{std::move(k), {}, is_json};
  if (is_json) {
    m.value.assign(value);
  } else {
    assign_utf8(m.value, value);
  }
  meta.push_back(std::move(m));
}

const dp_document::Meta* dp_document::find_meta(std::string_view key) const noexcept {
  for (const auto& m : meta) {
    if (m.key == key) return &m;
  }
  return nullptr;
}

namespace {
bool valid_range(std::string_view text, uint64_t begin, uint64_t end) noexcept {
  return begin <= end && end <= text.size() && docpipe::is_utf8_boundary(text, begin) &&
         docpipe::is_utf8_boundary(text, end);
}
}  // namespace

bool dp_document::add_segment(std::string_view kind, uint64_t begin, uint64_t end) {
  if (!valid_range(get(DP_FIELD_TEXT), begin, end)) return false;
  uint32_t index = 0;
  // Documents carry few kinds; the latest one is nearly always the one asked for.
  if (!segment_kinds.empty() && segment_kinds.back() == kind) {
    index = static_cast<uint32_t>(segment_kinds.size() - 1);
  } else {
    size_t i = 0;
    while (i < segment_kinds.size() && segment_kinds[i] != kind) ++i;
    if (i == segment_kinds.size()) {
      std::string k;
      assign_utf8(k, kind);
      segment_kinds.push_back(std::move(k));
    }
    index = static_cast<uint32_t>(i);
  }
  segments.push_back({index, begin, end});
  return true;
}

bool dp_document::add_block(const dp_block& block) {
  // A C plugin may pass any integer; read it as one, not as the enum.
  int kind = 0;
  std::memcpy(&kind, &block.kind, sizeof kind);
  if (kind < DP_BLOCK_HEADING || kind > DP_BLOCK_CODE) return false;
  if (!valid_range(get(DP_FIELD_TEXT), block.begin, block.end)) return false;
  blocks.push_back(block);
  return true;
}

void dp_document::mark(dp_status s, std::string_view stage, std::string_view message) {
  status = s;
  assign_utf8(fields[DP_FIELD_STAGE], stage);
  assign_utf8(fields[DP_FIELD_MESSAGE], message);
}

size_t dp_document::bytes() const noexcept {
  size_t n = sizeof(dp_document);
  for (const auto& f : fields) n += f.size();
  for (const auto& h : headers) n += h.first.size() + h.second.size();
  for (const auto& m : meta) n += m.key.size() + m.value.size();
  n += blocks.size() * sizeof(dp_block) + segments.size() * sizeof(Segment);
  return n;
}

namespace docpipe {
std::string_view status_name(dp_status s) noexcept {
  switch (s) {
    case DP_OK: return "ok";
    case DP_DROPPED: return "dropped";
    case DP_DOCUMENT_ERROR: return "document_error";
    case DP_COMPONENT_ERROR: return "component_error";
    case DP_TIMEOUT: return "timeout";
    case DP_CRASH: return "crash";
    case DP_END: return "end";
    case DP_OOM: return "oom";
    case DP_INTERRUPTED: return "interrupted";
    case DP_PARTIAL: return "partial";
  }
  return "unknown";
}
}  // namespace docpipe
