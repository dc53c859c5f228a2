// The files between the dedup stages, one typed reader and writer per format:
//   signatures/*.sig   per shard and worker: (document id, one hash per band)
//   buckets/*.pairs    per band range: (id, id) pairs that share a band hash
//   removed.bin        one: (removed id, kept id), sorted by removed id
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "record_io.hpp"

namespace docpipe::dedup {

inline constexpr std::string_view signature_magic{"DPSIG1\0\0", 8};
inline constexpr std::string_view pairs_magic{"DPPAIR1\0", 8};
inline constexpr std::string_view removed_magic{"DPRMV1\0\0", 8};

class SignatureWriter {
 public:
  SignatureWriter(const std::string& path, uint32_t bands);
  void write(std::string_view id, const std::vector<uint64_t>& band_hashes);
  void close() { out_.flush(); }

 private:
  RecordOut out_;
  uint32_t bands_;
};

class SignatureReader {
 public:
  explicit SignatureReader(const std::string& path);
  uint32_t bands() const { return bands_; }
  //! False at the end (or at a truncated last record).
  bool next(std::string& id, std::vector<uint64_t>& band_hashes);

 private:
  RecordIn in_;
  uint32_t bands_ = 0;
};

class PairWriter {
 public:
  explicit PairWriter(const std::string& path) : out_(path, pairs_magic) {}
  void write(std::string_view a, std::string_view b) {
    out_.put_string(a);
    out_.put_string(b);
  }
  void close() { out_.flush(); }

 private:
  RecordOut out_;
};

class PairReader {
 public:
  explicit PairReader(const std::string& path) : in_(path, pairs_magic) {}
  bool next(std::string& a, std::string& b) { return in_.get_string(a) && in_.get_string(b); }

 private:
  RecordIn in_;
};

class RemovedWriter {
 public:
  explicit RemovedWriter(const std::string& path) : out_(path, removed_magic) {}
  void write(std::string_view removed, std::string_view kept) {
    out_.put_string(removed);
    out_.put_string(kept);
  }
  void close() { out_.flush(); }

 private:
  RecordOut out_;
};

//! removed.bin as a map from removed id to the id kept in its place.
std::unordered_map<std::string, std::string> read_removed(const std::string& path);

//! A process-wide copy of read_removed(path), loaded once and shared by every instance.
std::shared_ptr<const std::unordered_map<std::string, std::string>> shared_removed(
    const std::string& path);

//! The filter stage's view of <dir>/removed.bin, shared by every instance of the process.
class RemovedDocuments {
 public:
  //! Throws, naming the docpipe-dedup commands to run, when removed.bin is missing.
  explicit RemovedDocuments(const std::string& dir);
  //! The id kept in place of this one, or nullptr when this one is kept.
  const std::string* kept_instead(std::string_view id) const;

 private:
  std::shared_ptr<const std::unordered_map<std::string, std::string>> removed_;
};

//! Regular files in dir whose names end in suffix, sorted by name ("" when dir is missing).
std::vector<std::string> files_with_suffix(const std::string& dir, std::string_view suffix);

}  // namespace docpipe::dedup
