// docpipe status STATE_DIR: one line per shard of a sharded run and a summary,
// with an exit status a script can wait on (0 done, 5 not finished, 6 needs a rerun).
#include <boost/json.hpp>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <map>

#include "../errors.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "shard_state.hpp"

namespace docpipe::cli {
namespace {

const char* kStatusUsage = R"(Usage: docpipe status STATE_DIR [--json] [--shards N]

Shows the shards of a sharded run (docpipe run --shard I/N --state STATE_DIR):
index, state, attempt, committed documents, host:pid and last update, then a
summary. Shards 0..N-1 without a directory yet are shown as pending. A shard
whose status says running but whose process is gone on this host is stale
(it was killed); on another host it is shown as running, with its host.

Exit status: 0 every shard is done; 5 not finished yet (shards running or
pending, none needs attention); 6 at least one shard failed, was interrupted
or is stale (rerun it; the run resumes); 1 usage error, unreadable state, or
shards of different counts in one directory.

Options)";

// 'YYYY-MM-DDTHH:MM:SSZ' to a short age ('12s ago'); empty when it does not parse.
std::string age(const std::string& iso) {
  std::tm tm{};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6) return {};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  long long secs = static_cast<long long>(std::time(nullptr) - ::timegm(&tm));
  if (secs < 0) secs = 0;
  char buf[32];
  if (secs < 120) std::snprintf(buf, sizeof buf, "%llds ago", secs);
  else if (secs < 7200) std::snprintf(buf, sizeof buf, "%lldm ago", secs / 60);
  else if (secs < 172800) std::snprintf(buf, sizeof buf, "%lldh ago", secs / 3600);
  else std::snprintf(buf, sizeof buf, "%lldd ago", secs / 86400);
  return buf;
}

boost::json::object shard_json(const ShardStatus& s) {
  boost::json::object o{{"index", s.index},       {"count", s.count},
                        {"state", s.state},       {"attempt", s.attempt},
                        {"documents", s.documents}, {"checkpoints", s.checkpoints},
                        {"host", s.host},         {"pid", s.pid},
                        {"pipeline", s.pipeline}, {"started", s.started},
                        {"updated", s.updated}};
  o["finished"] = s.finished.empty() ? boost::json::value(nullptr) : boost::json::value(s.finished);
  o["exit_code"] = s.exit_code ? boost::json::value(*s.exit_code) : boost::json::value(nullptr);
  if (!s.error.empty()) o["error"] = s.error;
  return o;
}

void print_table(const std::vector<ShardStatus>& shards) {
  std::printf("%-13s %-17s %7s %10s  %-24s %s\n", "SHARD", "STATE", "ATTEMPT", "DOCS", "HOST:PID", "UPDATED");
  for (const auto& s : shards) {
    std::string shard = std::to_string(s.index) + "/" + std::to_string(s.count);
    std::string hostpid = s.host.empty() ? "-" : s.host + ":" + std::to_string(s.pid);
    std::string state = s.state;
    if ((s.state == "failed" || s.state == "interrupted") && s.exit_code)
      state += " (" + std::to_string(*s.exit_code) + ")";
    std::string updated = s.updated.empty() ? "-" : s.updated;
    if (std::string a = age(s.updated); !a.empty()) updated += " (" + a + ")";
    std::printf("%-13s %-17s %7s %10s  %-24s %s\n", shard.c_str(), state.c_str(),
                s.state == "pending" ? "-" : std::to_string(s.attempt).c_str(),
                s.state == "pending" ? "-" : std::to_string(s.documents).c_str(), hostpid.c_str(),
                updated.c_str());
    if (!s.error.empty()) std::printf("  %s\n", s.error.c_str());
  }
}

}  // namespace

