#include "shard_state.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include <boost/json.hpp>

#include "../errors.hpp"

namespace docpipe {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr uint64_t kComplete = std::numeric_limits<uint64_t>::max();

std::string errno_text() { return std::strerror(errno); }

std::string now_iso() {
  auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

void fsync_path(const fs::path& p, int flags) {
  int fd = ::open(p.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return;  // durability is best effort for directories some filesystems refuse
  (void)::fsync(fd);
  ::close(fd);
}

// Writes a small file so that it appears whole or not at all.
void write_atomically(const fs::path& path, const std::string& text) {
  fs::path temp = path;
  temp += ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + temp.string());
  }
  fsync_path(temp, O_RDONLY);
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) throw std::runtime_error("cannot rename " + temp.string() + ": " + ec.message());
}

std::optional<json::object> read_json_object(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  json::error_code ec;
  json::value v = json::parse(ss.str(), ec);
  if (ec || !v.is_object()) throw ConfigError(path.string() + ": not a docpipe state file (" +
                                              (ec ? ec.message() : "not an object") + ")");
  return v.as_object();
}

std::string string_at(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

bool parse_digits(std::string_view s, uint32_t& out) {
  if (s.empty() || s.size() > 9) return false;
  uint32_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint32_t>(c - '0');
  }
  out = v;
  return true;
}

}  // namespace

bool parse_shard_dir_name(std::string_view name, uint32_t& index, uint32_t& count) {
  // shard-IIIII-of-NNNNN, exactly; at least 5 digits each (wider when N > 99999).
  if (!name.starts_with("shard-")) return false;
  size_t of = name.find("-of-", 6);
  if (of == std::string_view::npos || of - 6 < 5 || name.size() - (of + 4) < 5) return false;
  return parse_digits(name.substr(6, of - 6), index) && parse_digits(name.substr(of + 4), count) && count > 0 &&
         index < count;
}

std::string shard_dir_name(uint32_t shard_index, uint32_t shard_count) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "shard-%05u-of-%05u", shard_index, shard_count);
  return buf;
}

void move_file(const fs::path& from, const fs::path& to) {
  if (::rename(from.c_str(), to.c_str()) == 0) return;
  if (errno != EXDEV) throw std::runtime_error("cannot rename " + from.string() + " to " + to.string() + ": " + errno_text());
  // Another filesystem: copy beside the final name, then rename there.
  fs::path beside = to;
  beside += ".docpipe-move";
  std::error_code ec;
  fs::copy_file(from, beside, fs::copy_options::overwrite_existing, ec);
  if (ec) throw std::runtime_error("cannot copy " + from.string() + " to " + beside.string() + ": " + ec.message());
  fsync_path(beside, O_RDONLY);
  fs::rename(beside, to, ec);
  if (ec) throw std::runtime_error("cannot rename " + beside.string() + ": " + ec.message());
  fs::remove(from, ec);
}

ShardState::ShardState(const fs::path& root, uint32_t shard_index, uint32_t shard_count,
                       std::string pipeline_name, std::string fingerprint)
    : dir_(root / shard_dir_name(shard_index, shard_count)),
      temp_dir_(dir_ / "tmp"),
      journal_path_(dir_ / "journal.jsonl"),
      shard_index_(shard_index),
      shard_count_(shard_count),
      pipeline_(std::move(pipeline_name)),
      fingerprint_(std::move(fingerprint)),
      started_(now_iso()) {
  std::error_code ec;
  fs::create_directories(temp_dir_, ec);
  if (ec) throw ConfigError("--state: cannot create " + temp_dir_.string() + ": " + ec.message());
  // Shards of one state dir must agree on N: a different N would split the inputs differently.
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    uint32_t i = 0, n = 0;
    if (parse_shard_dir_name(name, i, n) && n != shard_count)
      throw ConfigError("--state " + root.string() + " holds " + name + ", a run split into " +
                        std::to_string(n) + " shards, not " + std::to_string(shard_count) +
                        "; use another state directory");
  }
  lock();
  if (auto status = read_json_object(dir_ / "status.json")) {
    std::string previous = string_at(*status, "fingerprint");
    if (!previous.empty() && previous != fingerprint_)
      throw ConfigError("--state " + dir_.string() + " was written by a different pipeline (fingerprint " +
                        previous + ", now " + fingerprint_ +
                        "); use another state directory or remove this one to start over");
    if (auto it = status->find("attempt"); it != status->end() && it->value().is_int64())
      attempt_ = static_cast<uint32_t>(it->value().as_int64()) + 1;
  }
  replay_journal();
  clean_temp_dir();
}

ShardState::~ShardState() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void ShardState::lock() {
  fs::path path = dir_ / "lock";
  lock_fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) throw ConfigError("--state: cannot open " + path.string() + ": " + errno_text());
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    std::string who;
    if (auto status = read_json_object(dir_ / "status.json"))
      who = " (" + string_at(*status, "host") + ", pid " +
            json::serialize(status->contains("pid") ? status->at("pid") : json::value()) + ")";
    throw ConfigError("shard " + std::to_string(shard_index_) + "/" + std::to_string(shard_count_) +
                      " is being run by another process" + who + "; state " + dir_.string());
  }
}

