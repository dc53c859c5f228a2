// The table of services the host hands every plugin (plugin.h's dp_host_api).
#pragma once

#include <docpipe/plugin.h>

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

namespace docpipe {
//! The one host API table, valid for the life of the process.
const dp_host_api* host_api() noexcept;
}  // namespace docpipe
