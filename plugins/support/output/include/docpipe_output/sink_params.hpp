// The parameters every file sink takes, declared once. Header-only over the
// SDK, for plugins; the rest of docpipe_output does not depend on the SDK.
//
//   static constexpr auto param_table = docpipe::output::with_file_params(
//       "Output file template ({id} for one file per document)",
//       {docpipe::Param("unit", DP_PARAM_ENUM, "...").choices("document|sentence")});
//   static constexpr const auto& params = param_table.items;
//   ...
//   docpipe::output::RollingOutput out(docpipe::output::options_from(ctx));
#pragma once

#include <docpipe/plugin.hpp>

#include <cstddef>
#include <string>

#include <docpipe_output/options.hpp>

namespace docpipe::output {

//! How many rows file_params() adds.
inline constexpr size_t file_param_count = 7;

//! A plugin's parameter table: the shared file rows, then the plugin's own.
template <size_t N>
struct ParamTable {
  dp_param_spec items[N];  //!< what the plugin's `params` member refers to
};

//! The shared rows; path_description says what this sink's path names.
constexpr ParamTable<file_param_count> file_params(const char* path_description) {
  return {{
      Param("path", DP_PARAM_PATH, path_description).required(),
      Param("overwrite", DP_PARAM_BOOL, "Replace existing output files (otherwise refuse to start)").def("false"),
      Param("fsync", DP_PARAM_BOOL, "fsync each file and its directory before it gets its final name").def("false"),
      Param("max_docs", DP_PARAM_INT, "Roll to the next part after this many records; 0 never")
          .def("0").range("0", nullptr),
      Param("max_bytes", DP_PARAM_SIZE, "Roll to the next part once a part holds this many bytes before compression; 0 never")
          .def("0"),
      Param("compression", DP_PARAM_ENUM, "auto picks by suffix: .gz gzip, .zst zstd, else none")
          .choices("auto|none|gzip|zstd").def("auto"),
      Param("level", DP_PARAM_INT, "Compression level (gzip 0..9, default 6; zstd -131072..22, default 1); -1 the default")
          .range("-131072", "22"),
  }};
}

//! The shared rows followed by the plugin's own (N of them).
template <size_t N>
constexpr ParamTable<file_param_count + N> with_file_params(const char* path_description,
                                                            const dp_param_spec (&own)[N]) {
  ParamTable<file_param_count + N> table{};
  ParamTable<file_param_count> shared = file_params(path_description);
  for (size_t i = 0; i < file_param_count; ++i) table.items[i] = shared.items[i];
  for (size_t i = 0; i < N; ++i) table.items[file_param_count + i] = own[i];
  return table;
}

//! OutputOptions from the shared params and the instance's shard, pipeline,
//! the run's standard output and, in a resumable run, its temporary directory
//! and deferred renames.
inline OutputOptions options_from(const Context& ctx) {
  const Params& p = ctx.params();
  OutputOptions o;
  o.path_template = std::string(p.string("path"));
  o.overwrite = p.boolean("overwrite");
  o.fsync = p.boolean("fsync");
  o.max_docs = static_cast<uint64_t>(p.integer("max_docs"));
  o.max_bytes = p.size("max_bytes");
  o.compression = std::string(p.string("compression"));
  o.level = p.is_set("level") ? static_cast<int>(p.integer("level")) : -1;
  o.shard_index = ctx.shard_index();
  o.shard_count = ctx.shard_count() == 0 ? 1 : ctx.shard_count();
  o.pipeline = std::string(ctx.pipeline());
  o.stdout_fd = ctx.stdout_fd();
  if (ctx.resumable()) {
    o.temp_dir = std::string(ctx.temp_dir());
    o.attempt = ctx.attempt();
    const Context* c = &ctx;  // the instance's Context outlives the sink's outputs
    o.defer_rename = [c](const std::string& temp, const std::string& final_path) { c->defer_rename(temp, final_path); };
  }
  return o;
}

}  // namespace docpipe::output
