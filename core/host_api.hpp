// The table of services the host hands every plugin (plugin.h's dp_host_api).
#pragma once

#include <docpipe/plugin.h>

#include <atomic>
#include <cstdint>
#include <string>

//! Where a callback leaves the message that goes with its status.
struct dp_message {
  std::string text;
};

namespace docpipe {
class ShardState;
}

//! A resumable run's handle for plugins: the shard's state.
struct dp_resume {
  docpipe::ShardState* state;
};

//! A run's services for plugins (ABI 1.2): stop state, source progress, stdout.
struct dp_run {
  std::atomic<int> stop_state{DP_RUN_GOING};  //!< a dp_stop_state
  std::atomic<uint64_t> progress_done{0};     //!< the source's last report
  std::atomic<uint64_t> progress_total{0};    //!< 0: the source does not know
  std::atomic<int> progress_unit{0};          //!< a dp_progress_unit; 0: never reported
  int stdout_fd = -1;                         //!< the run's standard output for sinks
};

namespace docpipe {
//! The one host API table, valid for the life of the process.
const dp_host_api* host_api() noexcept;
}  // namespace docpipe
