#include "shard_state.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <unistd.h>

#include "../errors.hpp"
#include "../resume/shard_state.hpp"

namespace docpipe::cli {
namespace fs = std::filesystem;
namespace {

// Host names are compared by their first label as well, because one tool may
// record "node1" and another "node1.cluster.example".
bool same_host(const std::string& a, const std::string& b) {
  if (a == b) return true;
  auto first = [](const std::string& h) { return h.substr(0, h.find('.')); };
  return !a.empty() && !b.empty() && first(a) == first(b);
}

// kill(pid, 0) fails with ESRCH only when no such process exists; EPERM means
// it exists but belongs to someone else.
bool pid_alive(int64_t pid) {
  if (pid <= 0 || pid > INT32_MAX) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

std::string string_member(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

int64_t int_member(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return 0;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
  return 0;
}

}  // namespace

std::vector<ShardDir> list_shard_dirs(const fs::path& state_dir) {
  std::error_code ec;
  if (!fs::is_directory(state_dir, ec))
    throw ConfigError(state_dir.string() + ": not a state directory (" +
                      (fs::exists(state_dir, ec) ? "not a directory" : "no such directory") + ")");
  std::vector<ShardDir> out;
  fs::directory_iterator it(state_dir, ec);
  if (ec) throw ConfigError(state_dir.string() + ": cannot read: " + ec.message());
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) throw ConfigError(state_dir.string() + ": cannot read: " + ec.message());
    ShardDir d;
    if (!it->is_directory(ec) || !parse_shard_dir_name(it->path().filename().string(), d.index, d.count))
      continue;
    d.dir = it->path();
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(), [](const ShardDir& a, const ShardDir& b) {
    return a.count != b.count ? a.count < b.count : a.index < b.index;
  });
  return out;
}

std::optional<uint32_t> common_shard_count(const std::vector<ShardDir>& dirs) {
  if (dirs.empty()) return std::nullopt;
  for (const auto& d : dirs) {
    if (d.count != dirs.front().count)
      throw ConfigError("mixed shard counts in one state directory: " + dirs.front().dir.string() + " (N=" +
                        std::to_string(dirs.front().count) + ") and " + d.dir.string() + " (N=" +
                        std::to_string(d.count) + "); use one --state directory per shard count");
  }
  return dirs.front().count;
}

std::string this_host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return {};
  return buf;
}

ShardStatus read_shard_status(const ShardDir& shard) {
  ShardStatus s;
  s.index = shard.index;
  s.count = shard.count;
  fs::path file = shard.dir / "status.json";
  std::error_code ec;
  // status.json is renamed into place, so it is either absent or complete.
  if (!fs::exists(file, ec)) return s;
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  boost::json::value v;
  try {
    v = boost::json::parse(text);
  } catch (const std::exception& e) {
    s.state = "unreadable";
    s.error = file.string() + ": not JSON: " + e.what();
    return s;
  }
  if (!v.is_object()) {
    s.state = "unreadable";
    s.error = file.string() + ": expected a JSON object";
    return s;
  }
  const auto& o = v.get_object();
  std::string state = string_member(o, "state");
  if (state != "running" && state != "done" && state != "failed" && state != "interrupted") {
    s.state = "unreadable";
    s.error = file.string() + ": unknown state '" + state + "'";
    return s;
  }
  s.state = state;
  s.pipeline = string_member(o, "pipeline");
  s.fingerprint = string_member(o, "fingerprint");
  s.host = string_member(o, "host");
  s.pid = int_member(o, "pid");
  s.attempt = int_member(o, "attempt");
  s.started = string_member(o, "started");
  s.updated = string_member(o, "updated");
  s.finished = string_member(o, "finished");
  if (const auto* e = o.if_contains("exit_code"); e != nullptr && (e->is_int64() || e->is_uint64()))
    s.exit_code = int_member(o, "exit_code");
  if (const auto* c = o.if_contains("committed"); c != nullptr && c->is_object()) {
    s.documents = static_cast<uint64_t>(std::max<int64_t>(0, int_member(c->get_object(), "documents")));
    s.checkpoints = static_cast<uint64_t>(std::max<int64_t>(0, int_member(c->get_object(), "checkpoints")));
  }
  s.on_this_host = same_host(s.host, this_host_name());
  if (s.state == "running" && s.on_this_host && !pid_alive(s.pid)) s.state = "stale";
  return s;
}

}  // namespace docpipe::cli
