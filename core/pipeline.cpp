#include "pipeline.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <span>

#include "errors.hpp"
#include "strings.hpp"

namespace docpipe {
namespace {

[[noreturn]] void unknown_plugin(const ElementSpec& e, const PluginRegistry& registry) {
  std::vector<std::string> ids;
  for (const auto* p : registry.plugins()) ids.push_back(p->id());
  std::string msg = e.where.str() + ": unknown plugin '" + e.use + "'";
  if (auto near = closest_name(e.use, ids)) msg += " (did you mean '" + *near + "'?)";
  msg += "\n  available: " + (ids.empty() ? std::string("none") : join(ids));
  msg += "\n  searched:";
  for (const auto& [dir, exists] : registry.searched())
    msg += "\n    " + dir.dir.string() + " (" + dir.origin + (exists ? ")" : ", missing)");
  for (const auto& r : registry.rejected())
    msg += "\n  rejected " + r.file.string() + ": " + r.reason;
  throw PluginError(msg);
}

bool kind_fits(ElementRole role, dp_kind kind) {
  switch (role) {
    case ElementRole::source:
      return kind == DP_KIND_SOURCE;
    case ElementRole::stage:
      return kind == DP_KIND_TRANSFORM || kind == DP_KIND_SEGMENT;
    case ElementRole::sink:
    case ElementRole::errors:
      return kind == DP_KIND_SINK;
    case ElementRole::by_kind:
      return true;
  }
  return false;
}

const char* role_name(ElementRole role) {
  switch (role) {
    case ElementRole::source:
      return "<source>";
    case ElementRole::stage:
      return "<stage>";
    case ElementRole::sink:
      return "<sink>";
    case ElementRole::errors:
      return "<errors>";
    case ElementRole::by_kind:
      return "element";
  }
  return "element";
}

struct Override {
  std::string target;
  RawParam param;
};

Override parse_override(const std::string& text) {
  size_t eq = text.find('=');
  std::string key = text.substr(0, eq);
  size_t dot = key.rfind('.');
  if (eq == std::string::npos || dot == std::string::npos || dot == 0 || dot + 1 == key.size())
    throw ConfigError("--set " + text +
                      ": expected instance.param=value (e.g. clean.html.max_bytes=8MiB)");
  return {key.substr(0, dot), RawParam{key.substr(dot + 1), text.substr(eq + 1), "--set " + text}};
}

}  // namespace

Pipeline resolve_pipeline(const PipelineSpec& spec, const PluginRegistry& registry,
                          const std::vector<std::string>& overrides) {
  struct Item {
    ElementSpec spec;
    const PluginInfo* plugin;
    ElementRole role;
    std::string name;
  };
  std::vector<Item> items;
  std::map<std::string, int> uses;
  for (const auto& e : spec.elements) {
    const PluginInfo* plugin = registry.find(e.use);
    if (plugin == nullptr) unknown_plugin(e, registry);
    dp_kind kind = plugin->descriptor->kind;
    if (!kind_fits(e.role, kind))
      throw ConfigError(e.where.str() + ": " + e.use + " is a " + std::string(kind_name(kind)) +
                        " plugin and cannot be a " + role_name(e.role));
    ElementRole role = e.role;
    if (role == ElementRole::by_kind) {
      role = kind == DP_KIND_SOURCE ? ElementRole::source
             : kind == DP_KIND_SINK ? ElementRole::sink
                                    : ElementRole::stage;
    }
    std::string name = e.id.empty() ? e.use + "#" + std::to_string(uses[e.use]) : e.id;
    ++uses[e.use];
    items.push_back({e, plugin, role, std::move(name)});
  }

  // Shape: one source; in the one-line form the order itself must be source, stages, sinks.
  auto count = [&](ElementRole r) {
    return std::count_if(items.begin(), items.end(), [&](const Item& i) { return i.role == r; });
  };
  if (count(ElementRole::source) != 1) {
    std::string where = items.empty() ? spec.file : items.front().spec.where.str();
    throw ConfigError(where + ": a pipeline needs exactly one source, found " +
                      std::to_string(count(ElementRole::source)));
  }
  if (count(ElementRole::sink) == 0)
    throw ConfigError(spec.file + ": a pipeline needs at least one sink (e.g. export.jsonl)");
  if (count(ElementRole::errors) > 1) throw ConfigError(spec.file + ": at most one <errors> sink");
  bool inline_form =
      std::all_of(spec.elements.begin(), spec.elements.end(), [](const ElementSpec& e) {
        return e.role == ElementRole::by_kind || e.role == ElementRole::errors;
      });
  if (inline_form) {
    if (items.front().role != ElementRole::source)
      throw ConfigError(items.front().spec.where.str() + ": a pipeline starts with a source; " +
                        items.front().spec.use + " is a " +
                        std::string(kind_name(items.front().plugin->descriptor->kind)));
    bool in_sinks = false;
    for (const auto& i : items) {
      if (i.role == ElementRole::errors) continue;
      if (i.role == ElementRole::sink)
        in_sinks = true;
      else if (in_sinks)
        throw ConfigError(i.spec.where.str() + ": " + i.spec.use +
                          " comes after a sink; sinks end the pipeline");
    }
  }
  std::set<std::string> names;
  for (const auto& i : items)
    if (!names.insert(i.name).second)
      throw ConfigError(i.spec.where.str() + ": instance id '" + i.name + "' is used twice");

  // --set overrides replace what the pipeline wrote for that parameter.
  for (const auto& text : overrides) {
    Override o = parse_override(text);
    std::vector<Item*> targets;
    for (auto& i : items)
      if (i.name == o.target) targets.push_back(&i);
    if (targets.empty())
      for (auto& i : items)
        if (i.spec.use == o.target) targets.push_back(&i);
    if (targets.size() != 1) {
      std::string all;
      for (const auto& i : items) all += (all.empty() ? "" : ", ") + i.name;
      throw ConfigError("--set " + text + ": " +
                        (targets.empty() ? "no element named '" + o.target + "'"
                                         : "'" + o.target + "' is ambiguous") +
                        "; elements: " + all);
    }
    auto& params = targets.front()->spec.params;
    params.erase(std::remove_if(params.begin(), params.end(),
                                [&](const RawParam& p) { return p.name == o.param.name; }),
                 params.end());
    params.push_back(o.param);
  }

  Pipeline p;
  p.name = spec.name;
  p.ordered = spec.ordered;
  p.threads = spec.threads;
  p.queue_docs = spec.queue_docs;
  p.queue_bytes = spec.queue_bytes;
  p.isolated = spec.isolated;
  auto resolve = [](const Item& i) {
    const dp_plugin* d = i.plugin->descriptor;
    ResolvedElement r;
    r.plugin = i.plugin;
    r.name = i.name;
    r.where = i.spec.where;
    r.isolated = i.spec.isolated;
    r.timeout_ms = i.spec.timeout_ms;
    r.role = i.role == ElementRole::errors ? DP_ROLE_ERRORS : DP_ROLE_MAIN;
    r.config = std::make_shared<dp_config>(build_config(
        i.name, std::span<const dp_param_spec>(d->params, d->param_count), i.spec.params));
    return r;
  };
  for (const auto& i : items) {
    switch (i.role) {
      case ElementRole::source:
        p.source = resolve(i);
        break;
      case ElementRole::stage:
        p.stages.push_back(resolve(i));
        break;
      case ElementRole::sink:
        p.sinks.push_back(resolve(i));
        break;
      case ElementRole::errors:
        p.errors = resolve(i);
        break;
      case ElementRole::by_kind:
        break;
    }
  }

  // Capabilities: every need must be provided by the source or an earlier stage.
  std::map<std::string, std::string> provided;  // capability -> who provides it
  auto add_provides = [&](const ResolvedElement& e) {
    for (const auto& c : string_list(e.plugin->descriptor->provides)) provided.emplace(c, e.name);
  };
  auto check_needs = [&](const ResolvedElement& e) {
    for (const auto& need : string_list(e.plugin->descriptor->needs)) {
      if (provided.count(need)) continue;
      std::vector<std::string> have;
      for (const auto& [c, who] : provided) have.push_back(c);
      throw ConfigError(e.where.str() + ": " + e.name + " needs '" + need +
                        "', which no earlier element provides (provided so far: " +
                        (have.empty() ? "nothing" : join(have)) + ")");
    }
  };
  add_provides(p.source);
  for (const auto& s : p.stages) {
    check_needs(s);
    add_provides(s);
  }
  for (const auto& s : p.sinks) check_needs(s);

  if (p.errors.plugin == nullptr) {
    // Failed documents are never only counted: by default they go to
    // errors.jsonl beside the first sink's output. That file is the record of
    // this run, so it replaces the previous run's (a store sink reruns often).
    const PluginInfo* jsonl = registry.find("export.jsonl");
    if (jsonl == nullptr)
      throw ConfigError(
          spec.file +
          ": no <errors> sink declared and the default, export.jsonl, is not available");
    std::string dir;
    std::vector<RawParam> raw;
    const dp_config& first = *p.sinks.front().config;
    if (const ParamValue* path = first.find("path");
        path && path->type == DP_PARAM_PATH && path->text != "-") {
      dir = std::filesystem::path(path->text).parent_path().string();
    }
    raw.push_back(
        {"path", dir.empty() ? "errors.jsonl" : dir + "/errors.jsonl", "default errors sink"});
    raw.push_back({"overwrite", "true", "default errors sink"});
    const dp_plugin* d = jsonl->descriptor;
    p.errors.plugin = jsonl;
    p.errors.name = "errors";
    p.errors.role = DP_ROLE_ERRORS;
    p.errors.where = SourceLocation{spec.file, 0, 0};
    p.errors.config = std::make_shared<dp_config>(
        build_config("errors", std::span<const dp_param_spec>(d->params, d->param_count), raw));
    p.errors_defaulted = true;
  }
  return p;
}

std::string describe_chain(const Pipeline& p) {
  std::string out = p.source.name;
  for (const auto& s : p.stages) out += " ! " + s.name;
  for (const auto& s : p.sinks) out += " ! " + s.name;
  out += " (errors: " + p.errors.name + ")";
  return out;
}

}  // namespace docpipe
