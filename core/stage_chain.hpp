// Runs a document through consecutive stages of one place (the host's worker
// thread, or a worker process) and turns each callback's result into the
// document's status. Shared by the in-process executor and docpipe-worker so
// both judge results the same way.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>

#include "instance.hpp"
#include "run_stats.hpp"

namespace docpipe {

//! What a watchdog can see of a chain while it runs: the stage and since when.
struct StageProbe {
  std::atomic<int32_t>* stage = nullptr;             //!< index of the running stage, -1 between
  std::atomic<int64_t>* stage_started_ns = nullptr;  //!< monotonic_ns() when it began
};

//! Nanoseconds of CLOCK_MONOTONIC, comparable across processes of one machine.
int64_t monotonic_ns() noexcept;

//! Deadlines a stage's return is judged against (0: none).
struct ChainDeadlines {
  int64_t document_deadline_ns = 0;           //!< absolute monotonic_ns() for the whole chain
  std::span<const int64_t> stage_timeout_ns;  //!< per stage of the chain, 0 for none
  int64_t document_timeout_ns = 0;            //!< for the message only
};

//! Runs stages[i] for i in [0, size) on doc until one stops it. Updates
//! stats[i] (same indexing) and the probe (stage indexes offset by first_index).
//! Returns the index of the stage that stopped the document, or -1.
int run_stage_chain(std::span<PluginInstance* const> stages, size_t first_index, dp_document& doc,
                    std::span<ElementStats> stats, const StageProbe& probe,
                    const ChainDeadlines& deadlines = {});

//! The message for a status a stage may not return (DP_END, host-only results), or "".
std::string forbidden_stage_result(dp_status status);

}  // namespace docpipe
