#include "run_stats.hpp"

#include <boost/json.hpp>
#include <cstdio>

namespace docpipe {
namespace {

boost::json::object queue_json(const QueueStats& q) {
  return {{"max_docs", q.max_items},
          {"max_bytes", q.max_bytes},
          {"peak_docs", q.peak_items},
          {"peak_bytes", q.peak_bytes},
          {"pushes_blocked", q.pushes_blocked}};
}

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024 && u < 4) {
    bytes /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return buf;
}

boost::json::object results_json(const RunStats& s) {
  boost::json::object o;
  for (const auto& [name, n] : s.results) o[name] = n;
  return o;
}

}  // namespace

std::string stats_to_json(const RunStats& s, int exit_code) {
  boost::json::array elements;
  for (const auto& e : s.elements) {
    elements.push_back({{"name", e.name},
                        {"plugin", e.plugin},
                        {"role", e.role},
                        {"calls", e.calls},
                        {"seconds", static_cast<double>(e.nanos) / 1e9},
                        {"dropped", e.dropped},
                        {"failed", e.failed}});
  }
  boost::json::object o{
      {"pipeline", s.pipeline},
      {"shard", {{"index", s.shard_index}, {"count", s.shard_count}}},
      {"threads", s.threads},
      {"ordered", s.ordered},
      {"documents",
       {{"read", s.read},
        {"ok", s.ok},
        {"dropped", s.dropped},
        {"failed", s.failed},
        {"partial", s.partial},
        {"results", results_json(s)}}},
      {"isolation", s.isolation},
      {"workers", {{"restarts", s.worker_restarts}, {"peak_rss_bytes", s.peak_rss_workers}}},
      {"peak_rss_host_bytes", s.peak_rss_host},
      {"bytes", {{"in", s.bytes_in}, {"out", s.bytes_out}}},
      {"wall_seconds", s.wall_seconds},
      {"docs_per_second", s.docs_per_second()},
      {"mb_per_second", s.mb_per_second()},
      {"interrupted", s.interrupted},
      {"exit_code", exit_code},
      {"elements", std::move(elements)},
      {"queues", {{"input", queue_json(s.input_queue)}, {"output", queue_json(s.output_queue)}}},
  };
  if (s.ordered) o["order_window"] = s.order_window;
  if (s.resumable)
    o["resume"] = {{"attempt", s.attempt},
                   {"skipped_committed", s.skipped_committed},
                   {"checkpoints", s.checkpoints}};
  if (!s.fatal_error.empty()) o["fatal_error"] = s.fatal_error;
  return boost::json::serialize(o) + "\n";
}

std::string stats_summary(const RunStats& s) {
  char buf[512];
  std::string out;
  std::snprintf(
      buf, sizeof buf, "docpipe: pipeline '%s'%s %s in %.3f s (%u threads)\n", s.pipeline.c_str(),
      s.shard_count > 1
          ? (" shard " + std::to_string(s.shard_index) + "/" + std::to_string(s.shard_count))
                .c_str()
          : "",
      s.interrupted ? "interrupted" : (s.fatal_error.empty() ? "finished" : "aborted"),
      s.wall_seconds, s.threads);
  out += buf;
  std::snprintf(buf, sizeof buf, "  documents: %llu read, %llu ok, %llu dropped, %llu failed",
                static_cast<unsigned long long>(s.read), static_cast<unsigned long long>(s.ok),
                static_cast<unsigned long long>(s.dropped),
                static_cast<unsigned long long>(s.failed));
  out += buf;
  std::string kinds;
  for (const auto& [name, n] : s.results)
    if (n > 0 && name != "partial")
      kinds += (kinds.empty() ? "" : ", ") + name + " " + std::to_string(n);
  if (!kinds.empty()) out += " (" + kinds + ")";
  if (s.partial > 0)
    out += ", " + std::to_string(s.partial) + " partial (written by some sinks only)";
  out += "\n";
  if (s.isolation != "none") {
    std::snprintf(buf, sizeof buf,
                  "  isolation: %s; %llu worker restarts; peak RSS host %s, worker %s\n",
                  s.isolation.c_str(), static_cast<unsigned long long>(s.worker_restarts),
                  human_bytes(static_cast<double>(s.peak_rss_host)).c_str(),
                  human_bytes(static_cast<double>(s.peak_rss_workers)).c_str());
    out += buf;
  }
  if (s.resumable) {
    std::snprintf(buf, sizeof buf,
                  "  resume: attempt %u, %llu documents skipped (committed by an earlier attempt), "
                  "%llu checkpoints\n",
                  s.attempt, static_cast<unsigned long long>(s.skipped_committed),
                  static_cast<unsigned long long>(s.checkpoints));
    out += buf;
  }
  std::snprintf(buf, sizeof buf, "  throughput: %.1f docs/s, %.2f MB/s (%s in, %s text out)\n",
                s.docs_per_second(), s.mb_per_second(),
                human_bytes(static_cast<double>(s.bytes_in)).c_str(),
                human_bytes(static_cast<double>(s.bytes_out)).c_str());
  out += buf;
  out += "  time per element:";
  for (const auto& e : s.elements) {
    std::snprintf(buf, sizeof buf, " %s %.1f ms;", e.name.c_str(),
                  static_cast<double>(e.nanos) / 1e6);
    out += buf;
  }
  if (!out.empty() && out.back() == ';') out.pop_back();
  out += "\n";
  if (!s.fatal_error.empty()) out += "  stopped by: " + s.fatal_error + "\n";
  return out;
}

}  // namespace docpipe
