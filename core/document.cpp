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
  if (f == DP_FIELD_RAW && raw_view.data() != nullptr) return raw_view;
  return fields[static_cast<size_t>(f)];
}

bool dp_document::set(dp_field f, std::string_view value) {
  if (!valid_field(f)) return false;
  if (f == DP_FIELD_RAW) {
    // value may be the view itself: copy before letting go of it.
    fields[DP_FIELD_RAW].assign(value);
    raw_view = {};
    return true;
  }
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
  if (f == DP_FIELD_RAW) raw_view = {};
  std::string().swap(fields[static_cast<size_t>(f)]);
  if (f == DP_FIELD_TEXT) {
    blocks.clear();
    segments.clear();
  }
}

namespace {
// Below this many entries a scan beats hashing, and no index is kept.
constexpr size_t kMetaIndexFrom = 32;

void assign_meta_value(dp_document::Meta& m, std::string_view value, bool is_json) {
  if (is_json) {
    m.value.assign(value);
  } else {
    assign_utf8(m.value, value);
  }
  m.is_json = is_json;
}

// The index is only trusted while meta has the size it was built for and the
// entry it names has the key: code that erases from meta directly (the host's
// meta_remove) leaves it stale, and a stale index is rebuilt or not used.
const dp_document::Meta* indexed_meta(const dp_document& doc, std::string_view key) noexcept {
  auto it = doc.meta_index.find(key);
  if (it == doc.meta_index.end() || it->second >= doc.meta.size()) return nullptr;
  const dp_document::Meta& m = doc.meta[it->second];
  return m.key == key ? &m : nullptr;
}

bool index_in_step(const dp_document& doc) noexcept {
  return doc.meta.size() >= kMetaIndexFrom && doc.meta_indexed == doc.meta.size();
}

const dp_document::Meta* scan_meta(const dp_document& doc, std::string_view key) noexcept {
  for (const auto& m : doc.meta)
    if (m.key == key) return &m;
  return nullptr;
}
}  // namespace

void dp_document::set_meta(std::string_view key, std::string_view value, bool is_json) {
  std::string k;
  assign_utf8(k, key);
  if (meta.size() < kMetaIndexFrom) {
    meta_indexed = 0;  // short: scanned, and an index from before is void
  } else if (meta_indexed != meta.size()) {
    meta_index.clear();
    meta_index.reserve(meta.size() * 2);
    for (size_t i = 0; i < meta.size(); ++i) meta_index.emplace(meta[i].key, i);
    meta_indexed = meta.size();
  }
  const Meta* found = nullptr;
  if (index_in_step(*this)) {
    found = indexed_meta(*this, k);
    if (found == nullptr && meta_index.count(k) != 0) found = scan_meta(*this, k);
  } else {
    found = scan_meta(*this, k);
  }
  if (found != nullptr) {
    assign_meta_value(meta[static_cast<size_t>(found - meta.data())], value, is_json);
    return;
  }
  Meta m{k, {}, is_json};
  assign_meta_value(m, value, is_json);
  meta.push_back(std::move(m));
  if (meta_indexed + 1 == meta.size() && meta.size() > kMetaIndexFrom) {
    meta_index.emplace(std::move(k), meta.size() - 1);
    meta_indexed = meta.size();
  }
}

const dp_document::Meta* dp_document::find_meta(std::string_view key) const noexcept {
  if (index_in_step(*this)) {
    if (const Meta* m = indexed_meta(*this, key)) return m;
    if (meta_index.find(key) == meta_index.end()) return nullptr;
  }
  return scan_meta(*this, key);
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
  n += raw_view.size();
  for (const auto& h : headers) n += h.first.size() + h.second.size();
  for (const auto& m : meta) n += m.key.size() + m.value.size();
  n += blocks.size() * sizeof(dp_block) + segments.size() * sizeof(Segment);
  return n;
}

namespace docpipe {
std::string_view status_name(dp_status s) noexcept {
  switch (s) {
    case DP_OK:
      return "ok";
    case DP_DROPPED:
      return "dropped";
    case DP_DOCUMENT_ERROR:
      return "document_error";
    case DP_COMPONENT_ERROR:
      return "component_error";
    case DP_TIMEOUT:
      return "timeout";
    case DP_CRASH:
      return "crash";
    case DP_END:
      return "end";
    case DP_OOM:
      return "oom";
    case DP_INTERRUPTED:
      return "interrupted";
    case DP_PARTIAL:
      return "partial";
  }
  return "unknown";
}
}  // namespace docpipe
