// What the subcommands share: option groups, loading plugins and pipelines,
// and turning errors into messages and exit codes.
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "../pipeline.hpp"
#include "../plugin_registry.hpp"

namespace docpipe::cli {

namespace po = boost::program_options;

//! Options every subcommand takes: --plugin-path, --log-level, --log-format, --help.
struct CommonOptions {
  std::vector<std::string> plugin_paths;
  std::string log_level = "info";
  std::string log_format = "text";
  bool help = false;
  void add_to(po::options_description& desc);
  //! Applies logging settings; throws ConfigError on bad values.
  void apply() const;
};

//! Parses args against desc (with positional names); throws ConfigError with usage hints.
po::variables_map parse(const std::vector<std::string>& args, const po::options_description& desc,
                        const po::positional_options_description& positional,
                        const std::string& command);

//! A pipeline loaded and resolved, with the registry its plugins live in.
struct LoadedPipeline {
  PipelineSpec spec;
  std::unique_ptr<PluginRegistry> registry;
  Pipeline pipeline;
};

//! Reads a pipeline (file or one-line form), loads plugins, resolves it.
LoadedPipeline load_pipeline(const std::string& arg, const std::vector<std::string>& plugin_paths,
                             const std::vector<std::string>& overrides);

//! Runs body, turning ConfigError/PluginError/ComponentError into a message on
//! stderr and the matching exit code.
int guarded(const std::function<int()>& body);

}  // namespace docpipe::cli
