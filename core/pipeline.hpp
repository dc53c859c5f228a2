// A pipeline resolved against the loaded plugins: every element has its plugin,
// its instance name and its validated parameters. Nothing has run yet.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pipeline_spec.hpp"
#include "plugin_registry.hpp"

namespace docpipe {

//! One element of a resolved pipeline.
struct ResolvedElement {
  const PluginInfo* plugin = nullptr;
  std::string name;  //!< instance name: the id attribute, or "plugin.id#k"
  std::shared_ptr<const dp_config> config;
  dp_role role = DP_ROLE_MAIN;
  SourceLocation where;
  std::optional<bool> isolated;  //!< stages: isolation attribute, unset when not written
  int64_t timeout_ms = 0;        //!< stages: the stage's own deadline, 0 for none
};

//! A pipeline ready to run.
struct Pipeline {
  std::string name;
  bool ordered = false;
  std::optional<unsigned> threads;
  std::optional<int64_t> queue_docs;
  std::optional<int64_t> queue_bytes;
  std::optional<bool> isolated;  //!< the pipeline's isolation attribute
  ResolvedElement source;
  std::vector<ResolvedElement> stages;
  std::vector<ResolvedElement> sinks;
  ResolvedElement errors;
  bool errors_defaulted = false;  //!< true when the errors sink was not declared
};

//! Resolves a spec: looks plugins up (PluginError when one is missing), checks
//! kinds, applies --set overrides ("instance.param=value"), validates every
//! parameter and that each element's needs are provided upstream (ConfigError).
Pipeline resolve_pipeline(const PipelineSpec& spec, const PluginRegistry& registry,
                          const std::vector<std::string>& overrides);

//! One line per element: "fetch.files#0 (source) → ...".
std::string describe_chain(const Pipeline& pipeline);

}  // namespace docpipe
