#include "stage_chain.hpp"

#include <ctime>
#include <string>

namespace docpipe {

int64_t monotonic_ns() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

std::string forbidden_stage_result(dp_status status) {
  switch (status) {
    case DP_END:
      return "returned DP_END, which only a source may return (a transform returns DP_OK, "
             "DP_DROPPED or an error)";
    case DP_TIMEOUT:
    case DP_CRASH:
    case DP_OOM:
    case DP_INTERRUPTED:
    case DP_PARTIAL:
      return "returned DP_" + [&] {
        std::string n(status_name(status));
        for (auto& c : n) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        return n;
      }() + ", a result only the host sets; return DP_DOCUMENT_ERROR to fail a document";
    default:
      return {};
  }
}

namespace {

std::string seconds_text(int64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ns) / 1e9);
  return buf;
}

}  // namespace

int run_stage_chain(std::span<PluginInstance* const> stages, size_t first_index, dp_document& doc,
                    std::span<ElementStats> stats, const StageProbe& probe,
                    const ChainDeadlines& deadlines) {
  for (size_t i = 0; i < stages.size(); ++i) {
    PluginInstance& stage = *stages[i];
    int64_t t0 = monotonic_ns();
    if (probe.stage != nullptr) {
      probe.stage_started_ns->store(t0, std::memory_order_relaxed);
      probe.stage->store(static_cast<int32_t>(first_index + i), std::memory_order_release);
    }
    CallResult r = stage.process(doc);
    int64_t t1 = monotonic_ns();
    if (probe.stage != nullptr) probe.stage->store(-1, std::memory_order_release);
    stats[i].nanos += static_cast<uint64_t>(t1 - t0);
    ++stats[i].calls;

    // A stage that overran its deadline fails the document even when it
    // returned ok: the deadline is a promise to the user, not to the plugin.
    int64_t stage_timeout =
        i < deadlines.stage_timeout_ns.size() ? deadlines.stage_timeout_ns[i] : 0;
    if (stage_timeout > 0 && t1 - t0 > stage_timeout) {
      ++stats[i].failed;
      doc.mark(DP_TIMEOUT, stage.name(),
               "took " + seconds_text(t1 - t0) + ", over the stage's timeout of " +
                   seconds_text(stage_timeout));
      return static_cast<int>(i);
    }
    if (deadlines.document_deadline_ns > 0 && t1 > deadlines.document_deadline_ns) {
      ++stats[i].failed;
      doc.mark(DP_TIMEOUT, stage.name(),
               "the document was still in this stage after --doc-timeout " +
                   seconds_text(deadlines.document_timeout_ns));
      return static_cast<int>(i);
    }
    if (r.status == DP_OK) continue;
    if (r.status == DP_DROPPED) {
      ++stats[i].dropped;
      doc.mark(DP_DROPPED, stage.name(), r.message);
      return static_cast<int>(i);
    }
    ++stats[i].failed;
    std::string forbidden = forbidden_stage_result(r.status);
    if (!forbidden.empty()) {
      doc.mark(DP_DOCUMENT_ERROR, stage.name(),
               forbidden + (r.message.empty() ? "" : ": " + r.message));
    } else {
      doc.mark(r.status, stage.name(), r.message.empty() ? "failed without a message" : r.message);
    }
    return static_cast<int>(i);
  }
  return -1;
}

}  // namespace docpipe
