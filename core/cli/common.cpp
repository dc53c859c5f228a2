#include "common.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "../errors.hpp"
#include "../logging.hpp"

namespace docpipe::cli {
namespace {

// A library earlier on the search path that replaces a plugin the user meant
// (say, a stray clean.html) must not go unnoticed: one warning per id used.
void warn_shadowed(const Pipeline& p) {
  std::vector<const PluginInfo*> used{p.source.plugin};
  for (const auto& e : p.stages) used.push_back(e.plugin);
  for (const auto& e : p.sinks) used.push_back(e.plugin);
  used.push_back(p.errors.plugin);
  for (size_t i = 0; i < used.size(); ++i) {
    if (used[i] == nullptr ||
        std::find(used.begin(), used.begin() + i, used[i]) != used.begin() + i)
      continue;
    if (std::string w = shadowing_warning(*used[i]); !w.empty()) make_logger("docpipe")->warn(w);
  }
}

}  // namespace

void CommonOptions::add_to(po::options_description& desc) {
  desc.add_options()("plugin-path", po::value(&plugin_paths)->composing(),
                     "extra plugin directory, searched first (repeatable; or DIR:DIR)")(
      "log-level", po::value(&log_level)->default_value("info"),
      "trace, debug, info, warn, error or off")(
      "log-format", po::value(&log_format)->default_value("text"),
      "text or json (one object a line)")("help,h", po::bool_switch(&help), "show this help");
}

void CommonOptions::apply() const {
  spdlog::level::level_enum level;
  if (!parse_log_level(log_level, level))
    throw ConfigError("--log-level " + log_level +
                      ": expected trace, debug, info, warn, error or off");
  if (log_format != "text" && log_format != "json")
    throw ConfigError("--log-format " + log_format + ": expected text or json");
  configure_logging(level, log_format == "json" ? LogFormat::json : LogFormat::text);
}

po::variables_map parse(const std::vector<std::string>& args, const po::options_description& desc,
                        const po::positional_options_description& positional,
                        const std::string& command) {
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw ConfigError(std::string(e.what()) + " (see: docpipe " + command + " --help)");
  }
  return vm;
}

LoadedPipeline load_pipeline(const std::string& arg, const std::vector<std::string>& plugin_paths,
                             const std::vector<std::string>& overrides) {
  LoadedPipeline lp;
  lp.spec = looks_like_pipeline_file(arg) ? parse_pipeline_file(arg) : parse_pipeline_inline(arg);
  lp.registry = std::make_unique<PluginRegistry>();
  lp.registry->load(plugin_search_dirs(plugin_paths, lp.spec.plugin_paths));
  lp.pipeline = resolve_pipeline(lp.spec, *lp.registry, overrides);
  warn_shadowed(lp.pipeline);
  return lp;
}

int guarded(const std::function<int()>& body) {
  try {
    return body();
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "docpipe: %s\n", e.what());
    return kExitUsage;
  } catch (const PluginError& e) {
    std::fprintf(stderr, "docpipe: %s\n", e.what());
    return kExitPluginLoad;
  } catch (const ComponentError& e) {
    std::fprintf(stderr, "docpipe: %s\n", e.what());
    return kExitComponentError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "docpipe: internal error: %s\n", e.what());
    return kExitComponentError;
  }
}

}  // namespace docpipe::cli
