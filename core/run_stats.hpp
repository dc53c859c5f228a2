// What a run did: counts, bytes, time per element, queue limits and peaks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bounded_queue.hpp"

namespace docpipe {

//! Time and outcomes of one element (all its instances together).
struct ElementStats {
  std::string name;    //!< instance name
  std::string plugin;  //!< plugin id
  std::string role;    //!< source, stage, sink, errors
  uint64_t calls = 0;
  uint64_t nanos = 0;
  uint64_t dropped = 0;
  uint64_t failed = 0;
};

//! The summary of a run; read == ok + dropped + failed + partial always.
struct RunStats {
  std::string pipeline;
  uint32_t shard_index = 0;
  uint32_t shard_count = 1;
  unsigned threads = 0;
  bool ordered = false;
  uint64_t read = 0;
  uint64_t ok = 0;
  uint64_t dropped = 0;
  uint64_t failed = 0;
  uint64_t partial = 0;    //!< written by some sinks and failed by another
  //! Failed and partial documents by result: document_error, timeout, crash,
  //! oom, interrupted, partial (failed == their sum less partial).
  std::vector<std::pair<std::string, uint64_t>> results;
  uint64_t bytes_in = 0;   //!< bytes the source produced (raw, or html/text when no raw)
  uint64_t bytes_out = 0;  //!< text bytes of the documents the sinks took
  double wall_seconds = 0;
  bool interrupted = false;
  std::string fatal_error;  //!< set when a component error stopped the run
  std::vector<ElementStats> elements;
  QueueStats input_queue;
  QueueStats output_queue;
  size_t order_window = 0;  //!< most documents in flight when ordered
  // Resumable runs:
  bool resumable = false;
  uint32_t attempt = 0;             //!< 1 on a shard's first run
  uint64_t skipped_committed = 0;   //!< documents an earlier attempt committed, skipped
  uint64_t checkpoints = 0;         //!< checkpoints committed by this attempt (the final one included)
  // Isolation:
  std::string isolation = "none";   //!< none, process, or mixed (some stages isolated)
  uint64_t worker_restarts = 0;     //!< worker processes started to replace one
  uint64_t peak_rss_workers = 0;    //!< bytes: the largest peak of any worker process
  uint64_t peak_rss_host = 0;       //!< bytes: this process's peak
  unsigned abandoned_threads = 0;   //!< threads left in a stage or source that never returned

  double docs_per_second() const { return wall_seconds > 0 ? read / wall_seconds : 0; }
  double mb_per_second() const { return wall_seconds > 0 ? bytes_in / wall_seconds / 1e6 : 0; }
};

//! The stats as one JSON object (the --stats file).
std::string stats_to_json(const RunStats& stats, int exit_code);
//! A few human lines for the end of a run.
std::string stats_summary(const RunStats& stats);

}  // namespace docpipe
