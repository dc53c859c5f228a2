#include "dedup_files.hpp"

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <stdexcept>

namespace docpipe::dedup {

SignatureWriter::SignatureWriter(const std::string& path, uint32_t bands)
    : out_(path, signature_magic), bands_(bands) {
  out_.put_u32(bands);
}

void SignatureWriter::write(std::string_view id, const std::vector<uint64_t>& band_hashes) {
  if (band_hashes.size() != bands_) throw std::logic_error("signature with the wrong band count");
  out_.put_string(id);
  for (uint64_t h : band_hashes) out_.put_u64(h);
}

SignatureReader::SignatureReader(const std::string& path) : in_(path, signature_magic) {
  if (!in_.get_u32(bands_) || bands_ == 0 || bands_ > 4096) {
    throw std::runtime_error(path + ": bad band count");
  }
}

bool SignatureReader::next(std::string& id, std::vector<uint64_t>& band_hashes) {
  if (!in_.get_string(id)) return false;
  band_hashes.resize(bands_);
  for (uint64_t& h : band_hashes) {
    if (!in_.get_u64(h)) return false;
  }
  return true;
}

std::unordered_map<std::string, std::string> read_removed(const std::string& path) {
  RecordIn in(path, removed_magic);
  std::unordered_map<std::string, std::string> removed;
  std::string a, b;
  while (in.get_string(a) && in.get_string(b)) removed.emplace(a, b);
  return removed;
}

std::shared_ptr<const std::unordered_map<std::string, std::string>> shared_removed(
    const std::string& path) {
  static std::mutex mutex;
  static std::unordered_map<std::string,
                            std::weak_ptr<const std::unordered_map<std::string, std::string>>>
      cache;
  std::lock_guard lock(mutex);
  if (auto live = cache[path].lock()) return live;
  auto loaded =
      std::make_shared<const std::unordered_map<std::string, std::string>>(read_removed(path));
  cache[path] = loaded;
  return loaded;
}

RemovedDocuments::RemovedDocuments(const std::string& dir) {
  std::string path = dir + "/removed.bin";
  if (!std::filesystem::exists(path)) {
    throw std::runtime_error(
        path + " is missing: run `docpipe-dedup buckets` and `docpipe-dedup clusters` on " + dir +
        " first");
  }
  removed_ = shared_removed(path);
}

const std::string* RemovedDocuments::kept_instead(std::string_view id) const {
  auto it = removed_->find(std::string(id));
  return it == removed_->end() ? nullptr : &it->second;
}

std::vector<std::string> files_with_suffix(const std::string& dir, std::string_view suffix) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (e.is_regular_file(ec) && name.ends_with(suffix)) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace docpipe::dedup