void ShardState::replay_journal() {
  std::ifstream in(journal_path_, std::ios::binary);
  if (!in) return;
  std::string line;
  uint64_t good_bytes = 0, offset = 0;
  std::vector<std::pair<std::string, std::string>> renames;
  while (std::getline(in, line)) {
    bool whole = !in.eof();  // a line without its newline was torn by a crash
    offset += line.size() + (whole ? 1 : 0);
    json::error_code ec;
    json::value v = json::parse(line, ec);
    if (!whole || ec || !v.is_object()) break;
    const json::object& o = v.as_object();
    try {
      for (const auto& item : o.at("inputs").as_array()) {
        const json::array& a = item.as_array();
        std::string source(a.at(0).as_string());
        uint64_t count = a.at(1).to_number<uint64_t>();
        bool complete = a.at(2).to_number<int>() != 0;
        uint64_t& slot = committed_[source];
        if (slot != kComplete) slot = complete ? kComplete : std::max(slot, count);
      }
      for (const auto& item : o.at("renames").as_array()) {
        const json::array& a = item.as_array();
        renames.emplace_back(std::string(a.at(0).as_string()), std::string(a.at(1).as_string()));
      }
      const json::object& d = o.at("documents").as_object();
      committed_documents_ += d.at("ok").to_number<uint64_t>() + d.at("dropped").to_number<uint64_t>() +
                              d.at("failed").to_number<uint64_t>();
      if (auto it = o.find("final"); it != o.end() && it->value().is_bool() && it->value().as_bool())
        finished_ = true;
    } catch (const std::exception& e) {
      throw ConfigError(journal_path_.string() + ": malformed checkpoint record: " + e.what());
    }
    ++checkpoints_;
    good_bytes = offset;
  }
  in.close();
  std::error_code ec;
  if (fs::file_size(journal_path_, ec) != good_bytes && !ec) fs::resize_file(journal_path_, good_bytes, ec);
  // Renames recorded but perhaps not done: a crash came between the append and them.
  for (const auto& [temp, final_name] : renames) {
    if (fs::exists(temp, ec)) move_file(temp, final_name);
  }
}

void ShardState::clean_temp_dir() {
  std::error_code ec;
  for (fs::directory_iterator it(temp_dir_, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code rm;
    fs::remove_all(it->path(), rm);
  }
}

uint64_t ShardState::committed(std::string_view source) const {
  auto it = committed_.find(source);
  return it == committed_.end() ? 0 : it->second;
}

void ShardState::defer_rename(std::string temp_path, std::string final_path) {
  std::lock_guard lock(pending_mutex_);
  pending_.emplace_back(std::move(temp_path), std::move(final_path));
}

void ShardState::abandon_pending() {
  std::lock_guard lock(pending_mutex_);
  pending_.clear();
}

void ShardState::commit(const std::vector<InputProgress>& inputs, const CommitCounts& counts, bool final) {
  std::vector<std::pair<std::string, std::string>> renames;
  {
    std::lock_guard lock(pending_mutex_);
    renames.swap(pending_);
  }
  json::array in;
  for (const auto& p : inputs) in.push_back(json::array{json::string(p.source), p.documents, p.complete ? 1 : 0});
  json::array rn;
  for (const auto& [t, f] : renames) rn.push_back(json::array{json::string(t), json::string(f)});
  json::object record{{"checkpoint", checkpoints_ + 1},
                      {"attempt", attempt_},
                      {"final", final},
                      {"inputs", std::move(in)},
                      {"renames", std::move(rn)},
                      {"documents", {{"ok", counts.ok}, {"dropped", counts.dropped}, {"failed", counts.failed}}}};
  std::string line = json::serialize(record) + "\n";
  int fd = ::open(journal_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot open " + journal_path_.string() + ": " + errno_text());
  size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(fd, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string why = errno_text();
      ::close(fd);
      throw std::runtime_error("cannot append to " + journal_path_.string() + ": " + why);
    }
    done += static_cast<size_t>(n);
  }
  // The commit point: after this fsync the checkpoint holds even if we crash now.
  if (::fsync(fd) != 0) {
    std::string why = errno_text();
    ::close(fd);
    throw std::runtime_error("cannot fsync " + journal_path_.string() + ": " + why);
  }
  ::close(fd);
  ++checkpoints_;
  for (const auto& p : inputs) {
    uint64_t& slot = committed_[p.source];
    if (slot != kComplete) slot = p.complete ? kComplete : std::max(slot, p.documents);
  }
  committed_documents_ += counts.ok + counts.dropped + counts.failed;
  for (const auto& [t, f] : renames) move_file(t, f);
  if (final) finished_ = true;
}

void ShardState::write_status(std::string_view state, std::optional<int> exit_code) {
  bool ended = state != "running";
  json::object o{{"format", 1},
                 {"state", state},
                 {"shard", {{"index", shard_index_}, {"count", shard_count_}}},
                 {"pipeline", pipeline_},
                 {"fingerprint", fingerprint_},
                 {"host", host_name()},
                 {"pid", static_cast<int64_t>(::getpid())},
                 {"attempt", attempt_},
                 {"started", started_},
                 {"updated", now_iso()},
                 {"finished", ended ? json::value(now_iso()) : json::value(nullptr)},
                 {"exit_code", exit_code ? json::value(*exit_code) : json::value(nullptr)},
                 {"committed", {{"documents", committed_documents_}, {"checkpoints", checkpoints_}}}};
  write_atomically(dir_ / "status.json", json::serialize(o) + "\n");
}

void ShardState::write_stats(const std::string& json_text) { write_atomically(dir_ / "stats.json", json_text); }

}  // namespace docpipe
