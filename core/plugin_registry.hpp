// Finds plugin libraries, checks their ABI before running any of their code,
// and keeps every library loaded for as long as anything made from it lives.
#pragma once

#include <docpipe/plugin.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace boost::dll {
class shared_library;
}

namespace docpipe {

//! A loaded plugin library; plugin descriptors and instances share ownership of it.
struct LoadedLibrary {
  std::filesystem::path file;
  std::string origin;  //!< where its directory came from ("--plugin-path", "built-in", ...)
  std::unique_ptr<boost::dll::shared_library> library;
  const dp_plugin_list* list = nullptr;
  uint16_t abi_major = 0;
  uint16_t abi_minor = 0;
  std::string sdk_version;
  ~LoadedLibrary();
};

//! One plugin a library provides.
struct PluginInfo {
  const dp_plugin* descriptor = nullptr;
  std::shared_ptr<LoadedLibrary> library;  //!< keeps descriptor valid
  //! Later libraries on the search path that provide the same id, unused.
  std::vector<PluginInfo> shadowed;
  std::string id() const { return descriptor->id; }
};

//! A library, or one plugin of it, that was refused, with why.
struct RejectedLibrary {
  std::filesystem::path file;
  std::string reason;
  std::string id;  //!< the plugin id, when the refusal concerns one descriptor
};

//! A directory searched, and where it came from ("--plugin-path", "DOCPIPE_PLUGIN_PATH", ...).
struct SearchDir {
  std::filesystem::path dir;
  std::string origin;
};

//! The plugins available to a run, by id.
class PluginRegistry {
 public:
  //! Loads every *.so in the directories, in order; the first library to provide an id wins.
  void load(const std::vector<SearchDir>& dirs);
  //! Loads one library file; false (and a RejectedLibrary entry) when refused.
  bool load_file(const std::filesystem::path& file, const std::string& origin = {});

  //! The plugin with that id, or nullptr.
  const PluginInfo* find(std::string_view id) const;
  //! Every plugin, sorted by id.
  std::vector<const PluginInfo*> plugins() const;
  //! Every library refused, in the order met.
  const std::vector<RejectedLibrary>& rejected() const { return rejected_; }
  //! The refusals that concern id: its descriptor's, or those of a library named
  //! like the id's own (docpipe-<category>-<name>.so) whatever was wrong with it.
  std::vector<const RejectedLibrary*> refusals_of(std::string_view id) const;
  //! The directories searched, in order, with whether each existed.
  const std::vector<std::pair<SearchDir, bool>>& searched() const { return searched_; }

 private:
  std::map<std::string, PluginInfo, std::less<>> plugins_;
  std::vector<RejectedLibrary> rejected_;
  std::vector<std::pair<SearchDir, bool>> searched_;
  std::vector<std::filesystem::path> loaded_files_;
};

//! The directory of the running executable's own plugins: <exe>/../lib/docpipe/plugins.
std::filesystem::path default_plugin_dir();

//! The standard search order: --plugin-path dirs, DOCPIPE_PLUGIN_PATH, config dirs, the default.
std::vector<SearchDir> plugin_search_dirs(const std::vector<std::string>& cli_paths,
                                          const std::vector<std::string>& config_paths);

//! A warning for a plugin that more than one library provides, naming the one
//! used and the ones shadowed; empty when only one library provides it.
std::string shadowing_warning(const PluginInfo& plugin);

//! "source", "transform", "segment" or "sink".
std::string_view kind_name(dp_kind kind) noexcept;

}  // namespace docpipe