int status_command(const std::vector<std::string>& args) {
  return guarded([&] {
    std::string state_dir;
    bool json = false, help = false;
    uint32_t expected = 0;
    po::options_description desc(kStatusUsage);
    desc.add_options()
        ("state-dir", po::value(&state_dir), "the --state directory of the run")
        ("json", po::bool_switch(&json), "print JSON: {state_dir, count, shards: [...], summary, exit_code}")
        ("shards", po::value(&expected), "the shard count to expect (lists shards as pending before any started)")
        ("help,h", po::bool_switch(&help), "show this help");
    po::positional_options_description pos;
    pos.add("state-dir", 1);
    parse(args, desc, pos, "status");
    if (help) {
      std::cout << desc << "\n";
      return static_cast<int>(kExitOk);
    }
    if (state_dir.empty()) throw ConfigError("status: no state directory given (see: docpipe status --help)");
    auto dirs = list_shard_dirs(state_dir);
    std::optional<uint32_t> count = common_shard_count(dirs);
    if (expected > 0 && count && *count != expected)
      throw ConfigError(state_dir + ": shards were run with N=" + std::to_string(*count) + ", not --shards " +
                        std::to_string(expected));
    if (!count && expected > 0) count = expected;

    // Every index 0..N-1 gets a line; indices without a directory are pending.
    std::map<uint32_t, ShardStatus> by_index;
    for (const auto& d : dirs) by_index[d.index] = read_shard_status(d);
    std::vector<ShardStatus> shards;
    for (uint32_t i = 0; count && i < *count; ++i) {
      auto it = by_index.find(i);
      if (it != by_index.end()) {
        shards.push_back(it->second);
      } else {
        ShardStatus p;
        p.index = i;
        p.count = *count;
        shards.push_back(p);
      }
    }
    std::map<std::string, uint64_t> n;
    for (const char* k : {"done", "running", "failed", "interrupted", "stale", "pending", "unreadable"}) n[k] = 0;
    std::map<std::string, bool> fingerprints;
    for (const auto& s : shards) {
      ++n[s.state];
      if (!s.fingerprint.empty()) fingerprints[s.fingerprint] = true;
    }

    int code = kExitOk;
    if (n["unreadable"] > 0) code = kExitUsage;
    else if (n["failed"] + n["interrupted"] + n["stale"] > 0) code = kExitStatusNeedsRerun;
    else if (!count || n["running"] + n["pending"] > 0) code = kExitStatusNotFinished;

    std::string summary = std::to_string(shards.size()) + " shards: " + std::to_string(n["done"]) + " done, " +
                          std::to_string(n["running"]) + " running, " + std::to_string(n["failed"]) +
                          " failed, " + std::to_string(n["stale"]) + " stale, " + std::to_string(n["pending"]) +
                          " pending";
    if (n["interrupted"] > 0) summary += ", " + std::to_string(n["interrupted"]) + " interrupted";
    if (n["unreadable"] > 0) summary += ", " + std::to_string(n["unreadable"]) + " unreadable";
    if (fingerprints.size() > 1)
      std::fprintf(stderr, "docpipe: warning: shards in %s ran different pipeline configurations (%zu fingerprints)\n",
                   state_dir.c_str(), fingerprints.size());

    if (json) {
      boost::json::array arr;
      for (const auto& s : shards) arr.push_back(shard_json(s));
      boost::json::object sum;
      for (const auto& [k, v] : n) sum[k] = v;
      boost::json::object o{{"state_dir", state_dir},
                            {"count", count ? boost::json::value(*count) : boost::json::value(nullptr)},
                            {"shards", std::move(arr)},
                            {"summary", std::move(sum)},
                            {"exit_code", code}};
      std::cout << boost::json::serialize(o) << "\n";
      return code;
    }
    if (!count) {
      std::printf("no shard has started yet in %s (pass --shards N to list them as pending)\n", state_dir.c_str());
      return code;
    }
    print_table(shards);
    std::printf("%s\n", summary.c_str());
    return code;
  });
}

}  // namespace docpipe::cli
