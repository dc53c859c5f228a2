#include "plugin_registry.hpp"

#include <dlfcn.h>
#include <boost/dll/shared_library.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <span>
#include <system_error>

#include "host_api.hpp"
#include "params.hpp"

#ifndef DOCPIPE_INSTALL_PLUGIN_DIR
#define DOCPIPE_INSTALL_PLUGIN_DIR ""
#endif

namespace fs = std::filesystem;

namespace docpipe {

LoadedLibrary::~LoadedLibrary() = default;

namespace {

std::string version_text(uint16_t major, uint16_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

bool valid_id(const char* id) {
  if (id == nullptr) return false;
  std::string_view s(id);
  size_t dot = s.find('.');
  if (dot == 0 || dot == std::string_view::npos || dot + 1 == s.size()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

// The sizes ABI 1.0 defined. Later minors append members, so a 1.0 plugin's
// structs are smaller than this host's and must still be accepted.
constexpr size_t kPluginSizeV1_0 = offsetof(dp_plugin, finish) + sizeof(dp_plugin::finish);
constexpr size_t kListSizeV1_0 =
    offsetof(dp_plugin_list, plugins) + sizeof(dp_plugin_list::plugins);

// Checks one descriptor; empty string when it is usable.
std::string check_descriptor(const dp_plugin& p) {
  if (p.struct_size < kPluginSizeV1_0)
    return "descriptor is smaller than ABI 1.0's (" + std::to_string(p.struct_size) + " bytes)";
  if (p.abi_major != DOCPIPE_ABI_MAJOR || p.abi_minor > DOCPIPE_ABI_MINOR)
    return "descriptor built for plugin ABI " + version_text(p.abi_major, p.abi_minor) +
           ", this docpipe speaks " + version_text(DOCPIPE_ABI_MAJOR, DOCPIPE_ABI_MINOR);
  if (!valid_id(p.id))
    return "plugin id '" + std::string(p.id ? p.id : "(null)") +
           "' is not of the form category.name ([a-z0-9_-])";
  if (p.create == nullptr || p.destroy == nullptr) return std::string(p.id) + ": no create/destroy";
  switch (p.kind) {
    case DP_KIND_SOURCE:
      if (p.next == nullptr) return std::string(p.id) + ": a source without next()";
      break;
    case DP_KIND_TRANSFORM:
    case DP_KIND_SEGMENT:
      if (p.process == nullptr) return std::string(p.id) + ": a transform without process()";
      break;
    case DP_KIND_SINK:
      if (p.write == nullptr) return std::string(p.id) + ": a sink without write()";
      break;
    default:
      return std::string(p.id) + ": unknown kind " + std::to_string(static_cast<int>(p.kind));
  }
  if (p.param_count > 0 && p.params == nullptr) return std::string(p.id) + ": params missing";
  std::string why;
  if (!check_param_table(std::span<const dp_param_spec>(p.params, p.param_count), why))
    return std::string(p.id) + ": " + why;
  return {};
}

void split_path_list(std::string_view list, const std::string& origin,
                     std::vector<SearchDir>& out) {
  while (!list.empty()) {
    size_t colon = list.find(':');
    std::string_view item = list.substr(0, colon);
    if (!item.empty()) out.push_back({fs::path(std::string(item)), origin});
    if (colon == std::string_view::npos) break;
    list.remove_prefix(colon + 1);
  }
}

}  // namespace

std::string_view kind_name(dp_kind kind) noexcept {
  switch (kind) {
    case DP_KIND_SOURCE:
      return "source";
    case DP_KIND_TRANSFORM:
      return "transform";
    case DP_KIND_SEGMENT:
      return "segment";
    case DP_KIND_SINK:
      return "sink";
  }
  return "unknown";
}

bool PluginRegistry::load_file(const fs::path& file, const std::string& origin) {
  auto reject = [&](std::string reason) {
    rejected_.push_back({file, std::move(reason), {}});
    return false;
  };
  std::error_code ec;
  fs::path canonical = fs::canonical(file, ec);
  if (ec) return reject("cannot resolve path: " + ec.message());
  if (std::find(loaded_files_.begin(), loaded_files_.end(), canonical) != loaded_files_.end())
    return true;  // the same file reached through two search directories
  loaded_files_.push_back(canonical);

  auto lib = std::make_shared<LoadedLibrary>();
  lib->file = file;
  lib->origin = origin;
  try {
    // rtld_now: a missing symbol fails here, with a message, not at first call.
    // RTLD_NODELETE: the code stays mapped after the last instance is gone, so
    // memory the plugin's own dependencies keep in globals (myhtml, ICU) stays
    // reachable for LeakSanitizer and late reports can still name symbols.
    auto mode = boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local |
                static_cast<boost::dll::load_mode::type>(RTLD_NODELETE);
    lib->library = std::make_unique<boost::dll::shared_library>(canonical, mode);
  } catch (const std::exception& e) {
    return reject(std::string("cannot load: ") + e.what());
  }
  auto& so = *lib->library;
  const char* tag_name = DOCPIPE_STR(DOCPIPE_ABI_TAG_NAME);
  if (!so.has(tag_name)) return reject("not a docpipe plugin (no docpipe_plugin_abi symbol)");
  // Read as data before any plugin function runs, as GStreamer reads its descriptor.
  const auto& tag = so.get<const dp_abi_tag>(tag_name);
  if (tag.magic != DOCPIPE_ABI_MAGIC) return reject("not a docpipe plugin (bad ABI tag magic)");
  lib->abi_major = tag.abi_major;
  lib->abi_minor = tag.abi_minor;
  lib->sdk_version = tag.sdk_version ? tag.sdk_version : "";
  std::string versions = "plugin ABI " + version_text(tag.abi_major, tag.abi_minor) +
                         ", docpipe's ABI " + version_text(DOCPIPE_ABI_MAJOR, DOCPIPE_ABI_MINOR);
  if (tag.abi_major != DOCPIPE_ABI_MAJOR)
    return reject("incompatible ABI major version (" + versions +
                  "): rebuild the plugin against this docpipe's SDK");
  if (tag.abi_minor > DOCPIPE_ABI_MINOR)
    return reject("plugin needs a newer docpipe (" + versions + "): upgrade docpipe");
  const char* entry_name = DOCPIPE_STR(DOCPIPE_ENTRY_NAME);
  if (!so.has(entry_name)) return reject(std::string("ABI tag present but no ") + entry_name);
  auto entry = so.get<const dp_plugin_list*(const dp_host_api*)>(entry_name);
  const dp_plugin_list* list = entry(host_api());
  if (list == nullptr) return reject(std::string(entry_name) + " returned no plugin table");
  if (list->struct_size < kListSizeV1_0 || (list->count > 0 && list->plugins == nullptr))
    return reject("malformed plugin table");
  lib->list = list;

  std::vector<RejectedLibrary> problems;
  size_t added = 0;
  // The table is an array of the library's dp_plugin, whose size (struct_size)
  // is smaller than ours when it was built against an older minor.
  size_t stride = list->count > 0 ? list->plugins[0].struct_size : 0;
  if (list->count > 0 && stride < kPluginSizeV1_0)
    return reject("descriptor is smaller than ABI 1.0's (" + std::to_string(stride) + " bytes)");
  for (size_t i = 0; i < list->count; ++i) {
    const dp_plugin& p = *reinterpret_cast<const dp_plugin*>(
        reinterpret_cast<const char*>(list->plugins) + i * stride);
    std::string why = check_descriptor(p);
    if (!why.empty()) {
      problems.push_back({file, std::move(why), p.id != nullptr ? p.id : ""});
      continue;
    }
    // The first library on the search path wins; later ones are kept on record
    // so that run, validate and plugins can say which one was used.
    if (auto it = plugins_.find(std::string_view(p.id)); it != plugins_.end()) {
      it->second.shadowed.push_back(PluginInfo{&p, lib, {}});
      continue;
    }
    plugins_.emplace(p.id, PluginInfo{&p, lib, {}});
    ++added;
  }
  for (auto& problem : problems) rejected_.push_back(std::move(problem));
  return added > 0 || problems.empty();
}

void PluginRegistry::load(const std::vector<SearchDir>& dirs) {
  for (const auto& d : dirs) {
    std::error_code ec;
    bool exists = fs::is_directory(d.dir, ec);
    searched_.push_back({d, exists});
    if (!exists) continue;
    std::vector<fs::path> files;
    for (fs::directory_iterator it(d.dir, ec), end; !ec && it != end; it.increment(ec)) {
      const auto& path = it->path();
      if (path.extension() == ".so" && it->is_regular_file(ec)) files.push_back(path);
    }
    if (ec) rejected_.push_back({d.dir, "cannot read plugin directory: " + ec.message(), {}});
    std::sort(files.begin(), files.end());
    for (const auto& f : files) load_file(f, d.origin);
  }
}

const PluginInfo* PluginRegistry::find(std::string_view id) const {
  auto it = plugins_.find(id);
  return it == plugins_.end() ? nullptr : &it->second;
}

std::vector<const RejectedLibrary*> PluginRegistry::refusals_of(std::string_view id) const {
  // fetch.files is built as docpipe-fetch-files.so.
  std::string file_name = "docpipe-" + std::string(id) + ".so";
  if (size_t dot = file_name.find('.'); dot != std::string::npos) file_name[dot] = '-';
  std::vector<const RejectedLibrary*> out;
  for (const auto& r : rejected_)
    if (r.id == id || r.file.filename() == file_name) out.push_back(&r);
  return out;
}

std::string shadowing_warning(const PluginInfo& plugin) {
  if (plugin.shadowed.empty()) return {};
  auto where = [](const LoadedLibrary& lib) {
    std::string s = lib.file.string();
    if (!lib.origin.empty()) s += " (" + lib.origin + ")";
    return s;
  };
  std::string out = "plugin " + plugin.id() + " is provided by " +
                    std::to_string(plugin.shadowed.size() + 1) + " libraries: using " +
                    where(*plugin.library) + ", the first on the search path; shadowed: ";
  for (size_t i = 0; i < plugin.shadowed.size(); ++i)
    out += (i > 0 ? ", " : "") + where(*plugin.shadowed[i].library);
  return out;
}

std::vector<const PluginInfo*> PluginRegistry::plugins() const {
  std::vector<const PluginInfo*> out;
  for (const auto& [id, info] : plugins_) out.push_back(&info);
  return out;
}

fs::path default_plugin_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return fs::path(DOCPIPE_INSTALL_PLUGIN_DIR);
  return exe.parent_path().parent_path() / "lib" / "docpipe" / "plugins";
}

std::vector<SearchDir> plugin_search_dirs(const std::vector<std::string>& cli_paths,
                                          const std::vector<std::string>& config_paths) {
  std::vector<SearchDir> dirs;
  for (const auto& p : cli_paths) split_path_list(p, "--plugin-path", dirs);
  if (const char* env = std::getenv("DOCPIPE_PLUGIN_PATH"))
    split_path_list(env, "DOCPIPE_PLUGIN_PATH", dirs);
  for (const auto& p : config_paths) split_path_list(p, "pipeline <plugins>", dirs);
  dirs.push_back({default_plugin_dir(), "built-in"});
  std::string installed = DOCPIPE_INSTALL_PLUGIN_DIR;
  if (!installed.empty() && fs::path(installed) != dirs.back().dir)
    dirs.push_back({fs::path(installed), "install prefix"});
  return dirs;
}

}  // namespace docpipe
