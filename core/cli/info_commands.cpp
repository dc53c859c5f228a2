// docpipe plugins and docpipe describe: what is installed, and each plugin's
// parameters rendered from its own table.
#include <boost/json.hpp>
#include <cstdio>
#include <iostream>
#include <span>

#include "../errors.hpp"
#include "../params.hpp"
#include "../strings.hpp"
#include "commands.hpp"
#include "common.hpp"

namespace docpipe::cli {
namespace {

// A list for humans; "-" when empty.
std::string listing(const std::vector<std::string>& items) {
  return items.empty() ? std::string("-") : join(items);
}

const char* or_empty(const char* s) { return s ? s : ""; }

boost::json::object plugin_json(const PluginInfo& p, bool with_params) {
  const dp_plugin& d = *p.descriptor;
  boost::json::object o{
      {"id", d.id},
      {"kind", kind_name(d.kind)},
      {"version", or_empty(d.version)},
      {"license", or_empty(d.license)},
      {"description", or_empty(d.description)},
      {"file", p.library->file.string()},
      {"abi", std::to_string(p.library->abi_major) + "." + std::to_string(p.library->abi_minor)},
      {"sdk_version", p.library->sdk_version},
      {"thread_safe", (d.flags & DP_FLAG_THREAD_SAFE) != 0}};
  boost::json::array shadowed;
  for (const auto& s : p.shadowed) shadowed.emplace_back(s.library->file.string());
  o["shadowed"] = std::move(shadowed);
  boost::json::array needs, provides;
  for (auto& c : string_list(d.needs)) needs.emplace_back(c);
  for (auto& c : string_list(d.provides)) provides.emplace_back(c);
  o["needs"] = std::move(needs);
  o["provides"] = std::move(provides);
  if (with_params) {
    boost::json::array params;
    for (const auto& s : std::span<const dp_param_spec>(d.params, d.param_count)) {
      boost::json::object ps{{"name", s.name},
                             {"type", param_type_name(s.type)},
                             {"required", s.required != 0},
                             {"description", or_empty(s.description)}};
      if (s.default_value) ps["default"] = s.default_value;
      if (s.choices) ps["choices"] = s.choices;
      if (s.min) ps["min"] = s.min;
      if (s.max) ps["max"] = s.max;
      params.push_back(std::move(ps));
    }
    o["params"] = std::move(params);
  }
  return o;
}

std::unique_ptr<PluginRegistry> load_registry(const CommonOptions& common) {
  auto registry = std::make_unique<PluginRegistry>();
  registry->load(plugin_search_dirs(common.plugin_paths, {}));
  return registry;
}

}  // namespace

int plugins_command(const std::vector<std::string>& args) {
  return guarded([&] {
    CommonOptions common;
    bool json = false;
    po::options_description desc(
        "Usage: docpipe plugins [--json]\n\nLists the plugins found (id, kind, version, file) and "
        "every library that was refused, with why.\n\nOptions");
    desc.add_options()("json", po::bool_switch(&json), "print JSON");
    common.add_to(desc);
    parse(args, desc, {}, "plugins");
    if (common.help) {
      std::cout << desc << "\n";
      return static_cast<int>(kExitOk);
    }
    common.apply();
    auto registry = load_registry(common);
    if (json) {
      boost::json::array plugins, rejected, searched;
      for (const auto* p : registry->plugins()) plugins.push_back(plugin_json(*p, false));
      for (const auto& r : registry->rejected()) {
        boost::json::object ro{{"file", r.file.string()}, {"reason", r.reason}};
        if (!r.id.empty()) ro["id"] = r.id;
        rejected.push_back(std::move(ro));
      }
      for (const auto& [d, exists] : registry->searched())
        searched.push_back({{"dir", d.dir.string()}, {"origin", d.origin}, {"exists", exists}});
      boost::json::object o{{"plugins", plugins}, {"rejected", rejected}, {"searched", searched}};
      std::cout << boost::json::serialize(o) << "\n";
      return static_cast<int>(kExitOk);
    }
    std::printf("%-22s %-10s %-9s %s\n", "ID", "KIND", "VERSION", "FILE");
    for (const auto* p : registry->plugins()) {
      const dp_plugin& d = *p->descriptor;
      std::printf("%-22s %-10s %-9s %s\n", d.id, std::string(kind_name(d.kind)).c_str(),
                  or_empty(d.version), p->library->file.c_str());
    }
    bool any_shadowed = false;
    for (const auto* p : registry->plugins()) {
      for (const auto& s : p->shadowed) {
        if (!any_shadowed) std::printf("\nshadowed (a library earlier on the search path wins):\n");
        any_shadowed = true;
        std::printf("  %-20s %s (%s)\n", s.descriptor->id, s.library->file.c_str(),
                    s.library->origin.c_str());
      }
    }
    if (!registry->rejected().empty()) {
      std::printf("\nrejected:\n");
      for (const auto& r : registry->rejected())
        std::printf("  %s: %s\n", r.file.c_str(), r.reason.c_str());
    }
    return static_cast<int>(kExitOk);
  });
}

int describe_command(const std::vector<std::string>& args) {
  return guarded([&] {
    CommonOptions common;
    std::string id;
    bool json = false;
    po::options_description desc(
        "Usage: docpipe describe ID [--json]\n\nShows a plugin: what it does, what it needs and "
        "provides, and its parameters.\n\nOptions");
    desc.add_options()("id", po::value(&id), "plugin id")("json", po::bool_switch(&json),
                                                          "print JSON");
    common.add_to(desc);
    po::positional_options_description pos;
    pos.add("id", 1);
    parse(args, desc, pos, "describe");
    if (common.help) {
      std::cout << desc << "\n";
      return static_cast<int>(kExitOk);
    }
    common.apply();
    if (id.empty()) throw ConfigError("describe: no plugin id given (see: docpipe plugins)");
    auto registry = load_registry(common);
    const PluginInfo* p = registry->find(id);
    if (p == nullptr) {
      auto refusals = registry->refusals_of(id);
      if (!refusals.empty()) {
        std::string msg = "plugin '" + id + "' was refused:";
        for (const auto* r : refusals) msg += "\n  " + r->file.string() + ": " + r->reason;
        throw PluginError(msg);
      }
      std::vector<std::string> ids;
      for (const auto* q : registry->plugins()) ids.push_back(q->id());
      std::string msg = "unknown plugin '" + id + "'";
      if (auto near = closest_name(id, ids)) msg += " (did you mean '" + *near + "'?)";
      throw PluginError(msg + "; available: " + listing(ids));
    }
    if (json) {
      std::cout << boost::json::serialize(plugin_json(*p, true)) << "\n";
      return static_cast<int>(kExitOk);
    }
    const dp_plugin& d = *p->descriptor;
    std::printf("%s %s (%s)\n  %s\n\n", d.id, or_empty(d.version),
                std::string(kind_name(d.kind)).c_str(), or_empty(d.description));
    std::printf("  file:      %s\n  license:   %s\n  built for: ABI %u.%u, SDK %s\n",
                p->library->file.c_str(), or_empty(d.license), p->library->abi_major,
                p->library->abi_minor, p->library->sdk_version.c_str());
    for (const auto& s : p->shadowed)
      std::printf("  shadows:   %s %s (%s)\n", s.library->file.c_str(),
                  or_empty(s.descriptor->version), s.library->origin.c_str());
    std::printf("  needs:     %s\n  provides:  %s\n  threading: %s\n\n",
                listing(string_list(d.needs)).c_str(), listing(string_list(d.provides)).c_str(),
                d.flags & DP_FLAG_THREAD_SAFE ? "one instance shared by all workers"
                                              : "one instance per worker");
    if (d.param_count == 0) {
      std::printf("  parameters: none\n");
      return static_cast<int>(kExitOk);
    }
    std::printf("  parameters:\n");
    for (const auto& s : std::span<const dp_param_spec>(d.params, d.param_count)) {
      std::string type(param_type_name(s.type));
      if (s.type == DP_PARAM_ENUM && s.choices) type += " (" + std::string(s.choices) + ")";
      std::string extra = s.required        ? "required"
                          : s.default_value ? "default " + std::string(s.default_value)
                                            : "optional";
      if (s.min || s.max)
        extra +=
            ", range " + std::string(s.min ? s.min : "") + ".." + std::string(s.max ? s.max : "");
      std::printf("    %-18s %-10s %s\n        %s\n", s.name, type.c_str(), extra.c_str(),
                  or_empty(s.description));
    }
    return static_cast<int>(kExitOk);
  });
}

}  // namespace docpipe::cli
