// Errors the host reports to users, and the exit codes they map to.
#pragma once

#include <stdexcept>
#include <string>

namespace docpipe {

//! Process exit codes (documented in README.md).
enum ExitCode : int {
  kExitOk = 0,              //!< every document ok or dropped
  kExitUsage = 1,           //!< bad command line or pipeline config
  kExitPluginLoad = 2,      //!< a plugin could not be found or loaded
  kExitDocumentsFailed = 3, //!< more documents failed than --max-failed allows
  kExitComponentError = 4,  //!< a plugin reported it cannot work at all
  kExitInterrupted = 130    //!< stopped by SIGINT or SIGTERM after draining
};

//! A mistake in a pipeline or on the command line; what() names where.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! A plugin id that no loaded library provides, or a library that failed to load.
class PluginError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! A plugin that cannot work (failed create, or a component_error result).
class ComponentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace docpipe
