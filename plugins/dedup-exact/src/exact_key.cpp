#include "exact_key.hpp"

#include "text/hash.hpp"

namespace docpipe::dedup {

std::optional<ExactKey> exact_key(std::string_view text, const curation::NormalizeOptions& options,
                                  std::string& scratch) {
  curation::normalize_text(text, options, scratch);
  if (scratch.empty()) return std::nullopt;
  return ExactKey{curation::hash_bytes(scratch, 0x243f6a8885a308d3ULL),
                  curation::hash_bytes(scratch, 0x13198a2e03707344ULL)};
}

std::optional<std::string> SeenKeys::insert(const ExactKey& key, std::string_view id) {
  Shard& s = shards_[key.hi % shards_.size()];
  std::lock_guard lock(s.mutex);
  auto [it, fresh] = s.keys.try_emplace(key, id);
  if (fresh) return std::nullopt;
  return it->second;
}

}  // namespace docpipe::dedup
