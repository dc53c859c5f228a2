// One live plugin instance: owns the plugin's state and keeps its library loaded.
#pragma once

#include <memory>
#include <string>

#include "document.hpp"
#include "logging.hpp"
#include "pipeline.hpp"

namespace docpipe {

//! The outcome of one callback: status and message.
struct CallResult {
  dp_status status = DP_OK;
  std::string message;
};

//! Where an instance runs.
struct InstancePlace {
  std::string pipeline_name;
  uint32_t shard_index = 0;
  uint32_t shard_count = 1;
  uint32_t worker_index = 0;
  dp_resume* resume = nullptr;  //!< resumable runs only
  std::string temp_dir;         //!< resumable runs: the shard's tmp/
  uint32_t attempt = 0;         //!< resumable runs: 1, 2, ...
  dp_run* run = nullptr;        //!< the run's services (stop state, progress, stdout)
};

//! A created plugin instance. Destroying it calls the plugin's destroy().
class PluginInstance {
 public:
  //! Creates an instance; throws ComponentError with the plugin's message on failure.
  PluginInstance(const ResolvedElement& element, const InstancePlace& place);
  ~PluginInstance();
  PluginInstance(const PluginInstance&) = delete;
  PluginInstance& operator=(const PluginInstance&) = delete;

  CallResult next(dp_document& doc);
  CallResult process(dp_document& doc);
  CallResult write(const dp_document& doc);
  //! Calls finish() if the plugin has one.
  CallResult finish();
  //! Whether the plugin has checkpoint() (ABI 1.1 sinks).
  bool can_checkpoint() const noexcept;
  //! Calls checkpoint(); DP_COMPONENT_ERROR when the plugin has none.
  CallResult checkpoint();

  const std::string& name() const { return name_; }
  const dp_plugin& descriptor() const { return *descriptor_; }

 private:
  // Declared first so it is destroyed last: the plugin's code must outlive its state.
  std::shared_ptr<LoadedLibrary> library_;
  const dp_plugin* descriptor_;
  std::string name_;
  std::string pipeline_name_;
  std::string temp_dir_;
  std::shared_ptr<const dp_config> config_;
  dp_logger logger_;
  void* state_ = nullptr;
};

}  // namespace docpipe
