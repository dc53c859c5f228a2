// Output path templates: the one way every sink names its files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace docpipe::output {

//! The values a path template's placeholders expand to.
struct TemplateVars {
  uint32_t shard = 0;        //!< {shard}: this run's shard index
  uint32_t shard_count = 1;  //!< {shard_count}
  uint64_t part = 0;         //!< {part}: rolling index of the file, from 0
  std::string date;          //!< {date}: the run's start date, YYYY-MM-DD (UTC)
  std::string pipeline;      //!< {pipeline}: the pipeline's name
  std::string id;            //!< {id}: a document id, made filesystem-safe on expansion
};

//! Expands {shard} {shard_count} {part} {date} {pipeline} {id} (id made filesystem-safe); {shard:05} style zero-padding supported.
//! "{{" and "}}" are literal braces. Throws std::invalid_argument naming an
//! unknown or malformed placeholder.
std::string expand_template(std::string_view path_template, const TemplateVars& vars);

//! True when the template uses the placeholder (e.g. "part" for {part} or {part:05}).
bool template_has(std::string_view path_template, std::string_view name);

//! Inserts piece (e.g. "-{part:05}") before the file name's extension, which
//! skips a compression suffix: "out/docs.jsonl.zst" -> "out/docs-{part:05}.jsonl.zst".
std::string insert_before_extension(std::string_view path_template, std::string_view piece);

//! A document id as a safe relative path component: no "..", no leading "/", no control chars, bounded length (hash suffix when cut).
//! '/' in the id stays a directory separator; every path component is
//! cleaned ("." and ".." and leading dots become '_', as do control
//! characters, invalid UTF-8 and the characters <>:"\|?*), so the result is
//! never absolute, never climbs out, and never hides as a dot file. Ids longer
//! than max_length bytes are cut on a UTF-8 boundary and end in '~' and 16
//! hex digits of a hash of the whole id, so distinct long ids stay distinct.
std::string safe_file_name(std::string_view id, size_t max_length = 200);

//! The date this process started, YYYY-MM-DD in UTC: the same in every
//! plugin of a run, even one that crosses midnight.
const std::string& run_start_date();

}  // namespace docpipe::output
